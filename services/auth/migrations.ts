/**
 * The auth schema, as ordered migrations recorded in `auth_migrations`. Applied in one transaction
 * under an advisory lock, so instances starting together migrate once. Append, never edit.
 */
import { num, type SqlShape } from "./sql.ts"

export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: ReadonlyArray<string>
}

export const MIGRATIONS: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: "initial",
    sql: [
      `CREATE TABLE users (
        id text PRIMARY KEY,
        auth_provider text NOT NULL,
        auth_subject text NOT NULL,
        public_key text UNIQUE,
        stripe_customer_id text UNIQUE,
        created_at_ms bigint NOT NULL,
        UNIQUE (auth_provider, auth_subject)
      )`,
      `CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users(id),
        csrf_token text NOT NULL,
        created_at_ms bigint NOT NULL,
        expires_at_ms bigint NOT NULL
      )`,
      `CREATE INDEX sessions_expires ON sessions (expires_at_ms)`,
      `CREATE TABLE auth_challenges (
        challenge_id text PRIMARY KEY,
        public_key text NOT NULL,
        challenge text NOT NULL,
        origin text NOT NULL,
        expires_at_ms bigint NOT NULL,
        used_at_ms bigint
      )`,
      `CREATE INDEX auth_challenges_expires ON auth_challenges (expires_at_ms)`,
      `CREATE TABLE evm_challenges (
        challenge_id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES users(id),
        evm_address text NOT NULL,
        chain_id bigint NOT NULL,
        message text NOT NULL,
        origin text NOT NULL,
        expires_at_ms bigint NOT NULL,
        used_at_ms bigint
      )`,
      `CREATE INDEX evm_challenges_expires ON evm_challenges (expires_at_ms)`,
      `CREATE TABLE evm_links (
        user_id text PRIMARY KEY REFERENCES users(id),
        evm_address text NOT NULL,
        chain_id bigint NOT NULL,
        status text NOT NULL,
        signature_type text NOT NULL,
        linked_at_ms bigint NOT NULL,
        last_verified_at_ms bigint NOT NULL,
        unlinked_at_ms bigint
      )`,
      `CREATE INDEX evm_links_address ON evm_links (evm_address, status)`,
      `CREATE TABLE stripe_events (
        event_id text PRIMARY KEY,
        event_type text NOT NULL,
        processed_at_ms bigint NOT NULL
      )`,
      `CREATE INDEX stripe_events_processed ON stripe_events (processed_at_ms)`,
      `CREATE TABLE stripe_subscriptions (
        subscription_id text PRIMARY KEY,
        customer_id text NOT NULL,
        status text NOT NULL,
        version_s bigint NOT NULL,
        version_rank integer NOT NULL,
        updated_at_ms bigint NOT NULL
      )`,
      `CREATE INDEX stripe_subscriptions_customer ON stripe_subscriptions (customer_id)`,
      `CREATE TABLE entitlements (
        subscription_id text NOT NULL,
        price_id text NOT NULL,
        customer_id text NOT NULL,
        tier text NOT NULL,
        status text NOT NULL,
        product_id text,
        starts_at_ms bigint NOT NULL,
        ends_at_ms bigint,
        updated_at_ms bigint NOT NULL,
        PRIMARY KEY (subscription_id, price_id)
      )`,
      `CREATE INDEX entitlements_customer ON entitlements (customer_id)`,
      `CREATE TABLE reconcile_state (
        name text PRIMARY KEY,
        cursor text,
        updated_at_ms bigint NOT NULL
      )`,
      `CREATE TABLE admin_nonces (
        admin_public_key text PRIMARY KEY,
        next_nonce bigint NOT NULL,
        updated_at_ms bigint NOT NULL
      )`,
      `CREATE TABLE freeroll_limits (
        public_key text PRIMARY KEY,
        desired_limit integer NOT NULL,
        synced_limit integer,
        updated_at_ms bigint NOT NULL
      )`,
      `CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at_ms bigint NOT NULL,
        action text NOT NULL,
        actor text,
        request_id text,
        details jsonb NOT NULL
      )`,
      `CREATE INDEX audit_events_action ON audit_events (action, at_ms)`
    ]
  }
]

const MIGRATION_LOCK = 7_310_011

/** apply every migration not yet recorded; returns the versions applied now */
export const migrate = (sql: SqlShape): Promise<ReadonlyArray<number>> =>
  sql.transaction(async (q) => {
    await q.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`)
    await q.query(`CREATE TABLE IF NOT EXISTS auth_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at_ms bigint NOT NULL)`)
    const done = new Set((await q.query(`SELECT version FROM auth_migrations`)).map((r) => num(r["version"])))
    const applied: number[] = []
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue
      for (const statement of m.sql) await q.query(statement)
      await q.query(`INSERT INTO auth_migrations (version, name, applied_at_ms) VALUES ($1, $2, $3)`, [m.version, m.name, Date.now()])
      applied.push(m.version)
    }
    return applied
  })

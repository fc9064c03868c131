/**
 * The explorer's one schema, as an ordered migration set applied by both backends (PGlite and
 * Postgres speak the same SQL). Everything lives in one Postgres schema (default `explorer`), so
 * several deployments or test runs can share a database. Migrations run in one transaction under
 * an advisory lock: two indexers starting together against one database apply each step once.
 * u64 values (heights, views, nonces, session ids) are numeric(20,0): Postgres' bigint is signed.
 * No foreign keys: a block's rows are written in one transaction, so they exist together or not
 * at all, and the checks would cost a lookup per row on the ingestion path.
 *
 *   blocks        one row per finalized height: view, digest, parent, roots, seed, tx count, indexed_at_ms
 *   transactions  one row per (height, position): id, signer, nonce, instruction tag, status, error,
 *                 the transaction's wire bytes and its output bytes (events root leaf bytes)
 *   account_txs   (public_key, height, position): the transactions an account signed or was named in
 *   session_txs   (session_id, height, position, player): the transactions that touched a game session
 */
import type { SqlDriver, SqlQuery } from "./sql.ts"

export const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/

const MIGRATIONS: ReadonlyArray<(s: string) => ReadonlyArray<string>> = [
  (s) => [
    `CREATE TABLE ${s}.blocks (
      height numeric(20,0) PRIMARY KEY,
      view numeric(20,0) NOT NULL,
      digest char(64) NOT NULL UNIQUE,
      parent char(64) NOT NULL,
      state_root char(64) NOT NULL,
      events_root char(64) NOT NULL,
      seed text NOT NULL,
      tx_count integer NOT NULL,
      indexed_at_ms numeric(20,0) NOT NULL
    )`,
    `CREATE TABLE ${s}.transactions (
      height numeric(20,0) NOT NULL,
      position integer NOT NULL,
      tx_id char(64) NOT NULL,
      signer char(64) NOT NULL,
      nonce numeric(20,0) NOT NULL,
      instruction text NOT NULL,
      status text NOT NULL,
      error_tag text,
      error_code integer,
      error_message text,
      tx_bytes bytea NOT NULL,
      output_bytes bytea NOT NULL,
      PRIMARY KEY (height, position)
    )`,
    `CREATE INDEX transactions_tx_id ON ${s}.transactions (tx_id)`,
    `CREATE TABLE ${s}.account_txs (
      public_key char(64) NOT NULL,
      height numeric(20,0) NOT NULL,
      position integer NOT NULL,
      signer boolean NOT NULL,
      PRIMARY KEY (public_key, height, position)
    )`,
    `CREATE TABLE ${s}.session_txs (
      session_id numeric(20,0) NOT NULL,
      height numeric(20,0) NOT NULL,
      position integer NOT NULL,
      player char(64) NOT NULL,
      PRIMARY KEY (session_id, height, position)
    )`,
    `CREATE INDEX session_txs_player ON ${s}.session_txs (player, session_id)`,
    `CREATE INDEX account_txs_height ON ${s}.account_txs (height)`,
    `CREATE INDEX session_txs_height ON ${s}.session_txs (height)`
  ]
]

export const MIGRATION_COUNT = MIGRATIONS.length

/** a stable advisory lock key per schema (FNV-1a of its name, in int4 range) */
export const lockKey = (schema: string, purpose: string): number => {
  let h = 0x811c9dc5
  for (const ch of `${purpose}:${schema}`) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193)
  return h | 0
}

/** create the schema and apply the migrations not applied yet; returns how many ran */
export const migrate = (db: SqlDriver, schema: string): Promise<number> =>
  db.transaction(async (tx: SqlQuery) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [lockKey(schema, "migrate")])
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await tx.query(`CREATE TABLE IF NOT EXISTS ${schema}.explorer_migrations (version integer PRIMARY KEY, applied_at_ms numeric(20,0) NOT NULL)`)
    const rows = await tx.query(`SELECT coalesce(max(version), 0)::int AS v FROM ${schema}.explorer_migrations`)
    const v = rows[0]?.["v"]
    const applied = typeof v === "number" ? v : 0
    let ran = 0
    for (const [i, step] of MIGRATIONS.entries()) {
      if (i + 1 <= applied) continue
      for (const statement of step(schema)) await tx.query(statement)
      await tx.query(`INSERT INTO ${schema}.explorer_migrations (version, applied_at_ms) VALUES ($1, $2)`, [i + 1, String(Date.now())])
      ran++
    }
    return ran
  })

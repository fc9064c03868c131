/**
 * `npm run auth -- <serve|migrate|reconcile|prune|check> [flags]` (--help lists them): the auth +
 * billing service (docs/auth.md). Configuration comes from the environment (AUTH_ALLOWED_ORIGINS,
 * STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_TIERS, CASINO_ADMIN_PRIVATE_KEY_FILE|URL|HEX,
 * CASINO_API_URL, DATABASE_URL or AUTH_DATA_DIR, …); flags override host, port and storage. It
 * refuses to start without origins, Stripe secrets, a price allowlist and the admin key.
 *   serve      the HTTP service with its scheduled jobs (SIGINT/SIGTERM: close and exit 0)
 *   migrate    apply the schema migrations and exit
 *   reconcile  one page of the scheduled Stripe reconciliation now
 *   prune      the retention jobs now (expired challenges and sessions, old processed events)
 *   check      validate the configuration and print it without secrets
 *   export-evm-links  the active EVM links as JSON lines (userId, publicKey, address, chainId, linkedAtMs)
 */
import { Command, Options } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Option } from "effect"
import { ConsoleLogSinkLive } from "../log.ts"
import { resolveAdminSigner } from "../auth/admin-key.ts"
import { authConfigFromEnv, describeConfig, type AuthConfig } from "../auth/config.ts"
import { AuthHttpLive, AuthListening } from "../auth/http.ts"
import { migrate } from "../auth/migrations.ts"
import { AuthService, AuthServiceLive } from "../auth/service.ts"
import { openSql } from "../auth/sql.ts"
import { activeEvmLinks, EXPORT_PAGE_MAX } from "../auth/evm-export.ts"

const EXPORT_PAGES_MAX = 100_000

const common = {
  host: Options.text("host").pipe(Options.optional, Options.withDescription("bind address (AUTH_HOST, default 127.0.0.1)")),
  port: Options.integer("port").pipe(Options.optional, Options.withDescription("port (PORT, default 4000)")),
  database_url: Options.text("database-url").pipe(Options.optional, Options.withDescription("Postgres URL for several instances (DATABASE_URL); default embedded PGlite")),
  data_dir: Options.text("data-dir").pipe(Options.optional, Options.withDescription("PGlite data directory (AUTH_DATA_DIR, default .data/auth)"))
}

type Common = { readonly host: Option.Option<string>; readonly port: Option.Option<number>; readonly database_url: Option.Option<string>; readonly data_dir: Option.Option<string> }

const configOf = (o: Common): Effect.Effect<AuthConfig, unknown> =>
  Effect.try({
    try: () =>
      authConfigFromEnv({
      ...process.env,
      ...Option.match(o.host, { onNone: () => ({}), onSome: (h) => ({ AUTH_HOST: h }) }),
      ...Option.match(o.port, { onNone: () => ({}), onSome: (p) => ({ PORT: String(p) }) }),
      ...Option.match(o.database_url, { onNone: () => ({}), onSome: (u) => ({ DATABASE_URL: u }) }),
      ...Option.match(o.data_dir, { onNone: () => ({}), onSome: (d) => ({ AUTH_DATA_DIR: d }) })
      }),
    catch: (e) => e
  })

const withService = <A>(o: Common, http: boolean, body: Effect.Effect<A, unknown, AuthService | AuthListening>) =>
  Effect.gen(function* () {
    const config = yield* configOf(o)
    const admin = yield* Effect.tryPromise({ try: () => resolveAdminSigner(process.env), catch: (e) => e })
    const service = AuthServiceLive(http ? config : { ...config, retention_interval_ms: 0, reconcile_interval_ms: 0 }, admin).pipe(Layer.provide(ConsoleLogSinkLive))
    const listening = http ? AuthHttpLive.pipe(Layer.provide(service)) : Layer.succeed(AuthListening, { url: "", port: 0 })
    return yield* body.pipe(Effect.provide(Layer.merge(service, listening)))
  })

const serve = Command.make("serve", common, (o) =>
  withService(
    o,
    true,
    Effect.gen(function* () {
      const l = yield* AuthListening
      const s = yield* AuthService
      yield* Console.log(JSON.stringify({ msg: "auth.started", url: l.url, admin_public_key: s.admin_public_key }))
      return yield* Effect.never
    })
  )
).pipe(Command.withDescription("run the auth + billing HTTP service"))

const migrateCmd = Command.make("migrate", common, (o) =>
  Effect.gen(function* () {
    const config = yield* configOf(o)
    const applied = yield* Effect.promise(async () => {
      const sql = await openSql(config.storage)
      try {
        return await migrate(sql)
      } finally {
        await sql.close()
      }
    })
    yield* Console.log(JSON.stringify({ msg: "auth.migrated", applied }))
  })
).pipe(Command.withDescription("apply the schema migrations and exit"))

const reconcile = Command.make("reconcile", common, (o) =>
  withService(
    o,
    false,
    Effect.gen(function* () {
      const s = yield* AuthService
      const r = yield* Effect.promise(() => s.reconcileScheduled(Date.now()))
      yield* Effect.promise(() => s.idle())
      yield* Console.log(JSON.stringify({ msg: "auth.reconciled", ...r }))
    })
  )
).pipe(Command.withDescription("reconcile one page of Stripe customers now"))

const prune = Command.make("prune", common, (o) =>
  withService(
    o,
    false,
    Effect.gen(function* () {
      const s = yield* AuthService
      const r = yield* Effect.promise(() => s.retention(Date.now()))
      yield* Console.log(JSON.stringify({ msg: "auth.pruned", ...r }))
    })
  )
).pipe(Command.withDescription("run the retention jobs now"))

const check = Command.make("check", common, (o) =>
  Effect.gen(function* () {
    const config = yield* configOf(o)
    const admin = yield* Effect.tryPromise({ try: () => resolveAdminSigner(process.env), catch: (e) => e })
    yield* Console.log(JSON.stringify({ ...describeConfig(config), admin_public_key: admin.public_key }, null, 2))
  })
).pipe(Command.withDescription("validate the configuration (fail closed) and print it without secrets"))

const exportLinks = Command.make("export-evm-links", common, (o) =>
  Effect.gen(function* () {
    const config = yield* configOf(o)
    const count = yield* Effect.promise(async () => {
      const sql = await openSql(config.storage)
      let after = ""
      let total = 0
      try {
        await migrate(sql)
        for (let page = 0; page < EXPORT_PAGES_MAX; page++) {
          const r = await activeEvmLinks(sql, after, EXPORT_PAGE_MAX)
          for (const l of r.links) process.stdout.write(`${JSON.stringify(l)}\n`)
          total += r.links.length
          if (r.next === null) break
          after = r.next
        }
      } finally {
        await sql.close()
      }
      return total
    })
    yield* Console.error(JSON.stringify({ msg: "auth.exported", links: count }))
  })
).pipe(Command.withDescription("export the active EVM links as JSON lines"))

const auth = Command.make("auth").pipe(Command.withDescription("accounts, billing and the freeroll sync"), Command.withSubcommands([serve, migrateCmd, reconcile, prune, check, exportLinks]))
const cli = Command.run(auth, { name: "auth", version: "0.1.0" })

cli(process.argv).pipe(
  Effect.catchAll((e) => Effect.zipRight(Console.error(e instanceof Error ? e.message : String(e)), Effect.sync(() => (process.exitCode = 1)))),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: true })
)

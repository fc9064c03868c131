/**
 * The explorer store as Layers, one per backend over the same schema (store.ts):
 *  - `ExplorerPGliteLive(dir)`: embedded Postgres (PGlite) persisted in `dir`, in memory when null;
 *  - `ExplorerPostgresLive(url, …)`: a pg Pool on a shared Postgres, after the private-host rule;
 *  - `explorerStoreLayer(settings, data_dir)`: whichever the settings select (what the server uses);
 *    in memory (no data dir) it keeps at most MEMORY_RETAIN_BLOCKS heights.
 * The database closes with the layer's scope.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Effect, Layer } from "effect"
import { dbError, type ExplorerDatabaseError, type PublicDatabaseHost } from "./errors.ts"
import { databaseHostProblem, redactUrl, type HostOverrides } from "./private-host.ts"
import { MEMORY_RETAIN_BLOCKS, type ExplorerSettings } from "./settings.ts"
import { pgliteDriver, postgresDriver, type SqlDriver } from "./sql.ts"
import { ExplorerStore, makeExplorerStore, type ExplorerStoreOptions } from "./store.ts"

const CONNECT_TIMEOUT_MS = 10_000
const STATEMENT_TIMEOUT_MS = 30_000

const storeOver = (acquire: Effect.Effect<SqlDriver, ExplorerDatabaseError>, options: ExplorerStoreOptions) =>
  Layer.scoped(
    ExplorerStore,
    Effect.flatMap(
      Effect.acquireRelease(acquire, (db) => Effect.promise(() => db.close().catch(() => {}))),
      (db) => makeExplorerStore(db, options)
    )
  )

/** `wipe`: delete the directory's database first (a node starting a fresh chain) */
export const ExplorerPGliteLive = (dir: string | null, options: ExplorerStoreOptions & { readonly wipe?: boolean } = {}): Layer.Layer<ExplorerStore, ExplorerDatabaseError> =>
  storeOver(
    Effect.tryPromise({
      try: () => {
        if (dir !== null && options.wipe === true) fs.rmSync(dir, { recursive: true, force: true })
        if (dir !== null) fs.mkdirSync(dir, { recursive: true })
        return pgliteDriver(dir)
      },
      catch: dbError(`opening the embedded explorer database${dir === null ? " (memory)" : ` in ${dir}`}`)
    }),
    options
  )

export interface PostgresOptions extends ExplorerStoreOptions, HostOverrides {
  readonly max_connections?: number
}

export const ExplorerPostgresLive = (url: string, options: PostgresOptions): Layer.Layer<ExplorerStore, ExplorerDatabaseError | PublicDatabaseHost> => {
  const refused = databaseHostProblem(url, options)
  if (refused !== null) return Layer.fail(refused)
  return storeOver(
    Effect.try({
      try: () => postgresDriver({ url, max_connections: options.max_connections ?? 8, connect_timeout_ms: CONNECT_TIMEOUT_MS, statement_timeout_ms: STATEMENT_TIMEOUT_MS }),
      catch: dbError(`connecting to ${redactUrl(url)}`)
    }),
    options
  )
}

/** where the embedded store lives under a node's data dir */
export const EMBEDDED_DIR = "explorer"

/**
 * the store the settings select; embedded lives in `<data_dir>/explorer` (memory when data_dir is
 * null). `fresh` (the node starts a new chain) wipes the embedded store with it; a Postgres schema
 * is never touched.
 */
export const explorerStoreLayer = (settings: ExplorerSettings, data_dir: string | null, fresh = false): Layer.Layer<ExplorerStore, ExplorerDatabaseError | PublicDatabaseHost> => {
  return settings.backend === "postgres" && settings.postgres_url !== null
    ? ExplorerPostgresLive(settings.postgres_url, {
        schema: settings.schema,
        allow_public: settings.allow_public_host,
        allow_hostname: settings.allow_hostname,
        max_connections: settings.postgres_max_connections,
        retain_blocks: settings.retain_blocks
      })
    : data_dir === null
      ? ExplorerPGliteLive(null, { schema: settings.schema, retain_blocks: settings.retain_blocks === 0 ? MEMORY_RETAIN_BLOCKS : Math.min(settings.retain_blocks, MEMORY_RETAIN_BLOCKS) })
      : ExplorerPGliteLive(path.join(data_dir, EMBEDDED_DIR), { schema: settings.schema, retain_blocks: settings.retain_blocks, wipe: fresh })
}

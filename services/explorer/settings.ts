/**
 * How an indexer keeps its explorer (chain-and-services.md §3.10, §3.8): embedded (PGlite under
 * the node's data dir, in memory without one) or a shared Postgres, and optionally a Redis
 * response cache. `explorerSettingsFrom` reads the command line's choices and the environment
 * (EXPLORER_DATABASE_URL, EXPLORER_PERSISTENCE_ALLOW_PUBLIC, EXPLORER_PERSISTENCE_ALLOW_HOSTNAME,
 * REDIS_URL); flags win.
 */
import { redactUrl } from "./private-host.ts"

export interface ExplorerSettings {
  /** `embedded`: PGlite at `<data_dir>/explorer` (memory when the node has no data dir); `postgres`: `postgres_url` */
  readonly backend: "embedded" | "postgres"
  readonly postgres_url: string | null
  /** the Postgres schema the tables live in (several deployments or runs can share one database) */
  readonly schema: string
  /** private-host overrides (private-host.ts) */
  readonly allow_public_host: boolean
  readonly allow_hostname: boolean
  readonly postgres_max_connections: number
  /** heights kept (older rows deleted as new ones arrive); 0 keeps everything. The in-memory embedded store keeps at most MEMORY_RETAIN_BLOCKS whatever this says */
  readonly retain_blocks: number
  /** the Redis response cache: off when null or when the TTL is 0 */
  readonly redis_url: string | null
  readonly cache_prefix: string
  readonly cache_ttl_s: number
  /** answers larger than this are served but not cached */
  readonly cache_value_bytes_max: number
}

export const defaultExplorerSettings: ExplorerSettings = {
  backend: "embedded",
  postgres_url: null,
  schema: "explorer",
  allow_public_host: false,
  allow_hostname: false,
  postgres_max_connections: 8,
  retain_blocks: 0,
  redis_url: null,
  cache_prefix: "nullspace:explorer:",
  cache_ttl_s: 2,
  cache_value_bytes_max: 256 * 1024
}

/** what an in-memory embedded explorer keeps (chain-and-services.md §3.9 explorer_max_blocks) */
export const MEMORY_RETAIN_BLOCKS = 10_000

const flag = (v: string | undefined): boolean => v === "1" || v === "true" || v === "TRUE" || v === "yes" || v === "YES"
const nonEmpty = (v: string | undefined): string | null => (v === undefined || v.trim() === "" ? null : v.trim())

/** the settings a command line selects: `postgres` (a URL) and `redis` (a URL) from flags, else the environment */
export const explorerSettingsFrom = (choices: { readonly postgres?: string | null; readonly redis?: string | null; readonly schema?: string }, env: NodeJS.ProcessEnv): ExplorerSettings => {
  const postgres = nonEmpty(choices.postgres ?? undefined) ?? nonEmpty(env["EXPLORER_DATABASE_URL"])
  const redis = nonEmpty(choices.redis ?? undefined) ?? nonEmpty(env["REDIS_URL"])
  return {
    ...defaultExplorerSettings,
    backend: postgres === null ? "embedded" : "postgres",
    postgres_url: postgres,
    ...(choices.schema === undefined ? {} : { schema: choices.schema }),
    allow_public_host: flag(env["EXPLORER_PERSISTENCE_ALLOW_PUBLIC"]),
    allow_hostname: flag(env["EXPLORER_PERSISTENCE_ALLOW_HOSTNAME"]),
    redis_url: redis
  }
}

/** the settings with database and Redis passwords replaced (for /config and logs) */
export const redactedExplorerSettings = (s: ExplorerSettings | null): ExplorerSettings | null =>
  s === null
    ? null
    : { ...s, postgres_url: s.postgres_url === null ? null : redactUrl(s.postgres_url), redis_url: s.redis_url === null ? null : redactUrl(s.redis_url) }

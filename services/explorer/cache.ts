/**
 * `ExplorerCache`: a Redis response cache for hot explorer answers (chain-and-services.md §3.8).
 * Keys are `prefix + route key` (`blocks:before=…:limit=…`, `block:{id}`, `tx:{hash}`,
 * `account:{pubkey}:…`, `session:{id}`, `games:…`, `search:{q}`); values are the exact JSON
 * bytes, written with SET … EX ttl; answers over `value_bytes_max` and not-found answers are not
 * cached. A missing key (nil) is a miss, never an empty hit (note 8). Redis errors degrade to
 * uncached answers (counted), never to failed requests; commands are not queued while Redis is
 * away (no offline queue) and time out after COMMAND_TIMEOUT_MS.
 */
import { Context, Effect, Layer } from "effect"
import { Redis } from "ioredis"

export interface ExplorerCacheStats {
  readonly hits: number
  readonly misses: number
  readonly writes: number
  readonly too_large: number
  readonly errors: number
}

export interface ExplorerCacheShape {
  readonly prefix: string
  readonly ttl_s: number
  /** the cached body, or null (a miss, or Redis unavailable) */
  readonly get: (key: string) => Effect.Effect<string | null>
  /** cache a body (skipped when over the size bound); never fails */
  readonly set: (key: string, body: string) => Effect.Effect<void>
  readonly stats: () => ExplorerCacheStats
}

export class ExplorerCache extends Context.Tag("nullspace/services/ExplorerCache")<ExplorerCache, ExplorerCacheShape>() {}

const COMMAND_TIMEOUT_MS = 500
/** the longest key: route keys embed at most a 200-character query */
export const CACHE_KEY_BYTES_MAX = 512

export interface RedisCacheOptions {
  readonly url: string
  readonly prefix: string
  /** ≥ 1 (the spec's minimum effective TTL) */
  readonly ttl_s: number
  readonly value_bytes_max: number
}

export const ExplorerRedisCacheLive = (options: RedisCacheOptions): Layer.Layer<ExplorerCache> =>
  Layer.scoped(
    ExplorerCache,
    Effect.gen(function* () {
      const redis = yield* Effect.acquireRelease(
        Effect.sync(
          () =>
            new Redis(options.url, {
              enableOfflineQueue: false,
              maxRetriesPerRequest: 1,
              commandTimeout: COMMAND_TIMEOUT_MS,
              connectionName: "nullspace-explorer-cache",
              lazyConnect: true,
              retryStrategy: (attempt: number) => Math.min(2_000, 50 * 2 ** Math.min(attempt, 6))
            })
        ),
        (r) => Effect.promise(() => r.quit().then(() => undefined, () => r.disconnect()))
      )
      redis.on("error", () => {})
      // connect in the background; until then every command is an (uncached) error
      redis.connect().catch(() => {})
      const ttl_s = Math.max(1, Math.floor(options.ttl_s))
      let hits = 0
      let misses = 0
      let writes = 0
      let too_large = 0
      let errors = 0
      const shape: ExplorerCacheShape = {
        prefix: options.prefix,
        ttl_s,
        get: (key) =>
          Effect.promise(() =>
            redis.get(options.prefix + key).then(
              (v) => {
                if (v === null) misses++
                else hits++
                return v
              },
              () => {
                errors++
                return null
              }
            )
          ),
        set: (key, body) =>
          Effect.promise(async () => {
            if (Buffer.byteLength(body) > options.value_bytes_max) {
              too_large++
              return
            }
            await redis.set(options.prefix + key, body, "EX", ttl_s).then(
              () => void writes++,
              () => void errors++
            )
          }),
        stats: () => ({ hits, misses, writes, too_large, errors })
      }
      return shape
    })
  )

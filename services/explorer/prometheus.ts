/**
 * The explorer's series on `/metrics/prometheus`: the indexer's and the Redis cache's counters
 * (the same numbers `/explorer/status` shows), read when scraped, and the indexer's ingest latency
 * histogram, all registered in the server's own prom-client Registry (services/api/prometheus.ts
 * calls this when the server has an explorer). Names are `nullspace_explorer_…`, units last,
 * counters end in `_total`.
 */
import { Effect } from "effect"
import { Counter, Gauge, type Registry } from "prom-client"
import type { ExplorerCacheShape, ExplorerCacheStats } from "./cache.ts"
import type { ExplorerIndexerShape, ExplorerIndexerStats } from "./indexer.ts"

export const EXPLORER_PROMETHEUS_PREFIX = "nullspace_explorer_"

export const registerExplorerSeries = (registry: Registry, indexer: ExplorerIndexerShape, cache: ExplorerCacheShape | null): void => {
  const counter = (name: string, help: string, read: () => number) =>
    new Counter({
      name: `${EXPLORER_PROMETHEUS_PREFIX}${name}`,
      help,
      registers: [registry],
      collect() {
        this.reset()
        this.inc(read())
      }
    })
  const stats = (): ExplorerIndexerStats => Effect.runSync(indexer.stats)
  const of = (key: Exclude<keyof ExplorerIndexerStats, "indexed_height" | "last_error">) => () => stats()[key]
  new Gauge({
    name: `${EXPLORER_PROMETHEUS_PREFIX}indexed_height`,
    help: "the highest height this indexer has written or found written",
    registers: [registry],
    collect() {
      this.set(Number(stats().indexed_height))
    }
  })
  counter("blocks_ingested_total", "blocks this indexer wrote", of("blocks_ingested"))
  counter("transactions_ingested_total", "transactions of the blocks this indexer wrote", of("transactions_ingested"))
  counter("ingest_batches_total", "batches written, one SQL transaction each", of("ingest_batches"))
  counter("blocks_replayed_total", "blocks recovered from blocks.log at start", of("blocks_replayed"))
  counter("blocks_missed_total", "heights the subscription skipped (refilled at the next start)", of("blocks_missed"))
  counter("ingest_errors_total", "failed ingest attempts, retries and conflicts included", of("ingest_errors"))
  counter("ingest_conflicts_total", "batches refused: a height indexed with another digest", of("ingest_conflicts"))
  registry.registerMetric(indexer.ingest_latency)
  if (cache !== null) {
    const c = (key: keyof ExplorerCacheStats) => () => cache.stats()[key]
    counter("cache_hits_total", "explorer answers served from Redis", c("hits"))
    counter("cache_misses_total", "explorer reads Redis did not have", c("misses"))
    counter("cache_writes_total", "explorer answers written to Redis", c("writes"))
    counter("cache_too_large_total", "explorer answers not cached for their size", c("too_large"))
    counter("cache_errors_total", "Redis commands that failed (the answer came from the database)", c("errors"))
  }
}

/**
 * The explorer's JSON snapshot on `/metrics/explorer` (chain-and-services.md §3.11, next to
 * `/metrics/prometheus` and behind the same metrics token): the indexed height, how far it
 * trails the chain, the indexer's totals and the Redis cache's counters, as one Schema-typed
 * document. Heights are decimal strings (u64); counters are numbers.
 */
import { Effect, Option, Schema } from "effect"
import { DevChain } from "../node/dev-chain.ts"
import { ExplorerCache } from "./cache.ts"
import { ExplorerIndexer } from "./indexer.ts"
import { ExplorerStore } from "./store.ts"

const U64 = Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/))
const Count = Schema.Number.pipe(Schema.int(), Schema.nonNegative())

export const ExplorerIndexerTotals = Schema.Struct({
  blocks_ingested: Count,
  transactions_ingested: Count,
  ingest_batches: Count,
  blocks_replayed: Count,
  blocks_missed: Count,
  ingest_errors: Count,
  ingest_conflicts: Count,
  last_error: Schema.NullOr(Schema.String)
})

export const ExplorerCacheCounters = Schema.Struct({
  prefix: Schema.String,
  ttl_s: Count,
  hits: Count,
  misses: Count,
  writes: Count,
  too_large: Count,
  errors: Count
})

export const ExplorerMetricsJson = Schema.Struct({
  backend: Schema.Literal("pglite", "postgres"),
  /** the end of the contiguous indexed run in the store (null when the store could not be read) */
  indexed_through: Schema.NullOr(U64),
  /** the highest height this indexer wrote or found written (null without an indexer) */
  indexed_height: Schema.NullOr(U64),
  chain_height: Schema.NullOr(U64),
  /** chain height − indexed_through, 0 when caught up (null when either is unknown) */
  lag_blocks: Schema.NullOr(Count),
  totals: Schema.NullOr(ExplorerIndexerTotals),
  cache: Schema.NullOr(ExplorerCacheCounters)
})
export type ExplorerMetricsJson = typeof ExplorerMetricsJson.Type

const encode = Schema.encodeSync(ExplorerMetricsJson)

/** the snapshot, encoded through its schema; None when this indexer keeps no explorer */
export const explorerMetricsSnapshot = Effect.gen(function* () {
  const store = yield* Effect.serviceOption(ExplorerStore)
  if (Option.isNone(store)) return Option.none<typeof ExplorerMetricsJson.Encoded>()
  const indexer = yield* Effect.serviceOption(ExplorerIndexer)
  const chain = yield* Effect.serviceOption(DevChain)
  const cache = yield* Effect.serviceOption(ExplorerCache)
  const through = yield* Effect.either(store.value.indexedThrough)
  const stats = Option.isSome(indexer) ? yield* indexer.value.stats : null
  const chain_height = Option.isSome(chain) ? chain.value.head().height : null
  const indexed = through._tag === "Right" ? through.right : null
  const lag = chain_height === null || indexed === null ? null : chain_height > indexed ? Number(chain_height - indexed) : 0
  const snapshot: ExplorerMetricsJson = {
    backend: store.value.backend,
    indexed_through: indexed === null ? null : indexed.toString(),
    indexed_height: stats === null ? null : stats.indexed_height.toString(),
    chain_height: chain_height === null ? null : chain_height.toString(),
    lag_blocks: lag,
    totals:
      stats === null
        ? null
        : {
            blocks_ingested: stats.blocks_ingested,
            transactions_ingested: stats.transactions_ingested,
            ingest_batches: stats.ingest_batches,
            blocks_replayed: stats.blocks_replayed,
            blocks_missed: stats.blocks_missed,
            ingest_errors: stats.ingest_errors,
            ingest_conflicts: stats.ingest_conflicts,
            last_error: stats.last_error
          },
    cache: Option.match(cache, { onNone: () => null, onSome: (c) => ({ prefix: c.prefix, ttl_s: c.ttl_s, ...c.stats() }) })
  }
  return Option.some(encode(snapshot))
})

/**
 * `ExplorerIndexer`: keeps the ExplorerStore filled from the node's finalized blocks. It subscribes
 * to the DevChain's finalized-block PubSub first, then reads where the store stands
 * (`indexedThrough`) and, when the chain is ahead (a restart after a crash, a store that was
 * offline), replays the node's blocks.log (`<data_dir>/blocks.log`) through a fresh engine Chain
 * with the node's chain config to recover those blocks'
 * outputs and indexes them; then it drains the subscription in batches of ≤
 * INGEST_BATCH_BLOCKS_MAX, skipping heights already indexed. A database failure retries the
 * batch (bounded backoff, the batch is kept); a subscriber that fell behind the sliding buffer
 * sees a height gap, which is logged and counted and refilled by the replay at the next start
 * (resume is from the contiguous indexed height, so nothing is lost). Ingestion is idempotent,
 * so several indexers may share one database.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Context, Duration, Effect, Layer, Queue, Ref, Schedule } from "effect"
import { Histogram } from "prom-client"
import { Chain } from "../../engine/chain/chain.ts"
import type { ChainConfig } from "../../engine/chain/config.ts"
import { LogSink } from "../log.ts"
import { ServerConfig } from "../config.ts"
import { decodeRecord, scanRecords } from "../node/block-record.ts"
import { DevChain } from "../node/dev-chain.ts"
import type { FinalizedBlock } from "../node/proposer.ts"
import { ExplorerDatabaseError, type ExplorerStoreError } from "./errors.ts"
import { ExplorerStore, INGEST_BATCH_BLOCKS_MAX, type ExplorerStoreShape } from "./store.ts"

export interface ExplorerIndexerStats {
  /** the highest height this indexer has written or found written */
  readonly indexed_height: bigint
  readonly blocks_ingested: number
  /** transactions of the blocks this indexer wrote */
  readonly transactions_ingested: number
  /** batches written (each one SQL transaction; all-skipped batches included) */
  readonly ingest_batches: number
  readonly blocks_replayed: number
  /** heights the subscription skipped (refilled at the next start) */
  readonly blocks_missed: number
  /** failed ingest attempts (every retry counts), conflicts included */
  readonly ingest_errors: number
  /** batches refused because a height is indexed with another digest (ExplorerConflict) */
  readonly ingest_conflicts: number
  readonly last_error: string | null
}

export interface ExplorerIndexerShape {
  readonly stats: Effect.Effect<ExplorerIndexerStats>
  /** the duration of each written batch, retries included (registered in no registry; services/explorer/prometheus.ts adds it to the server's) */
  readonly ingest_latency: Histogram
}

/** the ingest latency histogram's upper bounds (ms) */
export const INGEST_LATENCY_BUCKETS_MS: ReadonlyArray<number> = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000]
export const INGEST_LATENCY_METRIC = "nullspace_explorer_ingest_latency_ms"

export class ExplorerIndexer extends Context.Tag("nullspace/services/ExplorerIndexer")<ExplorerIndexer, ExplorerIndexerShape>() {}

/** the dev chain's log in its data dir (services/node/block-log.ts) */
export const BLOCK_LOG_FILE = "blocks.log"

/** retries of one batch before the indexer logs and waits for the next block to try again */
const RETRY = Schedule.intersect(Schedule.exponential("100 millis", 2), Schedule.recurs(6))

/** heights (from, to] of a blocks.log, re-executed by the engine; `each` gets them in order, ≤ INGEST_BATCH_BLOCKS_MAX at a time */
export const replayLog = <E>(
  logPath: string,
  config: ChainConfig,
  from: bigint,
  each: (batch: ReadonlyArray<FinalizedBlock>) => Effect.Effect<void, E>
): Effect.Effect<number, E | ExplorerDatabaseError> =>
  Effect.gen(function* () {
    const image = yield* Effect.try({ try: () => (fs.existsSync(logPath) ? fs.readFileSync(logPath) : new Uint8Array(0)), catch: (e) => new ExplorerDatabaseError({ message: `reading ${logPath}: ${String(e)}` }) })
    const scan = scanRecords(image)
    const chain = yield* Effect.try({
      try: () => {
        const c = new Chain(config)
        c.genesis(() => {}, 0n)
        return c
      },
      catch: (e) => new ExplorerDatabaseError({ message: `replaying for the explorer: ${e instanceof Error ? e.message : String(e)}` })
    })
    let batch: FinalizedBlock[] = []
    let replayed = 0
    for (const range of scan.records) {
      const fb = yield* Effect.try({
        try: () => {
          const rec = decodeRecord(image, range)
          const result = chain.applyBlock(rec.block)
          if (result.state_root !== rec.state_root) throw new Error(`height ${rec.block.height} replays to state root ${result.state_root}, the log recorded ${rec.state_root}`)
          return { block: rec.block, result }
        },
        catch: (e) => new ExplorerDatabaseError({ message: `replaying blocks.log for the explorer: ${e instanceof Error ? e.message : String(e)}` })
      })
      if (fb.block.height <= from) continue
      batch.push(fb)
      replayed++
      if (batch.length >= INGEST_BATCH_BLOCKS_MAX) {
        yield* each(batch)
        batch = []
      }
    }
    if (batch.length > 0) yield* each(batch)
    return replayed
  })

export const ExplorerIndexerLive = Layer.scoped(
  ExplorerIndexer,
  Effect.gen(function* () {
    const chain = yield* DevChain
    const store: ExplorerStoreShape = yield* ExplorerStore
    const log = yield* LogSink
    const config = yield* ServerConfig
    const stats = yield* Ref.make<ExplorerIndexerStats>({
      indexed_height: 0n,
      blocks_ingested: 0,
      transactions_ingested: 0,
      ingest_batches: 0,
      blocks_replayed: 0,
      blocks_missed: 0,
      ingest_errors: 0,
      ingest_conflicts: 0,
      last_error: null
    })
    // one histogram per indexer, in no registry (never the global one)
    const ingest_latency = new Histogram({ name: INGEST_LATENCY_METRIC, help: "duration of a written explorer batch, retries included (ms)", buckets: [...INGEST_LATENCY_BUCKETS_MS], registers: [] })
    const queue = yield* chain.subscribe

    const write = (batch: ReadonlyArray<FinalizedBlock>): Effect.Effect<void, ExplorerStoreError> =>
      Effect.gen(function* () {
        const [took, report] = yield* store.ingest(batch).pipe(
          Effect.tapError((e) =>
            Ref.update(stats, (s) => ({ ...s, ingest_errors: s.ingest_errors + 1, ingest_conflicts: s.ingest_conflicts + (e._tag === "ExplorerConflict" ? 1 : 0), last_error: e.message }))
          ),
          Effect.retry({ schedule: RETRY, while: (e) => e._tag === "ExplorerDatabaseError" }),
          Effect.timed
        )
        ingest_latency.observe(Duration.toMillis(took))
        const top = batch.reduce((m, fb) => (fb.block.height > m ? fb.block.height : m), 0n)
        yield* Ref.update(stats, (s) => ({
          ...s,
          indexed_height: top > s.indexed_height ? top : s.indexed_height,
          blocks_ingested: s.blocks_ingested + report.inserted,
          transactions_ingested: s.transactions_ingested + report.transactions_inserted,
          ingest_batches: s.ingest_batches + 1
        }))
      })

    const start = Effect.gen(function* () {
      const through = yield* store.indexedThrough
      yield* Ref.update(stats, (s) => ({ ...s, indexed_height: through }))
      const head = chain.head().height
      if (through < head) {
        const logPath = config.data_dir === null ? null : path.join(config.data_dir, BLOCK_LOG_FILE)
        if (logPath !== null && fs.existsSync(logPath)) {
          const replayed = yield* replayLog(logPath, chain.chain.config, through, write)
          yield* Ref.update(stats, (s) => ({ ...s, blocks_replayed: replayed }))
          log.write({ level: "info", msg: "explorer.caught_up", from: Number(through), blocks: replayed })
        } else log.write({ level: "warn", msg: "explorer.gap", detail: `heights ${through + 1n}..${head} are not indexed and this node has no blocks.log to replay them from` })
      }
    })

    const follow = Effect.gen(function* () {
      const batch = yield* Queue.takeBetween(queue, 1, INGEST_BATCH_BLOCKS_MAX)
      const s = yield* Ref.get(stats)
      const fresh = [...batch].filter((fb) => fb.block.height > s.indexed_height)
      const first = fresh[0]
      if (first !== undefined && s.indexed_height > 0n && first.block.height > s.indexed_height + 1n) {
        const missed = Number(first.block.height - s.indexed_height - 1n)
        yield* Ref.update(stats, (x) => ({ ...x, blocks_missed: x.blocks_missed + missed }))
        log.write({ level: "error", msg: "explorer.missed_blocks", from: Number(s.indexed_height + 1n), count: missed, detail: "the subscriber fell behind; the next start replays them" })
      }
      if (fresh.length > 0)
        yield* write(fresh).pipe(Effect.catchAll((e) => Effect.sync(() => log.write({ level: "error", msg: "explorer.ingest_failed", error: e._tag, code: e.code, reason: e.message }))))
    })

    yield* start.pipe(
      Effect.catchAll((e) => Effect.sync(() => log.write({ level: "error", msg: "explorer.catch_up_failed", error: e._tag, reason: e.message }))),
      Effect.zipRight(Effect.forever(follow)),
      Effect.forkScoped
    )
    return { stats: Ref.get(stats), ingest_latency }
  })
)

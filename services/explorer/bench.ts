/**
 * `npx tsx services/explorer/bench.ts [--blocks N] [--txs-per-block M]`: explorer ingestion
 * throughput, measured in one run against a baseline. A real dev chain (memory) produces N blocks
 * of M signed transactions (registrations, then deposits); then, for each backend, the blocks are
 * ingested into a fresh schema (batches of INGEST_BATCH_BLOCKS_MAX, as the indexer does) and read
 * back by height. Baseline: turning the blocks into rows alone (rows.ts, no database). Prints
 * blocks/s, transactions/s and each figure's ratio to the baseline. Postgres: 127.0.0.1:5432
 * database `test` (EXPLORER_BENCH_POSTGRES overrides); its schema is dropped after.
 */
import * as os from "node:os"
import { Effect } from "effect"
import { actorSigner, signTransaction } from "../../engine/tx/sign.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { encodeSubmission } from "../api/submission.ts"
import { memoryLogSink } from "../log.ts"
import { startDevServer, type FinalizedBlock } from "../server.ts"
import { blockRows } from "./rows.ts"
import { pgliteDriver, postgresDriver, type SqlDriver } from "./sql.ts"
import { makeExplorerStore } from "./store.ts"

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name)
  const n = i < 0 ? fallback : Number(process.argv[i + 1])
  return Number.isInteger(n) && n > 0 ? n : fallback
}
const BLOCKS = Math.min(arg("--blocks", 200), 5_000)
const TXS = Math.min(arg("--txs-per-block", 100), 128)

const produce = async (): Promise<FinalizedBlock[]> => {
  const server = await startDevServer({ port: 0, dataDir: null, blockIntervalMs: 0, log: memoryLogSink(), config: { http_rate_limit_per_second: 0, submit_rate_limit_per_minute: 0, submit_tx_rate_limit_per_minute: 0 } })
  try {
    const signers = Array.from({ length: TXS }, (_, i) => actorSigner(`explorer-bench/${i}`))
    const blocks: FinalizedBlock[] = []
    for (let h = 0; h < BLOCKS; h++) {
      const txs: Transaction[] = signers.map((s) => signTransaction(s, BigInt(h), h === 0 ? { _tag: "CasinoRegister", name: "bench" } : { _tag: "CasinoDeposit", amount: 1n }))
      const r = await fetch(`${server.url}/submit`, { method: "POST", body: Buffer.from(encodeSubmission(txs)) })
      if (r.status !== 200) throw new Error(`submit refused: ${await r.text()}`)
      blocks.push(await server.produceNow())
    }
    return blocks
  } finally {
    await server.close()
  }
}

const time = async (f: () => Promise<void>): Promise<number> => {
  const t0 = performance.now()
  await f()
  return (performance.now() - t0) / 1000
}

const main = async () => {
  process.stdout.write(`producing ${BLOCKS} blocks of ${TXS} transactions on a real dev chain…\n`)
  const blocks = await produce()
  const txs = blocks.reduce((n, fb) => n + fb.block.transactions.length, 0)
  const rows_s = await time(async () => {
    for (const fb of blocks) blockRows(fb, 0)
  })
  const lines: string[] = []
  const row = (label: string, seconds: number) => {
    lines.push(`${label.padEnd(34)} ${(BLOCKS / seconds).toFixed(0).padStart(8)} blocks/s ${(txs / seconds).toFixed(0).padStart(9)} tx/s   ${(rows_s / seconds).toFixed(3)}× baseline`)
  }
  row("baseline: rows only (no database)", rows_s)
  const backends: Array<[string, () => Promise<SqlDriver>]> = [
    ["PGlite (memory)", () => pgliteDriver(null)],
    ["Postgres (127.0.0.1)", async () => postgresDriver({ url: process.env["EXPLORER_BENCH_POSTGRES"] ?? "postgres://postgres@127.0.0.1:5432/test", max_connections: 4, connect_timeout_ms: 5_000, statement_timeout_ms: 60_000 })]
  ]
  for (const [name, open] of backends) {
    const db = await open()
    const schema = `explorer_bench_${process.pid}`
    try {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      const store = await Effect.runPromise(makeExplorerStore(db, { schema }))
      row(`${name}: ingest`, await time(() => Effect.runPromise(Effect.asVoid(store.ingest(blocks)))))
      row(`${name}: ingest again (all skipped)`, await time(() => Effect.runPromise(Effect.asVoid(store.ingest(blocks)))))
      row(`${name}: read each block by height`, await time(async () => {
        for (let h = 1; h <= BLOCKS; h++) await Effect.runPromise(store.block({ height: BigInt(h) }))
      }))
    } finally {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {})
      await db.close()
    }
  }
  process.stdout.write(`${lines.join("\n")}\n${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, node ${process.version}\n`)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exit(1)
})

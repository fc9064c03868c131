/**
 * The validators benchmark with the 4 validators as separate OS processes on loopback, started
 * exactly as `npm run chain` starts them (services/cli/validator-cluster.ts: dealer ceremony,
 * validator i on 17260 + i, the API on validator 0 at 17270), leader timeout 500 ms like the
 * in-thread mode. The pre-signed transactions go to validator 0's POST /submit in batches of 100,
 * one batch every 5 ms (the in-thread pacing; the HTTP requests are not awaited in between);
 * finality = the tx appears in a frame of validator 0's WebSocket /updates (one frame per executed
 * block). The clock starts once every validator has logged WARM_BLOCKS blocks (all four up). The engine alone then applies the blocks validator 0 wrote to its blocks.log. Also the
 * shared helpers of both modes (signed transactions, percentiles, the engine-alone timing).
 * Bounded: STARTUP_MS to the first finalized block, RUN_MS to the last transaction; the children
 * are stopped on every exit path (finally, the process `exit` event, SIGINT/SIGTERM via the cluster).
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Schema } from "effect"
import { Bench } from "tinybench"
import WebSocket from "ws"
import type { Block } from "../engine/block.ts"
import { Chain } from "../engine/chain/chain.ts"
import { defaultChainConfig } from "../engine/chain/config.ts"
import { actorSigner, signTransaction } from "../engine/tx/sign.ts"
import type { Transaction } from "../engine/tx/transaction.ts"
import { transactionId } from "../engine/tx/transaction.ts"
import { encodeSubmission } from "../services/api/submission.ts"
import { startValidatorCluster } from "../services/cli/validator-cluster.ts"
import { decodeRecord, scanRecords } from "../services/node/block-record.ts"
import { meanMs, type BenchReport } from "./report.ts"

export const BATCH = 100
export const BATCH_GAP_MS = 5
export const RUN_MS = 90_000
const STARTUP_MS = 45_000
const BASE_PORT = 17260
const API_PORT = 17270
const API = `http://127.0.0.1:${API_PORT}`

/** the benchmark's transactions: one registration per fresh actor (the same list for both modes) */
export const benchTransactions = (txs: number): ReadonlyArray<Transaction> =>
  Array.from({ length: txs }, (_, i) => signTransaction(actorSigner(`bench-v-${i}`), 0n, { _tag: "CasinoRegister", name: `b${i}` }))

/** the p-quantile of ascending-sorted values (0 when empty) */
export const quantile = (sorted: ReadonlyArray<number>, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0

/** tx/s of the engine alone applying these blocks from genesis (tinybench, 5 iterations) */
export const engineAloneTps = async (blocks: ReadonlyArray<Block>, txs: number): Promise<number> => {
  const bench = new Bench({ iterations: 5, warmupIterations: 1 })
  bench.add("engine alone: the same finalized blocks", () => {
    const chain = new Chain(defaultChainConfig())
    chain.genesis(() => {}, 0n)
    for (const b of blocks) chain.applyBlock(b)
  })
  await bench.run()
  const task = bench.tasks[0]
  const mean_ms = task === undefined ? Number.NaN : meanMs(task)
  return txs / (mean_ms / 1_000)
}

const Frame = Schema.Struct({ transactions: Schema.Array(Schema.Struct({ tx_id: Schema.String })) })
const decodeFrame = Schema.decodeUnknownEither(Schema.parseJson(Frame))

/** blocks validator dir `dir` has appended to its blocks.log */
const loggedBlocks = (dir: string): ReadonlyArray<Block> => {
  const file = path.join(dir, "blocks.log")
  if (!fs.existsSync(file)) return []
  const image = new Uint8Array(fs.readFileSync(file))
  return scanRecords(image).records.map((r) => decodeRecord(image, r).block)
}

/** every validator has finalized and logged this many blocks before the clock starts (all four processes up and past their cold start) */
const WARM_BLOCKS = 3

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

const healthy = async (): Promise<boolean> => {
  try {
    return (await fetch(`${API}/healthz`)).ok
  } catch {
    return false
  }
}

export const benchValidatorProcesses = async (txs_count = 2_000): Promise<BenchReport> => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-validator-procs-"))
  const txs = benchTransactions(txs_count)
  const cluster = startValidatorCluster({
    name: "bench",
    validators: 4,
    data_root: root,
    base_port: BASE_PORT,
    leader_ms: "500",
    api_port: (i) => (i === 0 ? API_PORT : undefined),
    echo: (line) => line.includes("halted") || line.includes("evidence")
  })
  // SIGINT/SIGTERM (the cluster's handler exits the process) and uncaught errors skip `finally`
  const onExit = () => {
    cluster.kill()
    fs.rmSync(root, { recursive: true, force: true })
  }
  process.on("exit", onExit)
  let ws: WebSocket | null = null
  try {
    const t_start = performance.now()
    while (!(await healthy())) {
      if (performance.now() - t_start > STARTUP_MS) throw new Error(`validator 0's API not healthy within ${STARTUP_MS} ms`)
      await sleep(200)
    }
    const submitted = new Map<string, number>()
    const latencies_ms: number[] = []
    let frames = 0
    let done_ms = 0
    let first_block: () => void = () => {}
    const consensus_live = new Promise<void>((r) => (first_block = r))
    let finished: () => void = () => {}
    const all = new Promise<void>((r) => (finished = r))
    const socket = new WebSocket(`ws://127.0.0.1:${API_PORT}/updates`)
    ws = socket
    socket.on("message", (data: WebSocket.RawData) => {
      const now = performance.now()
      const frame = decodeFrame(data.toString())
      if (frame._tag === "Left") return
      frames++
      first_block()
      for (const t of frame.right.transactions) {
        const at = submitted.get(t.tx_id)
        if (at !== undefined) latencies_ms.push(now - at)
      }
      if (latencies_ms.length >= txs_count && done_ms === 0) {
        done_ms = now
        finished()
      }
    })
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve())
      socket.once("error", reject)
    })
    const left_ms = STARTUP_MS - (performance.now() - t_start)
    await Promise.race([consensus_live, sleep(Math.max(0, left_ms)).then(() => Promise.reject(new Error(`no block finalized within ${STARTUP_MS} ms`)))])
    while (!cluster.dirs.every((d) => loggedBlocks(d).length >= WARM_BLOCKS)) {
      if (performance.now() - t_start > STARTUP_MS) throw new Error(`not every validator logged ${WARM_BLOCKS} blocks within ${STARTUP_MS} ms`)
      await sleep(200)
    }
    const frames_before = frames

    const t0 = performance.now()
    const posts: Array<Promise<Response>> = []
    for (let i = 0; i < txs_count; i += BATCH) {
      const batch = txs.slice(i, i + BATCH)
      const now = performance.now()
      for (const tx of batch) submitted.set(transactionId(tx), now)
      posts.push(fetch(`${API}/submit`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: Buffer.from(encodeSubmission(batch)) }))
      await sleep(BATCH_GAP_MS)
    }
    for (const r of await Promise.all(posts)) if (r.status !== 200) throw new Error(`submit refused: ${r.status} ${await r.text()}`)
    const answered_ms = performance.now() - t0
    await Promise.race([all, sleep(RUN_MS).then(() => Promise.reject(new Error(`timed out: ${latencies_ms.length} of ${txs_count} finalized in ${RUN_MS} ms`)))])
    const seconds = (done_ms - t0) / 1_000
    latencies_ms.sort((a, b) => a - b)
    socket.close()
    ws = null
    await cluster.stop()

    const blocks = loggedBlocks(cluster.dirs[0] ?? "")
    const carrying = blocks.filter((b) => b.transactions.length > 0).length
    const engine_tps = await engineAloneTps(blocks, txs_count)
    const net_tps = txs_count / seconds
    return {
      name: `4 validators as processes (validator-cluster.ts), API on validator 0: ${txs_count} registrations in ${carrying} blocks with transactions (${frames - frames_before} blocks during the run)`,
      rows: [
        ["4 validators, finalized tx/s", net_tps],
        ["finality latency p50 (ms)", quantile(latencies_ms, 0.5)],
        ["finality latency p99 (ms)", quantile(latencies_ms, 0.99)],
        ["every POST /submit answered, ms after the first", answered_ms],
        ["engine alone, tx/s (applyBlock of v0's blocks.log)", engine_tps],
        ["ratio validators / engine", net_tps / engine_tps]
      ]
    }
  } finally {
    ws?.terminate()
    await cluster.stop()
    process.off("exit", onExit)
    fs.rmSync(root, { recursive: true, force: true })
  }
}

/**
 * Finalized transactions per second and finality latency (submit → executed on validator 0,
 * p50/p99) for 4 validators in one process over loopback TCP (ports 17180–17183, production
 * crypto: ed25519 votes, 3-of-4 BLS seed, fsync per WAL/blocks.log append), against the engine
 * alone applying the very blocks the validators finalized (tinybench, same run). Reported, not
 * gated; the machine is shared, so the numbers are noisy: read the ratio.
 *   npx tsx bench/validators.ts [transactions=2000]
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Bench } from "tinybench"
import { meanMs, printReport, type BenchReport } from "./report.ts"
import type { Block } from "../engine/block.ts"
import { Chain } from "../engine/chain/chain.ts"
import { defaultChainConfig } from "../engine/chain/config.ts"
import { actorSigner, signTransaction } from "../engine/tx/sign.ts"
import { transactionId } from "../engine/tx/transaction.ts"
import { dealValidatorKeys } from "../services/node/validator/keys.ts"
import { ValidatorNode } from "../services/node/validator/validator.ts"

const BATCH = 100

export const benchValidators = async (TXS = 2_000): Promise<BenchReport> => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-validators-"))
  const dirs = Array.from({ length: 4 }, (_, i) => path.join(root, `v${i}`))
  const addresses = dirs.map((_, i) => ({ host: "127.0.0.1", port: 17180 + i }))
  dealValidatorKeys(dirs)
  const nodes = dirs.map((d) => new ValidatorNode({ data_dir: d, addresses, timeouts: { leader_ms: 500, advance_ms: 1_000, retry_ms: 2_000, fetch_ms: 500 }, sync_interval_ms: 300 }))
  for (const n of nodes) await n.start()

  const txs = Array.from({ length: TXS }, (_, i) => signTransaction(actorSigner(`bench-v-${i}`), 0n, { _tag: "CasinoRegister", name: `b${i}` }))
  const submitted = new Map<string, number>()
  const latencies_ms: number[] = []
  const blocks: Block[] = []
  let done_ms = 0
  const all = new Promise<void>((resolve) =>
    nodes[0]?.onBlock((block) => {
      blocks.push(block)
      const now = performance.now()
      for (const tx of block.transactions) {
        const t = submitted.get(transactionId(tx))
        if (t !== undefined) latencies_ms.push(now - t)
      }
      if (latencies_ms.length >= TXS) {
        done_ms = now
        resolve()
      }
    })
  )
  const t0 = performance.now()
  for (let i = 0; i < TXS; i += BATCH) {
    const batch = txs.slice(i, i + BATCH)
    const now = performance.now()
    for (const tx of batch) submitted.set(transactionId(tx), now)
    const r = nodes[(i / BATCH) % 4]?.submit(batch)
    if (r !== null) throw new Error(`submit refused: ${String(r)}`)
    await new Promise((r) => setTimeout(r, 5))
  }
  await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), 120_000))])
  const seconds = (done_ms - t0) / 1_000
  latencies_ms.sort((a, b) => a - b)
  const pct = (p: number) => latencies_ms[Math.min(latencies_ms.length - 1, Math.floor(p * latencies_ms.length))] ?? 0
  for (const n of nodes) await n.close()

  const bench = new Bench({ iterations: 5, warmupIterations: 1 })
  bench.add("engine alone: the same finalized blocks", () => {
    const chain = new Chain(defaultChainConfig())
    chain.genesis(() => {}, 0n)
    for (const b of blocks) chain.applyBlock(b)
  })
  await bench.run()
  const task = bench.tasks[0]
  const mean_ms = task === undefined ? Number.NaN : meanMs(task)
  const engine_tps = TXS / (mean_ms / 1_000)
  const net_tps = TXS / seconds
  fs.rmSync(root, { recursive: true, force: true })
  return {
    name: `4 validators on loopback: ${TXS} registrations in ${blocks.length} blocks (ratio = validators ÷ engine alone)`,
    rows: [
      ["4 validators, finalized tx/s", net_tps],
      ["finality latency p50 (ms)", pct(0.5)],
      ["finality latency p99 (ms)", pct(0.99)],
      ["engine alone, tx/s (applyBlock of the same blocks)", engine_tps],
      ["ratio validators / engine", net_tps / engine_tps]
    ]
  }
}

// `npx tsx bench/validators.ts [transactions]` runs it alone
if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  printReport(await benchValidators(Number(process.argv[2] ?? 2_000)))
  process.exit(0)
}

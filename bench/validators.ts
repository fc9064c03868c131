/**
 * Finalized transactions per second and finality latency (submit → executed on validator 0,
 * p50/p99) for 4 validators in one process over loopback TCP (ports 17180–17183, production
 * crypto: ed25519 votes, 3-of-4 BLS seed, fsync per WAL/blocks.log append), against the engine
 * alone applying the very blocks the validators finalized (tinybench, same run). Reported, not
 * gated; the machine is shared, so the numbers are noisy: read the ratio.
 *   npx tsx bench/validators.ts [transactions=2000]
 *   npx tsx bench/validators.ts [transactions=2000] --processes [--processes-first]
 * With --processes the same run also measures the 4 validators as OS processes
 * (validators-processes.ts, started as `npm run chain` starts them) on the same transactions and
 * prints both reports, the processes ÷ in-thread ratios and `uptime` before and after.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { printReport, type BenchReport } from "./report.ts"
import { BATCH, BATCH_GAP_MS, benchTransactions, benchValidatorProcesses, engineAloneTps, quantile, RUN_MS } from "./validators-processes.ts"
import type { Block } from "../engine/block.ts"
import { transactionId } from "../engine/tx/transaction.ts"
import { dealValidatorKeys } from "../services/node/validator/keys.ts"
import { ValidatorNode } from "../services/node/validator/validator.ts"

export const benchValidators = async (TXS = 2_000): Promise<BenchReport> => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-validators-"))
  const dirs = Array.from({ length: 4 }, (_, i) => path.join(root, `v${i}`))
  const addresses = dirs.map((_, i) => ({ host: "127.0.0.1", port: 17180 + i }))
  dealValidatorKeys(dirs)
  const nodes = dirs.map((d) => new ValidatorNode({ data_dir: d, addresses, timeouts: { leader_ms: 500, advance_ms: 1_000, retry_ms: 2_000, fetch_ms: 500 }, sync_interval_ms: 300 }))
  let open = true
  const closeAll = async () => {
    if (!open) return
    open = false
    for (const n of nodes) await n.close()
  }
  try {
    for (const n of nodes) await n.start()

    const txs = benchTransactions(TXS)
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
      await new Promise((r) => setTimeout(r, BATCH_GAP_MS))
    }
    await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${latencies_ms.length} of ${TXS} finalized in ${RUN_MS} ms`)), RUN_MS))])
    const seconds = (done_ms - t0) / 1_000
    latencies_ms.sort((a, b) => a - b)
    const pct = (p: number) => quantile(latencies_ms, p)
    await closeAll()

    const engine_tps = await engineAloneTps(blocks, TXS)
    const net_tps = TXS / seconds
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
  } finally {
    await closeAll()
    fs.rmSync(root, { recursive: true, force: true })
  }
}

const uptime = (): string => {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim()
  } catch {
    return `load average ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}`
  }
}

const valueOf = (r: BenchReport, label: string): number => r.rows.find(([l]) => l === label)?.[1] ?? Number.NaN

/** both modes in one run (in-thread first unless processes_first), with the processes ÷ in-thread ratios */
export const benchValidatorModes = async (txs: number, processes_first: boolean): Promise<ReadonlyArray<BenchReport>> => {
  console.log(`uptime before: ${uptime()}`)
  const first = processes_first ? await benchValidatorProcesses(txs) : await benchValidators(txs)
  console.log(`uptime between: ${uptime()}`)
  const second = processes_first ? await benchValidators(txs) : await benchValidatorProcesses(txs)
  console.log(`uptime after: ${uptime()}`)
  const [thread, procs] = processes_first ? [second, first] : [first, second]
  const ratio = (label: string) => valueOf(procs, label) / valueOf(thread, label)
  return [
    first,
    second,
    {
      name: `processes ÷ in-thread, same run (${processes_first ? "processes" : "in-thread"} mode ran first)`,
      rows: [
        ["finalized tx/s", ratio("4 validators, finalized tx/s")],
        ["finality latency p50", ratio("finality latency p50 (ms)")],
        ["finality latency p99", ratio("finality latency p99 (ms)")]
      ]
    }
  ]
}

// `npx tsx bench/validators.ts [transactions]` runs it alone
if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const args = process.argv.slice(2)
  const txs = Number(args.find((a) => !a.startsWith("--")) ?? 2_000)
  if (!Number.isInteger(txs) || txs <= 0 || txs > 100_000) throw new Error(`transactions: an integer in 1..100000, got ${String(txs)}`)
  if (args.includes("--processes")) for (const r of await benchValidatorModes(txs, args.includes("--processes-first"))) printReport(r)
  else printReport(await benchValidators(txs))
  process.exit(0)
}

/**
 * Experiments in parallel: a Monte Carlo of 8 seeds (quickstart, 100 agents × 4 days) on a pool
 * of 1 worker thread and on a pool of 2 (sim/experiments/backends/thread-pool.ts, the threads
 * backend's pool), timed with tinybench once the pools are warm, in 3 rounds of alternating order (threads started, engine
 * loaded), plus the same experiment end to end through runExperiment with the threads backend
 * (thread start-up included). Goal (issue 8): 2 workers ≥ 1.8× one worker. The ratio is only
 * meaningful when the two cores are otherwise idle: the load average is printed with it. The
 * load-independent figures are the process CPU time per cell (every thread: workers, DuckDB,
 * GC helpers, the main thread) with 1 and with 2 workers, and the cores each mode kept busy
 * (CPU ÷ wall): if 2 workers cost no more CPU per cell than 1, the shortfall is the machine's
 * other load; if 1 worker already keeps more than one core busy, 2 cannot double it.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Either } from "effect"
import { Bench } from "tinybench"
import { CATALOG } from "../scenarios/index.ts"
import { threadsBackend } from "../sim/experiments/backends/threads.ts"
import { createCellPool } from "../sim/experiments/backends/thread-pool.ts"
import { emptyRequest, planExperiment } from "../sim/experiments/plan.ts"
import { runExperiment } from "../sim/experiments/run-experiment.ts"
import { meanMs, type BenchReport } from "./report.ts"

const SEEDS = 8
const ROUNDS = 3

const cpuMs = (): number => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1_000
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? (s[(s.length - 1) / 2] ?? Number.NaN) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2
}
const CATALOG_URL = new URL("../scenarios/index.ts", import.meta.url).href

export const benchExperiments = async (): Promise<BenchReport> => {
  const planned = planExperiment(CATALOG, {
    ...emptyRequest("montecarlo", "quickstart"),
    base: { agents: "100", days: "4" },
    seeds: Array.from({ length: SEEDS }, (_, i) => String(i + 1))
  })
  if (Either.isLeft(planned)) throw new Error(planned.left.message)
  const plan = planned.right
  const dir = mkdtempSync(join(tmpdir(), "nullspace-bench-exp-"))
  const load_before = loadavg()[0] ?? Number.NaN
  try {
    const pools = await Promise.all(
      [1, 2].map(async (size) => {
        const pool = createCellPool({ catalog_url: CATALOG_URL, folder: join(dir, `pool-${size}`), code_version: "bench", size, name_prefix: `t${size}-` })
        await pool.ready
        return pool
      })
    )
    // rounds alternate the order (1, 2 then 2, 1 …) so a change of machine load hits both sides
    const one_ms: number[] = []
    const two_ms: number[] = []
    const cpu_ms = new Map<number, number[]>([
      [1, []],
      [2, []]
    ])
    for (let round = 0; round < ROUNDS; round++) {
      const bench = new Bench({ iterations: 1, time: 0, warmup: false })
      const order = round % 2 === 0 ? pools : [...pools].reverse()
      for (const pool of order)
        bench.add(`${pool.size}`, async () => {
          const c0 = cpuMs()
          await Promise.all(plan.cells.map((c) => pool.run(c)))
          cpu_ms.get(pool.size)?.push(cpuMs() - c0)
        })
      await bench.run()
      for (const t of bench.tasks) (t.name === "1" ? one_ms : two_ms).push(meanMs(t))
    }
    await Promise.all(pools.map((p) => p.close()))
    const one = median(one_ms)
    const two = median(two_ms)
    const ratio = median(one_ms.map((x, i) => x / (two_ms[i] ?? Number.NaN)))
    const cpu_one = median(cpu_ms.get(1) ?? []) / SEEDS
    const cpu_two = median(cpu_ms.get(2) ?? []) / SEEDS
    const endToEnd = async (size: number): Promise<number> => {
      const folder = join(dir, `e2e-${size}`)
      const t0 = performance.now()
      const r = await Effect.runPromise(runExperiment({ plan, folder, backend: threadsBackend({ catalog_url: CATALOG_URL, folder, code_version: "bench", size }), started_by: "bench" }))
      if (r.result_hash === null) throw new Error("the benchmark experiment did not complete")
      return performance.now() - t0
    }
    const e2e_one = await endToEnd(1)
    const e2e_two = await endToEnd(2)
    return {
      name: `experiments: Monte Carlo of ${SEEDS} seeds (quickstart 100 agents × 4 days), warm pools`,
      rows: [
        [`1 worker thread, ms (median of ${ROUNDS})`, one],
        [`2 worker threads, ms (median of ${ROUNDS})`, two],
        ["speedup 2 vs 1, median of the rounds (goal ≥ 1.8)", ratio],
        ["end to end, 1 thread (start-up included), ms", e2e_one],
        ["end to end, 2 threads (start-up included), ms", e2e_two],
        ["end-to-end speedup", e2e_one / e2e_two],
        ["CPU ms per cell, 1 worker (all threads, median round)", cpu_one],
        ["CPU ms per cell, 2 workers", cpu_two],
        ["CPU per cell, 2 workers ÷ 1 worker (1.0 = no overhead from the second)", cpu_two / cpu_one],
        ["cores busy, 1 worker (CPU ÷ wall)", (cpu_one * SEEDS) / one],
        ["cores busy, 2 workers (CPU ÷ wall)", (cpu_two * SEEDS) / two],
        ["load average (1 min) before", load_before],
        ["load average (1 min) after", loadavg()[0] ?? Number.NaN]
      ]
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The simulators' costs (report, never gate), all in one run:
 * - consensus simulator runs per minute: 100 short-profile seeds per iteration in this thread, and
 *   the same seeds on the worker pool (pool.ts) with 2 workers (worker start-up included); the
 *   ratio is the pool's speed-up.
 * - full fidelity vs direct: the phase1-island scenario (8 players, 1 day: ~300 small blocks) applied directly (the
 *   baseline) and with every block agreed by 4 simulated validators on a clean network and under
 *   a drawn crash / partition mix; blocks/s of each and the ratio full ÷ direct.
 * Each iteration builds its agents afresh (they carry state); that is timed in every row alike.
 * The machine is shared: absolute figures are noisy, the ratios less so.
 */
import { Either } from "effect"
import { Bench } from "tinybench"
import { phase1Island } from "../scenarios/phase1-island/scenario.ts"
import { FullFidelity, type FidelityFaults } from "../sim/runner/fidelity.ts"
import { simulate, type SimulationSpec } from "../sim/runner/simulate.ts"
import { runMany } from "../sim/vopr/pool.ts"
import { runVopr } from "../sim/vopr/simulate.ts"
import { machineNote, meanMs, type BenchReport } from "./report.ts"

const SEEDS = 100
const SEED_FIRST = 1

const spec = (): SimulationSpec => {
  const r = phase1Island.resolve({ agents: "8", days: "1" })
  if (Either.isLeft(r)) throw new Error(r.left)
  return r.right.spec
}

export const benchSimulator = async (): Promise<BenchReport> => {
  const vopr = new Bench({ iterations: 2, warmupIterations: 1, time: 0 })
  vopr.add("vopr in this thread", () => {
    for (let s = SEED_FIRST; s < SEED_FIRST + SEEDS; s++) runVopr(s, { profile: "short" })
  })
  vopr.add("vopr on 2 workers", async () => {
    await runMany(SEED_FIRST, SEEDS, 2, "short", () => {})
  })
  await vopr.run()
  const [one_ms, two_ms] = vopr.tasks.map((t) => meanMs(t))

  const blocks = Number(simulate(spec()).totals.blocks)
  const fidelity = new Bench({ iterations: 5, warmupIterations: 1, time: 0 })
  fidelity.add("direct", () => void simulate(spec()))
  const full = (faults: FidelityFaults): void => {
    simulate(spec(), { finality: new FullFidelity({ validators: 4, seed: 3, faults }) })
  }
  fidelity.add("full, clean", () => full("none"))
  fidelity.add("full, crash-partition", () => full("crash-partition"))
  await fidelity.run()
  const [direct_ms, clean_ms, faulty_ms] = fidelity.tasks.map((t) => meanMs(t))
  const perMinute = (ms: number | undefined): number => (SEEDS * 60_000) / (ms ?? Number.NaN)
  const perSecond = (ms: number | undefined): number => (blocks * 1_000) / (ms ?? Number.NaN)
  console.log(`\n(simulator bench on ${machineNote()}; ${blocks} blocks per direct run; full-fidelity runs make similar counts under consensus seeds)`)
  return {
    name: "simulators: consensus runs per minute, full fidelity vs direct blocks/s",
    rows: [
      ["vopr runs/minute, 1 thread (short profile)", perMinute(one_ms)],
      ["vopr runs/minute, 2 workers", perMinute(two_ms)],
      ["ratio 2 workers ÷ 1 thread", (one_ms ?? Number.NaN) / (two_ms ?? Number.NaN)],
      ["direct blocks/s (phase1-island, 8 players, 1 day)", perSecond(direct_ms)],
      ["full fidelity blocks/s (4 validators, clean)", perSecond(clean_ms)],
      ["full fidelity blocks/s (4 validators, crash-partition)", perSecond(faulty_ms)],
      ["ratio full clean ÷ direct", (direct_ms ?? Number.NaN) / (clean_ms ?? Number.NaN)],
      ["ratio full crash-partition ÷ direct", (direct_ms ?? Number.NaN) / (faulty_ms ?? Number.NaN)]
    ]
  }
}

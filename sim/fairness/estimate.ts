/**
 * The cost of a fairness run, projected from a measured sample: every selected bet plays `sample`
 * rounds (after a short warm-up) on the calling thread, timed in CPU seconds of this process
 * (process.cpuUsage: a shared machine's load inflates wall time, much less CPU time), and its
 * full budget (roundsFor) is priced at that rate. The projection is the total over the workers,
 * as if they were the only load; the harness's own progress line gives the wall-clock view.
 */
import { fromHex } from "../../engine/codec/bytes.ts"
import { FAIRNESS_CATALOG } from "./catalog.ts"
import { roundsFor, type HarnessOptions } from "./harness.ts"
import { betKey, runChunk } from "./monte-carlo.ts"
import type { FairnessBet } from "./types.ts"

export const ESTIMATE_WARMUP_ROUNDS = 200

export interface BetCost {
  readonly key: string
  readonly super_mode: boolean
  readonly rounds: number
  readonly cpu_s_per_round: number
  readonly cpu_s: number
}

export interface RunEstimate {
  readonly bets: ReadonlyArray<BetCost>
  readonly cpu_s: number
  readonly cpu_s_super: number
  readonly workers: number
  /** cpu_s over the workers */
  readonly wall_s: number
}

const cpuSeconds = (): number => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1e6
}

export const estimateRun = (
  o: Pick<HarnessOptions, "rounds_main" | "rounds_side" | "rounds_super" | "seed_hex" | "select" | "workers">,
  sample: number
): RunEstimate => {
  const seed = fromHex(o.seed_hex)
  const bets: BetCost[] = []
  const selected: ReadonlyArray<FairnessBet> = FAIRNESS_CATALOG.filter((b) => o.select === undefined || o.select(b))
  for (const b of selected) {
    const rounds = roundsFor(b, o)
    const n = Math.min(sample, rounds)
    runChunk(b, seed, 0, Math.min(ESTIMATE_WARMUP_ROUNDS, n))
    const t0 = cpuSeconds()
    runChunk(b, seed, 1, n)
    const per = (cpuSeconds() - t0) / n
    bets.push({ key: betKey(b), super_mode: b.super_mode, rounds, cpu_s_per_round: per, cpu_s: per * rounds })
  }
  const cpu_s = bets.reduce((a, b) => a + b.cpu_s, 0)
  const workers = Math.max(1, o.workers)
  return { bets, cpu_s, cpu_s_super: bets.filter((b) => b.super_mode).reduce((a, b) => a + b.cpu_s, 0), workers, wall_s: cpu_s / workers }
}

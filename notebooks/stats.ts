/**
 * Report statistics: the experiments' own (sim/experiments/stats.ts: mean, sample standard
 * deviation, exact 95 % Student-t interval), applied to what a report reads: values that may be
 * missing (non-finite values are left out) and A/B arms keyed by seed (paired over the seeds both
 * arms ran, in seed order; a pair with a missing value is left out).
 */
import { pairedDifference as pairedInOrder, summarize as summarizeAll, type Summary } from "../sim/experiments/stats.ts"

export type { Summary }

export const summarize = (values: ReadonlyArray<number>): Summary => summarizeAll(values.filter((v) => Number.isFinite(v)))

/** B − A over the seeds present in both, paired by seed */
export const pairedDifference = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Summary => {
  const as: number[] = []
  const bs: number[] = []
  for (const [seed, va] of [...a.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const vb = b.get(seed)
    if (vb !== undefined && Number.isFinite(va) && Number.isFinite(vb)) {
      as.push(va)
      bs.push(vb)
    }
  }
  return pairedInOrder(as, bs)
}

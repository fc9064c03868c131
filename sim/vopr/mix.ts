/**
 * The fault mix a range of seeds covers, read from the configurations the seeds draw
 * (scenario.ts; no run needed): validator counts, Byzantine actors by kind, crashes (torn or
 * clean), partitions, loss, duplication, jitter and clock skew, as counts of runs. Printed by
 * `npm run vopr` and by the CI test, recorded in docs/consensus.md.
 */
import { BYZANTINE_KINDS } from "./scenario.ts"
import { drawConfig } from "./scenario.ts"

export interface FaultMix {
  readonly runs: number
  /** "label" → runs that have it */
  readonly rows: ReadonlyArray<readonly [string, number]>
}

export const faultMix = (seed_first: number, runs: number, profile: "short" | "long"): FaultMix => {
  const count = new Map<string, number>()
  const add = (label: string): void => {
    count.set(label, (count.get(label) ?? 0) + 1)
  }
  const labels: string[] = []
  for (const n of [4, 5, 7]) labels.push(`n = ${n}`)
  labels.push("no fault but latency / jitter", "any Byzantine actor")
  for (const k of BYZANTINE_KINDS) labels.push(`byzantine: ${k}`)
  labels.push("two Byzantine actors", "any crash + restart from the WAL", "torn crash (mid-step)", "partition (heals)", "two partitions", "loss > 0", "loss 10 %", "duplication > 0", "clock skew > 0", "fault budget f used (Byzantine + crashing)")
  for (let seed = seed_first; seed < seed_first + runs; seed++) {
    const c = drawConfig(seed, { profile })
    const f = Math.floor((c.n - 1) / 3)
    add(`n = ${c.n}`)
    if (c.byzantine.length > 0) add("any Byzantine actor")
    for (const k of new Set(c.byzantine.map((b) => b.kind))) add(`byzantine: ${k}`)
    if (c.byzantine.length >= 2) add("two Byzantine actors")
    if (c.crashes.length > 0) add("any crash + restart from the WAL")
    if (c.crashes.some((x) => x.torn === true)) add("torn crash (mid-step)")
    if (c.partitions.length > 0) add("partition (heals)")
    if (c.partitions.length >= 2) add("two partitions")
    if (c.loss > 0) add("loss > 0")
    if (c.loss >= 0.1) add("loss 10 %")
    if (c.duplication > 0) add("duplication > 0")
    if (c.clock_rate.some((r) => r !== 1)) add("clock skew > 0")
    if (f > 0 && c.byzantine.length + new Set(c.crashes.map((x) => x.index)).size >= f) add("fault budget f used (Byzantine + crashing)")
    if (c.byzantine.length === 0 && c.crashes.length === 0 && c.partitions.length === 0 && c.loss === 0 && c.duplication === 0) add("no fault but latency / jitter")
  }
  return { runs, rows: labels.map((l) => [l, count.get(l) ?? 0] as const) }
}

export const formatMix = (m: FaultMix): string =>
  m.rows.map(([label, k]) => `  ${label.padEnd(40)} ${String(k).padStart(7)}  ${((100 * k) / Math.max(1, m.runs)).toFixed(1).padStart(5)} %`).join("\n")

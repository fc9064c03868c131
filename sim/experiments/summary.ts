/**
 * The statistics of a finished experiment, per outcome (cell.ts OUTCOME_NAMES):
 *   sweep       per point: n, mean, sd, 95 % t-interval over its seeds
 *   montecarlo  the same over all seeds
 *   compare     per arm, and the paired difference B − A over the shared seeds
 * Cells are taken in plan order, so every figure is reproducible from the folder.
 */
import { OUTCOME_NAMES, type CellResult, type Outcomes } from "./cell.ts"
import type { ExperimentPlan } from "./plan.ts"
import { pairedDifference, summarize, type Summary } from "./stats.ts"

export interface GroupSummary {
  readonly group: string
  readonly seeds: number
  readonly outcomes: Readonly<Record<string, Summary>>
}

export interface ExperimentSummary {
  readonly kind: ExperimentPlan["kind"]
  readonly groups: ReadonlyArray<GroupSummary>
  /** compare only: B − A per outcome */
  readonly difference: Readonly<Record<string, Summary>> | null
}

const valuesOf = (plan: ExperimentPlan, results: ReadonlyMap<string, CellResult>, group: string, key: keyof Outcomes): number[] =>
  plan.entries.filter((e) => e.group === group).map((e) => results.get(e.cell_id)?.outcomes[key] ?? Number.NaN)

export const summarizeExperiment = (plan: ExperimentPlan, results: ReadonlyMap<string, CellResult>): ExperimentSummary => {
  const names: string[] = []
  for (const e of plan.entries) if (!names.includes(e.group)) names.push(e.group)
  const groups = names.map((group) => {
    const outcomes: Record<string, Summary> = {}
    for (const k of OUTCOME_NAMES) outcomes[k] = summarize(valuesOf(plan, results, group, k))
    return { group, seeds: plan.entries.filter((e) => e.group === group).length, outcomes }
  })
  let difference: Record<string, Summary> | null = null
  if (plan.kind === "compare") {
    difference = {}
    for (const k of OUTCOME_NAMES) difference[k] = pairedDifference(valuesOf(plan, results, "a", k), valuesOf(plan, results, "b", k))
  }
  return { kind: plan.kind, groups, difference }
}

const num = (v: number): string => {
  if (!Number.isFinite(v)) return "–"
  const a = Math.abs(v)
  return a !== 0 && a < 0.01 ? v.toExponential(3) : a >= 1000 ? Math.round(v).toLocaleString("en-US") : v.toFixed(4)
}

const interval = (s: Summary): string => (Number.isFinite(s.ci_low) ? `[${num(s.ci_low)}, ${num(s.ci_high)}]` : "–")

/** the summary as a terminal table: one row per group and outcome */
export const formatSummary = (s: ExperimentSummary): string => {
  const rows: string[][] = [["group", "outcome", "n", "mean", "sd", "95 % CI"]]
  for (const g of s.groups) for (const k of OUTCOME_NAMES) {
    const x = g.outcomes[k]
    if (x !== undefined) rows.push([g.group, k, String(x.n), num(x.mean), num(x.sd), interval(x)])
  }
  if (s.difference !== null)
    for (const k of OUTCOME_NAMES) {
      const x = s.difference[k]
      if (x !== undefined) rows.push(["B − A", k, String(x.n), num(x.mean), num(x.sd), interval(x)])
    }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)))
  return rows.map((r) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ")).join("\n")
}

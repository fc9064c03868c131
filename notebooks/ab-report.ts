/**
 * The A/B report notebook: two arms (groups "a" and "b") over the same seeds. Per outcome: each
 * arm's mean with its 95 % t-interval, and the paired difference B − A over the shared seeds
 * with its 95 % t-interval, drawn relative to arm A's mean so every outcome fits one axis.
 * An interval that excludes 0 is marked. Written as `<folder>/ab-report.html`.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { outcomeNames, type ExperimentInput } from "./experiment-data.ts"
import { formatDecimal, formatInteger, formatPercent } from "./format.ts"
import { escapeHtml } from "./html/escape.ts"
import { reportPage } from "./html/page.ts"
import { factsTable, htmlTable } from "./html/table.ts"
import { intervalChart } from "./plot/interval-chart.ts"
import { readExperiment } from "./read-experiment.ts"
import { pairedDifference, summarize, type Summary } from "./stats.ts"

export interface ArmComparison {
  readonly outcome: string
  readonly a: Summary
  readonly b: Summary
  readonly difference: Summary
  /** the interval of the difference excludes 0 */
  readonly significant: boolean
}

const bySeed = (input: ExperimentInput, group: string, outcome: string): Map<string, number> => {
  const m = new Map<string, number>()
  for (const c of input.cells) {
    const v = c.outcomes[outcome]
    if (c.group === group && v !== undefined) m.set(c.seed, v)
  }
  return m
}

export const compareArms = (input: ExperimentInput): ArmComparison[] =>
  outcomeNames(input).map((outcome) => {
    const a = bySeed(input, "a", outcome)
    const b = bySeed(input, "b", outcome)
    const difference = pairedDifference(a, b)
    return {
      outcome,
      a: summarize([...a.values()]),
      b: summarize([...b.values()]),
      difference,
      significant: Number.isFinite(difference.ci_low) && (difference.ci_low > 0 || difference.ci_high < 0)
    }
  })

const num = (v: number): string => (!Number.isFinite(v) ? "–" : Math.abs(v) >= 1000 ? formatInteger(v) : formatDecimal(v, 4))
const ci = (s: Summary): string => (Number.isFinite(s.ci_low) ? `[${num(s.ci_low)}, ${num(s.ci_high)}]` : "–")

/** the arms' overrides: parameters whose value differs between the a and b cells */
const armFacts = (input: ExperimentInput): Array<readonly [string, string]> => {
  const values = (group: string, k: string): string => [...new Set(input.cells.filter((c) => c.group === group).map((c) => c.parameters[k] ?? "–"))].join(", ")
  const keys = new Set(input.cells.flatMap((c) => Object.keys(c.parameters)))
  return [...keys]
    .filter((k) => k !== "seed" && values("a", k) !== values("b", k))
    .sort()
    .map((k) => [k, `A: ${values("a", k)}   B: ${values("b", k)}`] as const)
}

export const renderAbReport = (input: ExperimentInput, source: string): string => {
  const rows = compareArms(input)
  const rel = rows.map((r) => {
    const base = Math.abs(r.a.mean)
    const scale = base === 0 || !Number.isFinite(base) ? Number.NaN : base
    return { label: r.outcome, value: r.difference.mean / scale, low: r.difference.ci_low / scale, high: r.difference.ci_high / scale }
  })
  const body = [
    "<h2>Arms</h2>",
    factsTable(armFacts(input).length === 0 ? [["parameters", "the arms ran the same parameters"]] : armFacts(input)),
    "<h2>Difference B − A relative to A</h2>",
    intervalChart(rel, { title: "Paired difference B − A ÷ |mean of A|, with its 95 % interval", xLabel: "relative difference (%)", percent: true, reference: 0 }),
    "<h2>Per outcome</h2>",
    htmlTable(
      [{ header: "outcome" }, { header: "A mean", numeric: true }, { header: "A 95 % CI" }, { header: "B mean", numeric: true }, { header: "B 95 % CI" }, { header: "B − A", numeric: true }, { header: "B − A 95 % CI" }, { header: "relative", numeric: true }, { header: "pairs", numeric: true }, { header: "excludes 0" }],
      rows.map((r, i) => [r.outcome, num(r.a.mean), ci(r.a), num(r.b.mean), ci(r.b), num(r.difference.mean), ci(r.difference), formatPercent(rel[i]?.value ?? null, 2), formatInteger(r.difference.n), r.significant ? "yes" : "no"])
    )
  ].join("\n")
  return reportPage(
    `A/B report: ${input.experiment_id}`,
    `Scenario <strong>${escapeHtml(input.scenario)}</strong>, ${formatInteger(input.cells.length)} cells; differences paired by seed.`,
    body,
    `Generated from ${source}. Intervals: 95 % Student-t.`
  )
}

export const writeAbReport = async (folder: string, id?: string): Promise<string> => {
  const input = await readExperiment(folder, "compare", id)
  const path = join(folder, "ab-report.html")
  writeFileSync(path, renderAbReport(input, folder))
  return path
}

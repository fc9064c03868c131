/**
 * The sweep report notebook: sensitivity of the key outcomes to each swept parameter. For every
 * parameter that differs between cells and every outcome, the cells are grouped by that
 * parameter's value (pooling the other parameters and the seeds) and the mean with its 95 %
 * t-interval is drawn against the value. The table ranks parameters by swing: the spread of those
 * group means (max − min) relative to the outcome's overall mean, and, for numeric parameters,
 * the elasticity (least-squares slope of outcome on parameter, scaled by mean parameter / mean
 * outcome). Written as `<folder>/sweep-report.html`.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { outcomeNames, variedParameters, type ExperimentInput } from "./experiment-data.ts"
import { formatDecimal, formatInteger } from "./format.ts"
import { escapeHtml } from "./html/escape.ts"
import { chartGrid, reportPage } from "./html/page.ts"
import { htmlTable } from "./html/table.ts"
import { barChart } from "./plot/bar-chart.ts"
import { meanCiChart, type MeanPoint } from "./plot/mean-ci-chart.ts"
import { readExperiment } from "./read-experiment.ts"
import { summarize } from "./stats.ts"

export interface Sensitivity {
  readonly parameter: string
  readonly outcome: string
  readonly points: ReadonlyArray<MeanPoint & { readonly n: number }>
  /** (max − min of the group means) / |overall mean| (NaN when the mean is 0) */
  readonly swing: number
  /** d ln(outcome) / d ln(parameter) by least squares, numeric parameters only (else NaN) */
  readonly elasticity: number
}

const byValue = (a: string, b: string): number => {
  const x = Number(a)
  const y = Number(b)
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a < b ? -1 : a > b ? 1 : 0
}

export const sensitivity = (input: ExperimentInput, parameter: string, outcome: string): Sensitivity => {
  const groups = new Map<string, number[]>()
  const xs: number[] = []
  const ys: number[] = []
  for (const c of input.cells) {
    const v = c.parameters[parameter]
    const y = c.outcomes[outcome]
    if (v === undefined || y === undefined) continue
    const g = groups.get(v) ?? []
    g.push(y)
    groups.set(v, g)
    xs.push(Number(v))
    ys.push(y)
  }
  const points = [...groups.keys()].sort(byValue).map((x) => {
    const s = summarize(groups.get(x) ?? [])
    return { x, mean: s.mean, low: s.ci_low, high: s.ci_high, n: s.n }
  })
  const means = points.map((p) => p.mean).filter(Number.isFinite)
  const overall = ys.length === 0 ? Number.NaN : ys.reduce((a, b) => a + b, 0) / ys.length
  const swing = means.length === 0 || overall === 0 ? Number.NaN : (Math.max(...means) - Math.min(...means)) / Math.abs(overall)
  let elasticity = Number.NaN
  if (xs.length > 1 && xs.every(Number.isFinite)) {
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length
    let sxy = 0
    let sxx = 0
    xs.forEach((x, i) => {
      sxy += (x - mx) * ((ys[i] ?? 0) - overall)
      sxx += (x - mx) ** 2
    })
    if (sxx > 0 && overall !== 0) elasticity = ((sxy / sxx) * mx) / overall
  }
  return { parameter, outcome, points, swing, elasticity }
}

export const renderSweepReport = (input: ExperimentInput, source: string): string => {
  const params = variedParameters(input)
  const outcomes = outcomeNames(input)
  const all = params.flatMap((p) => outcomes.map((o) => sensitivity(input, p, o)))
  const sections: string[] = []
  if (params.length === 0) sections.push("<p>No parameter differs between the cells: nothing to compare (a Monte Carlo experiment?).</p>")
  const lead = outcomes[0]
  if (lead !== undefined && params.length > 0)
    sections.push(
      `<h2>Which parameter moves ${escapeHtml(lead)} most</h2>\n${barChart(
        all.filter((s) => s.outcome === lead).map((s) => ({ label: s.parameter, value: Number.isFinite(s.swing) ? s.swing : 0 })),
        { title: `Swing of ${lead} (spread of group means ÷ overall mean)`, xLabel: "swing" }
      )}`
    )
  for (const p of params)
    sections.push(
      `<h2>Sensitivity to ${escapeHtml(p)}</h2>\n${chartGrid(
        all.filter((s) => s.parameter === p).map((s) => meanCiChart(s.points, { title: `${s.outcome} vs ${p}`, xLabel: p, yLabel: s.outcome }))
      )}`
    )
  const ranked = [...all].sort((a, b) => (Number.isFinite(b.swing) ? b.swing : -1) - (Number.isFinite(a.swing) ? a.swing : -1))
  sections.push(
    `<h2>Sensitivity table</h2>\n${htmlTable(
      [{ header: "parameter" }, { header: "outcome" }, { header: "values", numeric: true }, { header: "swing", numeric: true }, { header: "elasticity", numeric: true }],
      ranked.map((s) => [s.parameter, s.outcome, formatInteger(s.points.length), formatDecimal(s.swing, 4), formatDecimal(s.elasticity, 4)])
    )}`
  )
  const seeds = new Set(input.cells.map((c) => c.seed)).size
  return reportPage(
    `Sweep report: ${input.experiment_id}`,
    `Scenario <strong>${escapeHtml(input.scenario)}</strong>, ${formatInteger(input.cells.length)} cells, ${formatInteger(seeds)} seeds, ${formatInteger(params.length)} parameters varied.`,
    sections.join("\n"),
    `Generated from ${source}. Intervals: 95 % Student-t over the cells of each value.`
  )
}

export const writeSweepReport = async (folder: string, id?: string): Promise<string> => {
  const input = await readExperiment(folder, "sweep", id)
  const path = join(folder, "sweep-report.html")
  writeFileSync(path, renderSweepReport(input, folder))
  return path
}

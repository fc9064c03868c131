/**
 * Draw a daily figure as an SVG: every line of one run, or the first line of several runs
 * overlaid (one colour per run). Days without a value (e.g. an undefined Gini) are left out.
 */
import type { DailyFigure } from "./daily-figures.ts"
import { lineChart } from "./plot/line-chart.ts"
import type { Point } from "./plot/series.ts"
import type { RunData } from "./run-data.ts"

export const runFigurePoints = (run: RunData, figure: DailyFigure): ReadonlyArray<Point> =>
  figure.lines.flatMap((line) =>
    run.daily.flatMap((d) => {
      const y = line.value(d)
      return y === null || !Number.isFinite(y) ? [] : [{ x: Number(d.day), y, series: line.name }]
    })
  )

/** How a run is named in overlays: its id, prefixed by its scenario unless the id already starts with it. */
export const runLabel = (run: RunData): string =>
  run.manifest.run_id.startsWith(`${run.manifest.scenario}-`) ? run.manifest.run_id : `${run.manifest.scenario} · ${run.manifest.run_id}`

export const compareFigurePoints = (runs: ReadonlyArray<RunData>, figure: DailyFigure): ReadonlyArray<Point> =>
  runs.flatMap((run) =>
    run.daily.flatMap((d) => {
      const y = figure.lines[0].value(d)
      return y === null || !Number.isFinite(y) ? [] : [{ x: Number(d.day), y, series: runLabel(run) }]
    })
  )

export const runFigureSvg = (run: RunData, figure: DailyFigure, width?: number): string =>
  lineChart(runFigurePoints(run, figure), { title: figure.title, yLabel: figure.yLabel, zeroRule: figure.zeroRule, width })

export const compareFigureSvg = (runs: ReadonlyArray<RunData>, figure: DailyFigure, width?: number): string =>
  lineChart(compareFigurePoints(runs, figure), {
    title: `${figure.title}${figure.lines.length > 1 ? ` (${figure.lines[0].name})` : ""}`,
    yLabel: figure.yLabel,
    zeroRule: figure.zeroRule,
    legend: true,
    width
  })

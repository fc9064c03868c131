/**
 * Normalised comparison: a daily figure of several runs divided by each run's registered players
 * that day, so runs of different sizes compare (amounts per player; the Gini is already a ratio
 * and is left as it is).
 */
import type { DailyFigure } from "../../../notebooks/daily-figures.ts"
import { runLabel } from "../../../notebooks/daily-charts.ts"
import type { Point } from "../../../notebooks/plot/series.ts"
import type { RunData } from "../../../notebooks/run-data.ts"

/** figures that are already ratios or are the divisor itself */
export const UNNORMALISED = new Set(["gini", "players"])

export const perPlayerPoints = (runs: ReadonlyArray<RunData>, figure: DailyFigure): ReadonlyArray<Point> =>
  runs.flatMap((run) =>
    run.daily.flatMap((d) => {
      const y = figure.lines[0].value(d)
      const n = Number(d.players_total)
      return y === null || !Number.isFinite(y) || n <= 0 ? [] : [{ x: Number(d.day), y: y / n, series: runLabel(run) }]
    })
  )

/**
 * A line chart over days, one line per series (a single series draws without a legend).
 */
import * as Plot from "@observablehq/plot"
import { renderPlot } from "./render.ts"
import { compactTick } from "./ticks.ts"
import type { Point } from "./series.ts"

const SINGLE_COLOUR = "#1f5fbf"

export interface LineChartOptions {
  readonly title: string
  readonly yLabel: string
  readonly xLabel?: string
  readonly width?: number
  readonly height?: number
  /** Draw a horizontal rule at zero (for signed figures like house PnL). */
  readonly zeroRule?: boolean
  /** Show the series legend (default: when there is more than one series). */
  readonly legend?: boolean
}

export const lineChart = (points: ReadonlyArray<Point>, options: LineChartOptions): string => {
  const legend = options.legend ?? new Set(points.map((p) => p.series)).size > 1
  const data = [...points]
  return renderPlot({
    title: options.title,
    width: options.width ?? 640,
    height: options.height ?? 280,
    marginLeft: 70,
    grid: true,
    x: { label: options.xLabel ?? "day" },
    y: { label: options.yLabel, tickFormat: compactTick, zero: true },
    color: legend ? { legend: true, type: "categorical" } : undefined,
    marks: [
      ...(options.zeroRule === true ? [Plot.ruleY([0], { stroke: "#999" })] : []),
      Plot.lineY(data, { x: "x", y: "y", z: "series", stroke: legend ? "series" : SINGLE_COLOUR, strokeWidth: 2 }),
      Plot.dot(data, { x: "x", y: "y", fill: legend ? "series" : SINGLE_COLOUR, r: data.length <= 60 ? 2 : 0 })
    ]
  })
}

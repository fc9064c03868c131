/**
 * A horizontal interval chart: one row per label, a dot at the estimate and a rule over its
 * interval (a confidence interval, or a theoretical range), with an optional reference line
 * (zero for differences). Used for realised vs theoretical edges and A/B differences.
 */
import * as Plot from "@observablehq/plot"
import { renderPlot } from "./render.ts"

export interface Interval {
  readonly label: string
  readonly value: number
  readonly low: number
  readonly high: number
}

export interface IntervalChartOptions {
  readonly title: string
  readonly xLabel: string
  readonly width?: number
  readonly reference?: number
  /** format of x ticks (default: Plot's) */
  readonly percent?: boolean
}

export const intervalChart = (rows: ReadonlyArray<Interval>, options: IntervalChartOptions): string => {
  const data = rows.filter((r) => Number.isFinite(r.value))
  const ranges = data.filter((r) => Number.isFinite(r.low) && Number.isFinite(r.high))
  return renderPlot({
    title: options.title,
    width: options.width ?? 640,
    height: Math.max(120, 50 + data.length * 26),
    marginLeft: 150,
    x: { label: options.xLabel, grid: true, percent: options.percent === true },
    y: { label: null, domain: data.map((r) => r.label) },
    marks: [
      ...(options.reference === undefined ? [] : [Plot.ruleX([options.reference], { stroke: "#999" })]),
      Plot.ruleY(ranges, { y: "label", x1: "low", x2: "high", stroke: "#888", strokeWidth: 3 }),
      Plot.tickX(ranges, { y: "label", x: "low", stroke: "#888" }),
      Plot.tickX(ranges, { y: "label", x: "high", stroke: "#888" }),
      Plot.dot(data, { x: "value", y: "label", fill: "#1f5fbf", r: 4 })
    ]
  })
}

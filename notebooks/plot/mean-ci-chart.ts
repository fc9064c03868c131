/**
 * Mean with its 95 % interval against a parameter's values: a line through the means, a vertical
 * rule over each interval. Numeric parameter values give a linear x axis; otherwise the values
 * are placed in the order given (ordinal).
 */
import * as Plot from "@observablehq/plot"
import { renderPlot } from "./render.ts"
import { compactTick } from "./ticks.ts"

export interface MeanPoint {
  readonly x: string
  readonly mean: number
  readonly low: number
  readonly high: number
}

export interface MeanCiOptions {
  readonly title: string
  readonly xLabel: string
  readonly yLabel: string
  readonly width?: number
}

export const meanCiChart = (points: ReadonlyArray<MeanPoint>, options: MeanCiOptions): string => {
  const numeric = points.every((p) => p.x.trim() !== "" && Number.isFinite(Number(p.x)))
  const data = points.map((p) => ({ ...p, xv: numeric ? Number(p.x) : p.x }))
  const ranges = data.filter((p) => Number.isFinite(p.low) && Number.isFinite(p.high))
  return renderPlot({
    title: options.title,
    width: options.width ?? 460,
    height: 260,
    marginLeft: 70,
    grid: true,
    x: numeric ? { label: options.xLabel } : { label: options.xLabel, type: "point", domain: data.map((p) => p.xv) },
    y: { label: options.yLabel, tickFormat: compactTick },
    marks: [
      Plot.ruleX(ranges, { x: "xv", y1: "low", y2: "high", stroke: "#888", strokeWidth: 2 }),
      Plot.lineY(data, { x: "xv", y: "mean", stroke: "#1f5fbf", strokeWidth: 2 }),
      Plot.dot(data, { x: "xv", y: "mean", fill: "#1f5fbf", r: 3 })
    ]
  })
}

/**
 * A horizontal bar chart of labelled amounts, in the order given (e.g. the richest players).
 */
import * as Plot from "@observablehq/plot"
import { renderPlot } from "./render.ts"
import { compactTick } from "./ticks.ts"

export interface Bar {
  readonly label: string
  readonly value: number
}

export interface BarChartOptions {
  readonly title: string
  readonly xLabel: string
  readonly width?: number
}

export const barChart = (bars: ReadonlyArray<Bar>, options: BarChartOptions): string => {
  const data = [...bars]
  return renderPlot({
    title: options.title,
    width: options.width ?? 640,
    height: Math.max(120, 40 + data.length * 18),
    marginLeft: 140,
    x: { label: options.xLabel, tickFormat: compactTick, grid: true },
    y: { label: null, domain: data.map((b) => b.label) },
    marks: [Plot.barX(data, { x: "value", y: "label", fill: "#1f5fbf" }), Plot.ruleX([0])]
  })
}

/**
 * Render an Observable Plot figure on the server: Plot draws into a linkedom document and the
 * result is returned as markup (an <svg>, wrapped in a <figure> when it has a title or legend).
 * The markup references no external asset, so it can be inlined into any HTML page.
 */
import * as Plot from "@observablehq/plot"
import { parseHTML } from "linkedom"

export const renderPlot = (options: Plot.PlotOptions): string => {
  const { document } = parseHTML("<!doctype html><html><head></head><body></body></html>")
  return Plot.plot({ ...options, document }).outerHTML
}

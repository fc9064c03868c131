/**
 * Progress with the time left, on stderr: in a terminal one line rewritten in place (at most
 * twice a second), otherwise a plain line at most every `plain_every_ms` and at the end.
 */
import type { SimulationProgress } from "../runner/simulate.ts"

export const duration = (ms: number): string => {
  if (!Number.isFinite(ms)) return "?"
  const t = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(t / 3600)
  const m = Math.floor((t % 3600) / 60)
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m${String(t % 60).padStart(2, "0")}s`
}

export interface ProgressLine {
  readonly done: number
  readonly total: number
  /** what is counted: "cells", "days" */
  readonly unit: string
  readonly elapsed_ms: number
  /** NaN when unknown */
  readonly left_ms: number
  /** extra text after the counts */
  readonly note?: string
}

export const progressPrinter = (
  label: string,
  o: { readonly tty: boolean; readonly write: (s: string) => void; readonly plain_every_ms?: number } = {
    tty: process.stderr.isTTY === true,
    write: (s) => process.stderr.write(s)
  }
) => {
  let last_ms = Number.NEGATIVE_INFINITY
  const every_ms = o.tty ? 500 : (o.plain_every_ms ?? 10_000)
  return (p: ProgressLine): void => {
    const finished = p.done >= p.total
    const now_ms = Date.now()
    if (!finished && now_ms - last_ms < every_ms) return
    last_ms = now_ms
    const pct = p.total > 0 ? ((100 * p.done) / p.total).toFixed(0) : "100"
    const text =
      `${label}: ${p.done}/${p.total} ${p.unit} (${pct} %)${p.note !== undefined && p.note !== "" ? `, ${p.note}` : ""}, ${duration(p.elapsed_ms)} elapsed` +
      (finished ? "" : `, ~${duration(p.left_ms)} left`)
    o.write(o.tty ? `\r${text}\x1b[K${finished ? "\n" : ""}` : `${text}\n`)
  }
}

/**
 * A `simulate` progress callback that prints through `progressPrinter`: days done, blocks and
 * transactions so far, and the time left extrapolated from the mean time per day so far.
 */
export const dayProgress = (label: string, print: (p: ProgressLine) => void = progressPrinter(label)) => {
  const started_ms = Date.now()
  return (p: SimulationProgress): void => {
    const elapsed_ms = Date.now() - started_ms
    const left_ms = p.days_done > 0 ? (elapsed_ms / p.days_done) * (p.days_total - p.days_done) : Number.NaN
    print({ done: p.days_done, total: p.days_total, unit: "days", elapsed_ms, left_ms, note: `${p.blocks} blocks, ${p.transactions} tx` })
  }
}

/**
 * The end-of-test summary: the data object k6 hands to handleSummary (root_group with checks and
 * groups, options, state, metrics with values and threshold results) and k6's text rendering.
 */
import { createHash } from "node:crypto"
import { CounterSink, GaugeSink, RateSink, TrendSink, type MetricEntry, type MetricRegistry, type Sink, type ValueType } from "./metrics.ts"
import type { Evaluation } from "./thresholds.ts"

export interface CheckSummary {
  readonly name: string
  readonly path: string
  readonly id: string
  passes: number
  fails: number
}

export interface GroupSummary {
  readonly name: string
  readonly path: string
  readonly id: string
  readonly groups: GroupSummary[]
  readonly checks: CheckSummary[]
}

export interface MetricSummary {
  readonly type: string
  readonly contains: ValueType
  readonly values: Record<string, number>
  readonly thresholds?: Record<string, { ok: boolean }>
}

export interface SummaryData {
  readonly root_group: GroupSummary
  readonly options: { readonly summaryTrendStats: ReadonlyArray<string>; readonly summaryTimeUnit: string; readonly noColor: boolean }
  readonly state: { readonly isStdOutTTY: boolean; readonly isStdErrTTY: boolean; readonly testRunDurationMs: number }
  readonly metrics: Record<string, MetricSummary>
}

const md5 = (s: string): string => createHash("md5").update(s).digest("hex")

const newGroup = (name: string, path: string): GroupSummary => ({ name, path, id: md5(path), groups: [], checks: [] })

/** Distinct groups and checks kept in the tree; names beyond it are counted in the metrics only. */
export const TREE_NODES_MAX = 10_000

/** Collects check results by group path from `checks` samples as they arrive. */
export class CheckTree {
  private nodes = 0
  readonly root = newGroup("", "")
  private readonly groups = new Map<string, GroupSummary>([["", this.root]])

  group(path: string): GroupSummary | null {
    const found = this.groups.get(path)
    if (found !== undefined) return found
    if (this.nodes >= TREE_NODES_MAX) return null
    const cut = path.lastIndexOf("::")
    const parent = this.group(cut <= 0 ? "" : path.slice(0, cut))
    if (parent === null) return null
    this.nodes++
    const g = newGroup(path.slice(cut + 2), path)
    parent.groups.push(g)
    this.groups.set(path, g)
    return g
  }

  record(groupPath: string, name: string, ok: boolean): void {
    const g = this.group(groupPath)
    if (g === null) return
    let c = g.checks.find((x) => x.name === name)
    if (c === undefined) {
      if (this.nodes >= TREE_NODES_MAX) return
      this.nodes++
      c = { name, path: `${groupPath}::${name}`, id: md5(`${groupPath}::${name}`), passes: 0, fails: 0 }
      g.checks.push(c)
    }
    if (ok) c.passes++
    else c.fails++
  }
}

const trendValue = (sink: TrendSink, stat: string): number | null => {
  switch (stat) {
    case "avg":
      return sink.avg
    case "min":
      return sink.min
    case "med":
      return sink.med
    case "max":
      return sink.max
    case "count":
      return sink.count
    default: {
      const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat)
      return m === null ? null : sink.p(Number(m[1]) / 100)
    }
  }
}

const sinkValues = (sink: Sink, duration_ms: number, trendStats: ReadonlyArray<string>): Record<string, number> => {
  if (sink instanceof CounterSink) return { count: sink.count, rate: sink.count / (duration_ms / 1000) }
  if (sink instanceof GaugeSink) return { value: sink.value, min: sink.min, max: sink.max }
  if (sink instanceof RateSink) return { rate: sink.total === 0 ? 0 : sink.trues / sink.total, passes: sink.trues, fails: sink.total - sink.trues }
  const out: Record<string, number> = {}
  for (const s of trendStats) {
    const v = trendValue(sink, s)
    if (v !== null) out[s] = v
  }
  return out
}

export const buildSummaryData = (
  registry: MetricRegistry,
  checks: CheckTree,
  evaluation: Evaluation,
  duration_ms: number,
  trendStats: ReadonlyArray<string>
): SummaryData => {
  const metrics: Record<string, MetricSummary> = {}
  const thresholdsOf = (key: string): Record<string, { ok: boolean }> | undefined => {
    const rs = evaluation.results.filter((r) => r.key === key)
    if (rs.length === 0) return undefined
    const out: Record<string, { ok: boolean }> = {}
    for (const r of rs) out[r.source] = { ok: r.ok }
    return out
  }
  const put = (key: string, entry: MetricEntry, sink: Sink) => {
    const thresholds = thresholdsOf(key)
    metrics[key] = {
      type: entry.decl.type,
      contains: entry.decl.contains,
      values: sinkValues(sink, duration_ms, trendStats),
      ...(thresholds === undefined ? {} : { thresholds })
    }
  }
  for (const entry of registry.all()) {
    if (!entry.observed) continue
    put(entry.decl.name, entry, entry.sink)
    for (const sub of entry.submetrics) put(sub.name, entry, sub.sink)
  }
  return {
    root_group: checks.root,
    options: { summaryTrendStats: trendStats, summaryTimeUnit: "", noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: duration_ms },
    metrics
  }
}

// ------------------------------------------------------------------ text

const fmtTime = (ms: number): string => {
  if (ms === 0) return "0s"
  if (ms < 1) return `${(ms * 1000).toFixed(2)}µs`
  if (ms < 1000) return `${ms.toFixed(2)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`
  const m = Math.floor(ms / 60_000)
  return `${m}m${((ms - m * 60_000) / 1000).toFixed(2)}s`
}

const fmtData = (bytes: number): string => {
  const units = ["B", "kB", "MB", "GB", "TB"]
  let v = bytes
  let i = 0
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`
}

const fmtNumber = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/\.?0+$/, ""))

const fmtValue = (v: number, contains: ValueType): string =>
  contains === "time" ? fmtTime(v) : contains === "data" ? fmtData(v) : fmtNumber(v)

const renderMetric = (m: MetricSummary, trendStats: ReadonlyArray<string>): string => {
  const v = m.values
  switch (m.type) {
    case "counter":
      return `${fmtValue(v["count"] ?? 0, m.contains).padEnd(8)} ${m.contains === "data" ? `${fmtData(v["rate"] ?? 0)}/s` : `${(v["rate"] ?? 0).toFixed(6).replace(/\.?0+$/, "")}/s`}`
    case "gauge":
      return `${fmtValue(v["value"] ?? 0, m.contains).padEnd(8)} min=${fmtValue(v["min"] ?? 0, m.contains)} max=${fmtValue(v["max"] ?? 0, m.contains)}`
    case "rate":
      return `${((v["rate"] ?? 0) * 100).toFixed(2)}% ✓ ${String(v["passes"] ?? 0).padEnd(8)} ✗ ${v["fails"] ?? 0}`
    default:
      return trendStats
        .filter((s) => v[s] !== undefined)
        .map((s) => `${s}=${fmtValue(v[s] ?? 0, m.contains)}`)
        .join(" ")
  }
}

const renderGroup = (g: GroupSummary, indent: string, lines: string[]): void => {
  for (const c of g.checks) {
    const total = c.passes + c.fails
    if (c.fails === 0) lines.push(`${indent}✓ ${c.name}`)
    else {
      lines.push(`${indent}✗ ${c.name}`)
      lines.push(`${indent} ↳  ${Math.floor((c.passes / total) * 100)}% — ✓ ${c.passes} / ✗ ${c.fails}`)
    }
  }
  for (const sub of g.groups) {
    lines.push("")
    lines.push(`${indent}█ ${sub.name}`)
    lines.push("")
    renderGroup(sub, `${indent}  `, lines)
  }
}

export const renderSummaryText = (data: SummaryData): string => {
  const lines: string[] = []
  renderGroup(data.root_group, "     ", lines)
  lines.push("")
  const names = Object.keys(data.metrics).sort()
  const labelWidth = Math.max(32, ...names.map((n) => n.length + 4))
  for (const name of names) {
    const m = data.metrics[name]
    if (m === undefined) continue
    const brace = name.indexOf("{")
    const label = brace < 0 ? name : `  { ${name.slice(brace + 1, -1)} }`
    const mark = m.thresholds === undefined ? "  " : Object.values(m.thresholds).every((t) => t.ok) ? "✓ " : "✗ "
    lines.push(`   ${mark}${label.padEnd(labelWidth, ".")}: ${renderMetric(m, data.options.summaryTrendStats)}`)
  }
  lines.push("")
  return lines.join("\n")
}

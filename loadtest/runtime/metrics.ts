/**
 * k6 metric model: four metric types with k6's sinks (Counter, Gauge, Rate, Trend), the built-in
 * metrics of the modules this runtime implements, and sub-metrics selected by tags
 * (`http_req_duration{name:submit}`). Aggregation follows k6 v0.47: a Trend keeps its values and
 * computes percentiles by linear interpolation between the closest ranks.
 */

export type MetricType = "counter" | "gauge" | "rate" | "trend"
export type ValueType = "default" | "time" | "data"

export interface MetricDecl {
  readonly name: string
  readonly type: MetricType
  readonly contains: ValueType
}

export type Tags = Readonly<Record<string, string>>

export interface Sample {
  readonly metric: string
  readonly value: number
  readonly tags: Tags
  readonly time_ms: number
}

/** Values kept per Trend sink; beyond this count, min/max/avg stay exact and percentiles use the first values kept. */
export const TREND_VALUES_MAX = 2_000_000

export const BUILTIN_METRICS: ReadonlyArray<MetricDecl> = [
  { name: "checks", type: "rate", contains: "default" },
  { name: "data_received", type: "counter", contains: "data" },
  { name: "data_sent", type: "counter", contains: "data" },
  { name: "dropped_iterations", type: "counter", contains: "default" },
  { name: "group_duration", type: "trend", contains: "time" },
  { name: "http_req_blocked", type: "trend", contains: "time" },
  { name: "http_req_connecting", type: "trend", contains: "time" },
  { name: "http_req_duration", type: "trend", contains: "time" },
  { name: "http_req_failed", type: "rate", contains: "default" },
  { name: "http_req_receiving", type: "trend", contains: "time" },
  { name: "http_req_sending", type: "trend", contains: "time" },
  { name: "http_req_tls_handshaking", type: "trend", contains: "time" },
  { name: "http_req_waiting", type: "trend", contains: "time" },
  { name: "http_reqs", type: "counter", contains: "default" },
  { name: "iteration_duration", type: "trend", contains: "time" },
  { name: "iterations", type: "counter", contains: "default" },
  { name: "vus", type: "gauge", contains: "default" },
  { name: "vus_max", type: "gauge", contains: "default" },
  { name: "ws_connecting", type: "trend", contains: "time" },
  { name: "ws_msgs_received", type: "counter", contains: "default" },
  { name: "ws_msgs_sent", type: "counter", contains: "default" },
  { name: "ws_ping", type: "trend", contains: "time" },
  { name: "ws_session_duration", type: "trend", contains: "time" },
  { name: "ws_sessions", type: "counter", contains: "default" }
]

const METRIC_NAME = /^[\p{L}\p{N}._ !?/&#()<>%-]{1,128}$/u

export const validMetricName = (name: string): boolean => METRIC_NAME.test(name)

// ------------------------------------------------------------------ sinks

export class CounterSink {
  count = 0
  first_ms: number | null = null
  add(s: Sample): void {
    this.count += s.value
    if (this.first_ms === null) this.first_ms = s.time_ms
  }
  get empty(): boolean {
    return this.first_ms === null
  }
}

export class GaugeSink {
  value = 0
  min = 0
  max = 0
  private set = false
  add(s: Sample): void {
    this.value = s.value
    if (s.value > this.max) this.max = s.value
    if (s.value < this.min || !this.set) {
      this.min = s.value
      this.set = true
    }
  }
  get empty(): boolean {
    return !this.set
  }
}

export class RateSink {
  trues = 0
  total = 0
  add(s: Sample): void {
    this.total++
    if (s.value !== 0) this.trues++
  }
  get empty(): boolean {
    return this.total === 0
  }
}

export class TrendSink {
  private values: number[] = []
  private sorted = true
  count = 0
  sum = 0
  private lo = 0
  private hi = 0
  add(s: Sample): void {
    const v = s.value
    if (this.count === 0 || v < this.lo) this.lo = v
    if (this.count === 0 || v > this.hi) this.hi = v
    this.count++
    this.sum += v
    if (this.values.length < TREND_VALUES_MAX) {
      if (this.values.length > 0 && v < this.values[this.values.length - 1]!) this.sorted = false
      this.values.push(v)
    }
  }
  get empty(): boolean {
    return this.count === 0
  }
  get min(): number {
    return this.count === 0 ? 0 : this.lo
  }
  get max(): number {
    return this.count === 0 ? 0 : this.hi
  }
  get avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count
  }
  get med(): number {
    return this.p(0.5)
  }
  /** k6 v0.47 TrendSink.P: `pct` in [0, 1]; linear interpolation between the neighbouring ranks. */
  p(pct: number): number {
    const n = this.values.length
    if (n === 0) return 0
    if (n === 1) return this.values[0]!
    if (!this.sorted) {
      this.values.sort((a, b) => a - b)
      this.sorted = true
    }
    const i = pct * (n - 1)
    const j = this.values[Math.floor(i)]!
    const k = this.values[Math.ceil(i)]!
    return j + (k - j) * (i - Math.floor(i))
  }
}

export type Sink = CounterSink | GaugeSink | RateSink | TrendSink

export const newSink = (type: MetricType): Sink => {
  switch (type) {
    case "counter":
      return new CounterSink()
    case "gauge":
      return new GaugeSink()
    case "rate":
      return new RateSink()
    case "trend":
      return new TrendSink()
  }
}

// ------------------------------------------------------------------ registry

export interface Submetric {
  readonly name: string
  readonly selector: Tags
  readonly sink: Sink
}

export interface MetricEntry {
  readonly decl: MetricDecl
  readonly sink: Sink
  readonly submetrics: Submetric[]
  /** shown in the summary: received samples or carries thresholds */
  observed: boolean
}

/** Parse `key:value,key2:value2` (values may be quoted) into a tag selector, as k6's AddSubmetric. */
export const parseSelector = (text: string): Tags | Error => {
  const out: Record<string, string> = {}
  const body = text.trim()
  if (body === "") return new Error("submetric criteria must not be empty")
  for (const part of body.split(",")) {
    const at = part.indexOf(":")
    if (at < 0) return new Error(`submetric criterion '${part.trim()}' is not of the form key:value`)
    const key = part.slice(0, at).trim()
    let value = part.slice(at + 1).trim()
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) value = value.slice(1, -1)
    if (key === "") return new Error(`submetric criterion '${part.trim()}' has an empty key`)
    out[key] = value
  }
  return out
}

const matches = (selector: Tags, tags: Tags): boolean => {
  for (const k of Object.keys(selector)) if (tags[k] !== selector[k]) return false
  return true
}

export class MetricRegistry {
  private readonly entries = new Map<string, MetricEntry>()
  constructor() {
    for (const d of BUILTIN_METRICS) this.entries.set(d.name, { decl: d, sink: newSink(d.type), submetrics: [], observed: false })
  }
  /** Declare a metric; redeclaring with the same type is a no-op, with another type an error (as k6). */
  declare(decl: MetricDecl): MetricEntry | Error {
    if (!validMetricName(decl.name)) return new Error(`invalid metric name '${decl.name}'`)
    const existing = this.entries.get(decl.name)
    if (existing !== undefined) {
      if (existing.decl.type !== decl.type || existing.decl.contains !== decl.contains)
        return new Error(`metric '${decl.name}' already exists with type ${existing.decl.type}`)
      return existing
    }
    const entry: MetricEntry = { decl, sink: newSink(decl.type), submetrics: [], observed: false }
    this.entries.set(decl.name, entry)
    return entry
  }
  get(name: string): MetricEntry | undefined {
    return this.entries.get(name)
  }
  all(): ReadonlyArray<MetricEntry> {
    return [...this.entries.values()]
  }
  /** Resolve `name` or `name{k:v}` to its sink, creating the sub-metric on first use. */
  resolve(key: string): { entry: MetricEntry; sink: Sink; submetric: Submetric | null } | Error {
    const brace = key.indexOf("{")
    const name = brace < 0 ? key : key.slice(0, brace)
    const entry = this.entries.get(name)
    if (entry === undefined) return new Error(`no metric name '${name}' found`)
    if (brace < 0) return { entry, sink: entry.sink, submetric: null }
    if (!key.endsWith("}")) return new Error("missing ending bracket, sub-metric format needs to be 'metric{key:value}'")
    const found = entry.submetrics.find((s) => s.name === key)
    if (found !== undefined) return { entry, sink: found.sink, submetric: found }
    const selector = parseSelector(key.slice(brace + 1, -1))
    if (selector instanceof Error) return selector
    const sub: Submetric = { name: key, selector, sink: newSink(entry.decl.type) }
    entry.submetrics.push(sub)
    return { entry, sink: sub.sink, submetric: sub }
  }
  /** Add one sample; samples for unknown metrics are refused (metrics are declared in the init context). */
  add(s: Sample): boolean {
    const entry = this.entries.get(s.metric)
    if (entry === undefined) return false
    entry.sink.add(s)
    entry.observed = true
    for (const sub of entry.submetrics) if (matches(sub.selector, s.tags)) sub.sink.add(s)
    return true
  }
}

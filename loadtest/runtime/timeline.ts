/**
 * The run over time: every sample of the test (setup and teardown excluded) lands in a one-second
 * bucket of its metric, overall and per endpoint (the sample's `name` tag, else its `step` or
 * `stream` tag), so a dashboard can chart percentiles, throughput and errors second by second.
 * Per bucket: the sample count, the sum (counters: the total), the non-zero count (rates: passes;
 * for http_req_failed and checks the interesting side is the other: fails = count - nonzero),
 * the last value (gauges) and, for trends, p50/p95/p99/max (k6 v0.47 interpolation, TrendSink).
 *
 * The same series over the whole test (`totals`) are the per-endpoint summary of the run.
 *
 * Bounds: TIMELINE_SECONDS_MAX buckets (later samples go to the last one), TIMELINE_SERIES_MAX
 * series per bucket (beyond, samples count only in the overall series), and TIMELINE_VALUES_MAX
 * trend values per series and bucket (beyond, count/sum/max stay exact, percentiles use the
 * values kept).
 */
import { TrendSink, type MetricType, type Sample } from "./metrics.ts"

export const TIMELINE_BUCKET_MS = 1_000
/** the runner's 30-minute cap, in buckets */
export const TIMELINE_SECONDS_MAX = 1_800
export const TIMELINE_SERIES_MAX = 256
export const TIMELINE_VALUES_MAX = 20_000
/** trend values kept per series over the whole run (totals) */
export const TOTAL_VALUES_MAX = 500_000

/** the built-in metrics charted (custom metrics are always charted) */
export const TIMELINE_BUILTINS: ReadonlySet<string> = new Set([
  "http_reqs",
  "http_req_duration",
  "http_req_failed",
  "iterations",
  "dropped_iterations",
  "checks",
  "ws_msgs_received",
  "ws_sessions",
  "ws_connecting",
  "vus"
])

export interface TimelinePoint {
  /** the bucket's start, seconds since the test started */
  readonly t_s: number
  readonly metric: string
  readonly type: MetricType
  /** the endpoint / step / stream the series is for; "" = every sample of the metric */
  readonly name: string
  readonly count: number
  readonly sum: number
  readonly nonzero: number
  readonly last: number
  readonly p50: number | null
  readonly p95: number | null
  readonly p99: number | null
  readonly max: number | null
}

class Series {
  constructor(private readonly values_max: number) {}
  count = 0
  sum = 0
  nonzero = 0
  last = 0
  max = Number.NEGATIVE_INFINITY
  trend: TrendSink | null = null
  add(s: Sample, type: MetricType): void {
    this.count++
    this.sum += s.value
    if (s.value !== 0) this.nonzero++
    this.last = s.value
    if (s.value > this.max) this.max = s.value
    if (type === "trend") {
      this.trend ??= new TrendSink()
      if (this.trend.count < this.values_max) this.trend.add(s)
    }
  }
}

const pointOf = (t_s: number, metric: string, name: string, type: MetricType, series: Series): TimelinePoint => {
  const t = series.trend
  return {
    t_s,
    metric,
    type,
    name,
    count: series.count,
    sum: series.sum,
    nonzero: series.nonzero,
    last: series.last,
    p50: t === null ? null : t.p(0.5),
    p95: t === null ? null : t.p(0.95),
    p99: t === null ? null : t.p(0.99),
    max: t === null ? null : series.max
  }
}

const seriesName = (s: Sample): string => s.tags["name"] ?? s.tags["step"] ?? s.tags["stream"] ?? ""

export class Timeline {
  /** bucket index -> series key (metric NUL name) -> series */
  private readonly buckets = new Map<number, Map<string, { metric: string; name: string; type: MetricType; series: Series }>>()
  private readonly totalsByKey = new Map<string, { metric: string; name: string; type: MetricType; series: Series }>()
  private t0_ms: number | null = null

  /** the test clock starts (samples before it, from setup, are not charted) */
  start(t0_ms: number): void {
    this.t0_ms = t0_ms
  }

  /** stop charting (teardown and handleSummary samples are not charted) */
  stop(): void {
    this.t0_ms = null
  }

  add(s: Sample, type: MetricType, custom: boolean): void {
    if (this.t0_ms === null || s.time_ms < this.t0_ms) return
    if (!custom && !TIMELINE_BUILTINS.has(s.metric)) return
    const b = Math.min(TIMELINE_SECONDS_MAX - 1, Math.floor((s.time_ms - this.t0_ms) / TIMELINE_BUCKET_MS))
    let bucket = this.buckets.get(b)
    if (bucket === undefined) this.buckets.set(b, (bucket = new Map()))
    const name = seriesName(s)
    const keys = name === "" ? [""] : ["", name]
    for (const n of keys) {
      const key = `${s.metric}\u0000${n}`
      let entry = bucket.get(key)
      if (entry === undefined) {
        if (n !== "" && bucket.size >= TIMELINE_SERIES_MAX) continue
        bucket.set(key, (entry = { metric: s.metric, name: n, type, series: new Series(TIMELINE_VALUES_MAX) }))
      }
      entry.series.add(s, type)
      let total = this.totalsByKey.get(key)
      if (total === undefined) {
        if (n !== "" && this.totalsByKey.size >= TIMELINE_SERIES_MAX) continue
        this.totalsByKey.set(key, (total = { metric: s.metric, name: n, type, series: new Series(TOTAL_VALUES_MAX) }))
      }
      total.series.add(s, type)
    }
  }

  /** every series over the whole test (t_s = 0), in metric then name order: the per-endpoint summary */
  totals(): TimelinePoint[] {
    return [...this.totalsByKey.values()]
      .sort((x, y) => (x.metric === y.metric ? x.name.localeCompare(y.name) : x.metric.localeCompare(y.metric)))
      .map(({ metric, name, type, series }) => pointOf(0, metric, name, type, series))
  }

  /** every series of every bucket, in time then metric then name order */
  points(): TimelinePoint[] {
    const out: TimelinePoint[] = []
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      const bucket = this.buckets.get(b)
      if (bucket === undefined) continue
      const entries = [...bucket.values()].sort((x, y) => (x.metric === y.metric ? x.name.localeCompare(y.name) : x.metric.localeCompare(y.metric)))
      for (const { metric, name, type, series } of entries) out.push(pointOf((b * TIMELINE_BUCKET_MS) / 1000, metric, name, type, series))
    }
    return out
  }
}

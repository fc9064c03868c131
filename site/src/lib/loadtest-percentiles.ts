/**
 * Latency percentiles of every load-test run, from the k6 summary each run stores in
 * `loadtest_runs.summary` (data.metrics.<metric>.values: med, p(90), p(95), p(99), max), in run
 * order (oldest first), for the trend chart and table of the load-test page.
 */
import { Either, Schema } from "effect"
import type { LoadtestRow } from "../../../notebooks/loadtest-data.ts"
import type { Point } from "../../../notebooks/plot/series.ts"

export const PERCENTILE_KEYS = ["med", "p(90)", "p(95)", "p(99)", "max"] as const
export const LATENCY_METRICS = ["http_req_duration", "update_latency_ms"] as const

const Summary = Schema.parseJson(
  Schema.Struct({ data: Schema.NullishOr(Schema.Struct({ metrics: Schema.Record({ key: Schema.String, value: Schema.Struct({ values: Schema.Record({ key: Schema.String, value: Schema.Number }) }) }) })) })
)
const decodeSummary = Schema.decodeUnknownEither(Summary)

export interface RunPercentiles {
  readonly run: LoadtestRow
  /** metric → percentile key → ms (absent when the run did not record it) */
  readonly values: ReadonlyMap<string, ReadonlyMap<string, number>>
}

export const runPercentiles = (rows: ReadonlyArray<LoadtestRow>): ReadonlyArray<RunPercentiles> =>
  [...rows]
    .sort((a, b) => a.started_at.localeCompare(b.started_at) || a.run_id.localeCompare(b.run_id))
    .map((run) => {
      const s = run.summary === null ? null : decodeSummary(run.summary)
      const metrics = s !== null && Either.isRight(s) ? (s.right.data?.metrics ?? {}) : {}
      const values = new Map<string, ReadonlyMap<string, number>>()
      for (const m of LATENCY_METRICS) {
        const v = metrics[m]?.values
        if (v === undefined) continue
        values.set(m, new Map(PERCENTILE_KEYS.flatMap((k) => (v[k] === undefined || !Number.isFinite(v[k]) ? [] : [[k, v[k]] as const]))))
      }
      return { run, values }
    })

/** one line per percentile of a metric, x = run number (1 = oldest) */
export const percentilePoints = (runs: ReadonlyArray<RunPercentiles>, metric: string): ReadonlyArray<Point> =>
  runs.flatMap((r, i) => PERCENTILE_KEYS.flatMap((k) => {
    const y = r.values.get(metric)?.get(k)
    return y === undefined ? [] : [{ x: i + 1, y, series: k }]
  }))

/**
 * Latency percentiles second by second within load-test runs: `loadtest_series` of
 * runs/loadtest/loadtest.duckdb (docs/loadtest.md: one row per run, second, metric and endpoint;
 * p50 / p95 / p99 for trends), for the latency metrics over all endpoints (`endpoint = ''`), for the
 * newest runs. Absent table (older load runs): an empty list.
 */
import { existsSync } from "node:fs"
import { Schema } from "effect"
import { hasTable, withReadOnlyDb } from "../../../notebooks/open-results.ts"
import { loadtestDbPath } from "../../../notebooks/runs-folder.ts"
import type { Point } from "../../../notebooks/plot/series.ts"
import { queryRows } from "../../../sim/sinks/duckdb.ts"

/** runs drawn second by second (the newest) and rows read at most */
export const SERIES_RUNS_MAX = 6
export const SERIES_ROWS_MAX = 50_000
export const SERIES_METRICS = ["http_req_duration", "update_latency_ms"] as const

const Num = Schema.NullOr(Schema.Number)
const Row = Schema.Struct({ run_id: Schema.String, started_at: Schema.String, t_s: Schema.Number, metric: Schema.String, p50: Num, p95: Num, p99: Num })
const decode = Schema.decodeUnknownSync(Schema.Array(Row))

export interface RunSeries {
  readonly run_id: string
  readonly started_at: string
  /** metric → points (x = second of the run, one series per percentile) */
  readonly byMetric: ReadonlyMap<string, ReadonlyArray<Point>>
}

let loaded: Promise<ReadonlyArray<RunSeries>> | undefined

const read = async (runsDir: string): Promise<ReadonlyArray<RunSeries>> => {
  const file = loadtestDbPath(runsDir)
  if (!existsSync(file)) return []
  const rows = await withReadOnlyDb(file, async (conn) => {
    if (!(await hasTable(conn, "loadtest_series")) || !(await hasTable(conn, "loadtest_runs"))) return []
    return decode(
      await queryRows(
        conn,
        `WITH newest AS (SELECT run_id, started_at FROM loadtest_runs ORDER BY started_at DESC LIMIT ${SERIES_RUNS_MAX})
         SELECT s.run_id, n.started_at, CAST(s.t_s AS DOUBLE) AS t_s, s.metric, CAST(s.p50 AS DOUBLE) AS p50, CAST(s.p95 AS DOUBLE) AS p95, CAST(s.p99 AS DOUBLE) AS p99
         FROM loadtest_series s JOIN newest n USING (run_id)
         WHERE s.endpoint = '' AND s.metric IN (${SERIES_METRICS.map((m) => `'${m}'`).join(", ")})
         ORDER BY n.started_at DESC, s.run_id, s.metric, s.t_s LIMIT ${SERIES_ROWS_MAX}`
      )
    )
  })
  const runs = new Map<string, { started_at: string; byMetric: Map<string, Point[]> }>()
  for (const r of rows) {
    let run = runs.get(r.run_id)
    if (run === undefined) runs.set(r.run_id, (run = { started_at: r.started_at, byMetric: new Map() }))
    let pts = run.byMetric.get(r.metric)
    if (pts === undefined) run.byMetric.set(r.metric, (pts = []))
    for (const [k, v] of [["p50", r.p50], ["p95", r.p95], ["p99", r.p99]] as const) if (v !== null && Number.isFinite(v)) pts.push({ x: r.t_s, y: v, series: k })
  }
  return [...runs].map(([run_id, r]) => ({ run_id, started_at: r.started_at, byMetric: r.byMetric }))
}

export const loadtestSeries = (): Promise<ReadonlyArray<RunSeries>> => {
  loaded ??= read(__NULLSPACE_RUNS_DIR__)
  return loaded
}

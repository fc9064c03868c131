/**
 * A load run in runs/loadtest/loadtest.duckdb, appended through the shared DuckDB sink (the
 * site's load page reads the same tables; docs/loadtest.md has their shapes):
 * - `loadtest_runs`: one row per run (its totals, thresholds and the full k6 summary as JSON);
 * - `loadtest_endpoints`: per run, one row per metric and endpoint over the whole test (request
 *   counts, failures, p50/p95/p99/max): submit, every read route, update delivery per stream,
 *   journey steps per step;
 * - `loadtest_series`: per run, one row per second, metric and endpoint (the same columns over
 *   that second): percentiles over time, throughput, errors, update delivery latency.
 */
import { randomUUID } from "node:crypto"
import { join } from "node:path"
import { appendRows, withDuckDb, type Columns, type Row } from "../sim/sinks/duckdb.ts"
import type { RunOutcome } from "./runtime/runner.ts"
import type { TimelinePoint } from "./runtime/timeline.ts"

export const LOADTEST_TABLE = "loadtest_runs"

export const LOADTEST_COLUMNS: Columns = [
  ["run_id", "VARCHAR"],
  ["script", "VARCHAR"],
  ["started_at", "VARCHAR"],
  ["duration_s", "DOUBLE"],
  ["vus", "BIGINT"],
  ["iterations", "BIGINT"],
  ["http_reqs", "BIGINT"],
  ["http_req_failed_rate", "DOUBLE"],
  ["http_req_duration_p95_ms", "DOUBLE"],
  ["ws_messages", "BIGINT"],
  ["checks_passed", "BIGINT"],
  ["checks_failed", "BIGINT"],
  ["thresholds_passed", "BOOLEAN"],
  ["summary", "JSON"]
]

export const LOADTEST_SERIES_TABLE = "loadtest_series"
export const LOADTEST_ENDPOINTS_TABLE = "loadtest_endpoints"

/** loadtest_series and loadtest_endpoints (the latter with t_s = 0) */
export const LOADTEST_POINT_COLUMNS: Columns = [
  ["run_id", "VARCHAR"],
  ["script", "VARCHAR"],
  /** seconds since the test started: the one-second bucket's start */
  ["t_s", "DOUBLE"],
  ["metric", "VARCHAR"],
  /** counter, gauge, rate or trend */
  ["metric_type", "VARCHAR"],
  /** endpoint (the request's name tag, e.g. "POST /submit"), journey step or update stream; "" = all samples */
  ["endpoint", "VARCHAR"],
  ["samples", "BIGINT"],
  /** counters: the total (http_reqs: requests); trends: the sum of the values */
  ["total", "DOUBLE"],
  /** rates: samples that were non-zero (http_req_failed: failed requests; checks: passed checks) */
  ["nonzero", "BIGINT"],
  /** gauges: the last value (vus) */
  ["last_value", "DOUBLE"],
  /** trends (ms for time trends): percentiles by linear interpolation, as k6 v0.47 */
  ["p50", "DOUBLE"],
  ["p95", "DOUBLE"],
  ["p99", "DOUBLE"],
  ["max_value", "DOUBLE"]
]

const pointRow = (run_id: string, script: string, p: TimelinePoint): Row => [
  run_id,
  script,
  p.t_s,
  p.metric,
  p.type,
  p.name,
  BigInt(p.count),
  p.sum,
  BigInt(p.nonzero),
  p.last,
  p.p50,
  p.p95,
  p.p99,
  p.max
]

export const loadtestDbPath = (runsDir: string): string => join(runsDir, "loadtest", "loadtest.duckdb")

export interface LoadtestRecord {
  readonly run_id: string
  readonly script: string
  readonly started_at: string
  readonly duration_s: number
  readonly vus: number
  readonly iterations: number
  readonly http_reqs: number
  readonly http_req_failed_rate: number | null
  readonly http_req_duration_p95_ms: number | null
  readonly ws_messages: number
  readonly checks_passed: number
  readonly checks_failed: number
  readonly thresholds_passed: boolean
  readonly summary: string
}

export const newRunId = (started_at: string): string => `lt-${started_at.replace(/[-:.TZ]/g, "").slice(0, 14)}-${randomUUID().slice(0, 8)}`

export const loadtestRecord = (outcome: RunOutcome, script: string, run_id = newRunId(outcome.started_at)): LoadtestRecord => {
  const m = outcome.summary?.metrics ?? {}
  const value = (metric: string, key: string): number | null => m[metric]?.values[key] ?? null
  const failedSamples = (value("http_req_failed", "passes") ?? 0) + (value("http_req_failed", "fails") ?? 0)
  return {
    run_id,
    script,
    started_at: outcome.started_at,
    duration_s: outcome.duration_ms / 1000,
    vus: outcome.vus_max,
    iterations: outcome.iterations_completed,
    http_reqs: value("http_reqs", "count") ?? 0,
    http_req_failed_rate: failedSamples === 0 ? null : value("http_req_failed", "rate"),
    http_req_duration_p95_ms: (value("http_reqs", "count") ?? 0) === 0 ? null : value("http_req_duration", "p(95)"),
    ws_messages: value("ws_msgs_received", "count") ?? 0,
    checks_passed: value("checks", "passes") ?? 0,
    checks_failed: value("checks", "fails") ?? 0,
    thresholds_passed: outcome.thresholds_passed,
    summary: JSON.stringify({
      exit_code: outcome.exit_code,
      error: outcome.error,
      iterations_interrupted: outcome.iterations_interrupted,
      thresholds: outcome.evaluation?.results ?? [],
      data: outcome.summary
    })
  }
}

const toRow = (r: LoadtestRecord): Row => [
  r.run_id,
  r.script,
  r.started_at,
  r.duration_s,
  BigInt(Math.round(r.vus)),
  BigInt(Math.round(r.iterations)),
  BigInt(Math.round(r.http_reqs)),
  r.http_req_failed_rate,
  r.http_req_duration_p95_ms,
  BigInt(Math.round(r.ws_messages)),
  BigInt(Math.round(r.checks_passed)),
  BigInt(Math.round(r.checks_failed)),
  r.thresholds_passed,
  r.summary
]

export interface LoadtestRun {
  readonly record: LoadtestRecord
  readonly timeline: ReadonlyArray<TimelinePoint>
  readonly totals: ReadonlyArray<TimelinePoint>
}

/** Append runs: each one's loadtest_runs row, its per-endpoint totals and its per-second series (one open of the file, released after). */
export const appendLoadtestRuns = (runsDir: string, runs: ReadonlyArray<LoadtestRun>): Promise<string> => {
  const path = loadtestDbPath(runsDir)
  return withDuckDb(path, async (conn) => {
    for (const { record, timeline, totals } of runs) {
      await appendRows(conn, LOADTEST_TABLE, LOADTEST_COLUMNS, [toRow(record)])
      await appendRows(conn, LOADTEST_ENDPOINTS_TABLE, LOADTEST_POINT_COLUMNS, totals.map((p) => pointRow(record.run_id, record.script, p)))
      await appendRows(conn, LOADTEST_SERIES_TABLE, LOADTEST_POINT_COLUMNS, timeline.map((p) => pointRow(record.run_id, record.script, p)))
    }
    return path
  })
}

/** Append one run (appendLoadtestRuns). */
export const appendLoadtestRecord = (
  runsDir: string,
  record: LoadtestRecord,
  timeline: ReadonlyArray<TimelinePoint> = [],
  totals: ReadonlyArray<TimelinePoint> = []
): Promise<string> => appendLoadtestRuns(runsDir, [{ record, timeline, totals }])

/**
 * A load run's summary as one row of `loadtest_runs` in runs/loadtest/loadtest.duckdb, appended
 * through the shared DuckDB sink (the dashboards read the same table).
 */
import { randomUUID } from "node:crypto"
import { join } from "node:path"
import { appendRows, closeDuckDb, openDuckDb, type Columns, type Row } from "../sim/sinks/duckdb.ts"
import type { RunOutcome } from "./runtime/runner.ts"

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

export const appendLoadtestRecord = async (runsDir: string, record: LoadtestRecord): Promise<string> => {
  const path = loadtestDbPath(runsDir)
  const conn = await openDuckDb(path)
  try {
    await appendRows(conn, LOADTEST_TABLE, LOADTEST_COLUMNS, [toRow(record)])
  } finally {
    closeDuckDb(conn)
  }
  return path
}

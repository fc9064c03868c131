/**
 * One load-test summary from `runs/loadtest/loadtest.duckdb` (table `loadtest_runs`).
 */
import { Schema } from "effect"

export const LoadtestRow = Schema.Struct({
  run_id: Schema.String,
  script: Schema.String,
  started_at: Schema.String,
  duration_s: Schema.NullOr(Schema.Number),
  vus: Schema.BigIntFromSelf,
  iterations: Schema.BigIntFromSelf,
  http_reqs: Schema.BigIntFromSelf,
  http_req_failed_rate: Schema.NullOr(Schema.Number),
  http_req_duration_p95_ms: Schema.NullOr(Schema.Number),
  ws_messages: Schema.BigIntFromSelf,
  checks_passed: Schema.BigIntFromSelf,
  checks_failed: Schema.BigIntFromSelf,
  thresholds_passed: Schema.Boolean,
  summary: Schema.NullOr(Schema.String)
})
export type LoadtestRow = typeof LoadtestRow.Type

/**
 * Read every load-test summary from `runs/loadtest/loadtest.duckdb`, newest first; `undefined`
 * when no load test has written the file yet.
 */
import { existsSync } from "node:fs"
import { Schema } from "effect"
import { queryRows } from "../sim/sinks/duckdb.ts"
import { LoadtestRow } from "./loadtest-data.ts"
import { hasTable, withReadOnlyDb } from "./open-results.ts"
import { loadtestDbPath } from "./runs-folder.ts"

const decode = Schema.decodeUnknownSync(Schema.Array(LoadtestRow))

export const readLoadtests = async (runsDir: string): Promise<ReadonlyArray<LoadtestRow> | undefined> => {
  const path = loadtestDbPath(runsDir)
  if (!existsSync(path)) return undefined
  return withReadOnlyDb(path, async (conn) => {
    if (!(await hasTable(conn, "loadtest_runs"))) return undefined
    return decode(
      await queryRows(
        conn,
        `SELECT run_id, script, started_at, duration_s, vus, iterations, http_reqs, http_req_failed_rate,
                http_req_duration_p95_ms, ws_messages, checks_passed, checks_failed, thresholds_passed,
                CAST(summary AS VARCHAR) AS summary
         FROM loadtest_runs ORDER BY started_at DESC, run_id`
      )
    )
  })
}

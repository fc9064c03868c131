/**
 * End to end, as CI runs it: `npm run loadtest -- --vus 2 --duration 5s --start-service` signs a
 * corpus, starts the dev chain on a free loopback port, runs the roulette script (the same file real
 * k6 runs), prints the summary and appends its row to a temporary runs folder's DuckDB.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { closeDuckDb, openDuckDb, queryRows } from "../../sim/sinks/duckdb.ts"
import { loadtestDbPath } from "../results.ts"
import { REPO_ROOT } from "../service.ts"

const runsDir = mkdtempSync(join(tmpdir(), "loadtest-e2e-runs-"))
afterAll(() => rmSync(runsDir, { recursive: true, force: true }))

const runCli = (args: ReadonlyArray<string>): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "loadtest/cli/run.ts", ...args],
      { cwd: REPO_ROOT, env: { ...process.env, NULLSPACE_RUNS_DIR: runsDir }, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr })
    )
  })

describe("load test end to end", () => {
  it("plays roulette against a locally started service with 2 VUs for 5 s and records the summary in DuckDB", { timeout: 180_000 }, async () => {
    const r = await runCli(["--vus", "2", "--duration", "5s", "--start-service", "--journeys", "200", "--rounds", "2"])
    expect([0, 99], `${r.stdout}\n${r.stderr}`).toContain(r.code)
    expect(r.stdout).toMatch(/checks\.+: /)
    expect(r.stdout).toMatch(/update_latency_ms\.+: avg=/)
    const conn = await openDuckDb(loadtestDbPath(runsDir))
    try {
      const rows = await queryRows(conn, "SELECT *, CAST(summary AS VARCHAR) AS summary_text FROM loadtest_runs")
      expect(rows).toHaveLength(1)
      const row = rows[0] ?? {}
      expect(row["script"]).toBe("loadtest/scripts/roulette.js")
      expect(row["vus"]).toBe(2n)
      expect(Number(row["iterations"])).toBeGreaterThan(0)
      expect(Number(row["http_reqs"])).toBeGreaterThan(0)
      expect(Number(row["ws_messages"])).toBeGreaterThan(0)
      expect(Number(row["checks_passed"])).toBeGreaterThan(0)
      expect(row["checks_failed"]).toBe(0n)
      expect(row["duration_s"]).toBeGreaterThanOrEqual(5)
      expect(row["thresholds_passed"]).toBe(r.code === 0)
      const summary: { thresholds: Array<{ key: string; ok: boolean }>; data: { metrics: Record<string, { values: Record<string, number> }> } } = JSON.parse(String(row["summary_text"]))
      expect(summary.thresholds.map((t) => t.key).sort()).toEqual(["checks", "http_req_duration", "http_req_failed", "rounds_completed", "update_latency_ms"])
      expect(summary.data.metrics["rounds_completed"]?.values["count"]).toBeGreaterThan(0)
      expect(summary.data.metrics["update_latency_ms"]?.values["p(95)"]).toBeGreaterThan(0)
    } finally {
      closeDuckDb(conn)
    }
  })
})

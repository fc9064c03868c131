import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { queryRows, withDuckDb } from "../sinks/duckdb.ts"
import { CATALOG } from "../../scenarios/index.ts"
import { runScenario } from "../runner/run-scenario.ts"
import { latestPath, manifestPath, resultsPath } from "../runner/run-files.ts"
import { CodeVersion, duckDbSinkAt } from "../runner/services.ts"

const runs_dir = mkdtempSync(join(tmpdir(), "nullspace-runs-"))
afterAll(() => rmSync(runs_dir, { recursive: true, force: true }))

const run = (overrides: Record<string, string>) =>
  Effect.runPromise(
    runScenario(CATALOG, "quickstart", { agents: "12", days: "2", ...overrides }).pipe(
      Effect.provide(Layer.merge(Layer.succeed(CodeVersion, "test-version"), duckDbSinkAt(runs_dir)))
    )
  )

const columnsOf = (path: string, table: string) =>
  withDuckDb(path, (conn) =>
    queryRows(conn, `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`)
  )

describe("result files", () => {
  it("write results.duckdb with the contract's tables, manifest.json and LATEST", async () => {
    const { run: done, written } = await run({ seed: "files" })
    const id = done.manifest.run_id
    expect(written.results).toBe(resultsPath(runs_dir, id))
    expect(readFileSync(latestPath(runs_dir), "utf8").trim()).toBe(id)

    // the runner's columns first; the metric families' columns follow (sim/metrics/test/results-catalog.test.ts)
    expect((await columnsOf(written.results, "daily_metrics")).slice(0, 9)).toEqual([
      { column_name: "day", data_type: "BIGINT" },
      { column_name: "issuance_chips", data_type: "BIGINT" },
      { column_name: "house_pnl_chips", data_type: "BIGINT" },
      { column_name: "active_players", data_type: "BIGINT" },
      { column_name: "players_total", data_type: "BIGINT" },
      { column_name: "volume_chips", data_type: "BIGINT" },
      { column_name: "gini_chips", data_type: "DOUBLE" },
      { column_name: "blocks", data_type: "BIGINT" },
      { column_name: "transactions", data_type: "BIGINT" }
    ])
    expect((await columnsOf(written.results, "run_manifest")).map((c) => `${String(c["column_name"])}:${String(c["data_type"])}`)).toEqual([
      "run_id:VARCHAR",
      "scenario:VARCHAR",
      "parameters:JSON",
      "seed:VARCHAR",
      "code_version:VARCHAR",
      "final_state_root:VARCHAR",
      "manifest_root:VARCHAR",
      "days:BIGINT",
      "blocks:BIGINT",
      "transactions:BIGINT",
      "created_at:VARCHAR"
    ])
    expect((await columnsOf(written.results, "player_snapshots")).map((c) => String(c["column_name"]))).toEqual([
      "day",
      "player",
      "name",
      "chips",
      "sessions_played"
    ])

    const rows = await withDuckDb(written.results, async (conn) => ({
      daily: await queryRows(conn, "SELECT * FROM daily_metrics ORDER BY day"),
      manifest: await queryRows(conn, "SELECT * FROM run_manifest"),
      snapshots: await queryRows(conn, "SELECT count(*) AS n, count(DISTINCT player) AS players FROM player_snapshots")
    }))
    expect(rows.daily.length).toBe(2)
    rows.daily.forEach((r, i) => {
      const d = done.result.daily[i]!
      expect(r["day"]).toBe(d.day)
      expect(r["issuance_chips"]).toBe(d.issuance_chips)
      expect(r["house_pnl_chips"]).toBe(d.house_pnl_chips)
      expect(r["volume_chips"]).toBe(d.volume_chips)
      expect(r["gini_chips"]).toBe(d.gini_chips)
      expect(r["transactions"]).toBe(d.transactions)
    })
    expect(rows.manifest.length).toBe(1)
    const m = rows.manifest[0]!
    expect(m["run_id"]).toBe(id)
    expect(m["manifest_root"]).toBe(done.manifest.manifest_root)
    expect(m["final_state_root"]).toBe(done.result.final_state_root)
    expect(m["code_version"]).toBe("test-version")
    expect(m["days"]).toBe(2n)
    expect(m["blocks"]).toBe(done.result.totals.blocks)
    expect(JSON.parse(String(m["parameters"]))).toMatchObject({ seed: "files", agents: 12, days: 2 })
    expect(rows.snapshots[0]).toEqual({ n: 24n, players: 12n })

    const json: unknown = JSON.parse(readFileSync(manifestPath(runs_dir, id), "utf8"))
    expect(json).toMatchObject({
      run_id: id,
      scenario: "quickstart",
      seed: "files",
      manifest_root: done.manifest.manifest_root,
      final_state_root: done.manifest.final_state_root,
      code_version: "test-version",
      days: 2,
      blocks: Number(done.result.totals.blocks),
      transactions: Number(done.result.totals.transactions),
      created_at: done.manifest.created_at
    })
  })

  it("running the same seed again replaces the run folder instead of appending to it", async () => {
    const first = await run({ seed: "again" })
    const second = await run({ seed: "again" })
    expect(second.written.run_id).toBe(first.written.run_id)
    const counts = await withDuckDb(second.written.results, async (conn) => ({
      daily: await queryRows(conn, "SELECT count(*) AS n FROM daily_metrics"),
      manifest: await queryRows(conn, "SELECT count(*) AS n FROM run_manifest")
    }))
    expect(counts.daily[0]?.["n"]).toBe(2n)
    expect(counts.manifest[0]?.["n"]).toBe(1n)
  })
})

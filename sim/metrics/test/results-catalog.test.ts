/**
 * Round trip of a run's results: Parquet files per table and the runs catalog, read back in
 * plain SQL and compared with what the simulation produced.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { CATALOG } from "../../../scenarios/index.ts"
import { runScenario, simulateScenario } from "../../runner/run-scenario.ts"
import { writeRunFiles } from "../../runner/run-files.ts"
import { CodeVersion, duckDbSinkAt } from "../../runner/services.ts"
import { CATALOG_TABLES, catalogPath, parquetDir, rebuildCatalog } from "../../sinks/catalog.ts"
import { queryRows, withDuckDb } from "../../sinks/duckdb.ts"
import { sqlString } from "../../sinks/parquet.ts"

const runs_dir = mkdtempSync(join(tmpdir(), "nullspace-catalog-"))
const other_dir = mkdtempSync(join(tmpdir(), "nullspace-catalog-other-"))
afterAll(() => {
  rmSync(runs_dir, { recursive: true, force: true })
  rmSync(other_dir, { recursive: true, force: true })
})

const run = (overrides: Record<string, string>, into: string = runs_dir) =>
  Effect.runPromise(
    runScenario(CATALOG, "quickstart", { agents: "10", days: "2", ...overrides }).pipe(
      Effect.provide(Layer.merge(Layer.succeed(CodeVersion, "test-version"), duckDbSinkAt(into)))
    )
  )

const sql = (query: string) => withDuckDb(":memory:", (conn) => queryRows(conn, query))
const catalogSql = (query: string) => withDuckDb(catalogPath(runs_dir), (conn) => queryRows(conn, query))

describe("Parquet per run and the runs catalog", () => {
  it("writes one Parquet file per catalog table that reads back the run's rows", async () => {
    const { run: done, written } = await run({ seed: "parquet" })
    const dir = parquetDir(written.dir)
    for (const t of CATALOG_TABLES) expect(existsSync(join(dir, `${t}.parquet`)), t).toBe(true)
    const daily = await sql(`SELECT day, house_pnl_chips, house_pnl_day_chips, issuance_chips FROM read_parquet(${sqlString(join(dir, "daily_metrics.parquet"))}) ORDER BY day`)
    expect(daily.map((r) => r["house_pnl_chips"])).toEqual(done.result.daily.map((d) => d.house_pnl_chips))
    // the day's PnL summed in SQL is the cumulative figure
    const cum = await sql(`SELECT sum(house_pnl_day_chips) OVER (ORDER BY day) AS c FROM read_parquet(${sqlString(join(dir, "daily_metrics.parquet"))}) ORDER BY day`)
    expect(cum.map((r) => BigInt(String(r["c"])))).toEqual(done.result.daily.map((d) => d.house_pnl_chips))
    const agents = await sql(`SELECT count(*) AS n FROM read_parquet(${sqlString(join(dir, "agent_outcomes.parquet"))})`)
    expect(agents[0]?.["n"]).toBe(10n)
  })

  it("removes a staging database and WAL that a killed writer left in the run folder", async () => {
    // its own runs folder: the catalog test below counts the runs of this one
    const own = join(other_dir, "stale")
    const first = await run({ seed: "stale-staging" }, own)
    // a pid no live process has: a writer killed mid-write (kill -9 of a cell worker)
    const gone = await new Promise<number>((resolve, reject) => {
      const c = spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
      c.once("exit", () => (c.pid === undefined ? reject(new Error("no pid")) : resolve(c.pid)))
    })
    const stale = [`results.${gone}.staging.duckdb`, `results.${gone}.staging.duckdb.wal`]
    for (const n of stale) writeFileSync(join(first.written.dir, n), "partial")
    const again = await run({ seed: "stale-staging" }, own)
    expect(again.written.dir).toBe(first.written.dir)
    expect(readdirSync(again.written.dir).filter((n) => n.includes("staging"))).toEqual([])
    expect(existsSync(again.written.results)).toBe(true)
  })

  it("indexes runs into catalog.duckdb with run_id on every row, queryable across runs", async () => {
    const a = await run({ seed: "cat-a" })
    const b = await run({ seed: "cat-b", agents: "14" })
    const runs = await catalogSql(`SELECT run_id, seed FROM runs ORDER BY seed`)
    expect(runs.map((r) => r["seed"])).toEqual(["cat-a", "cat-b", "parquet"])
    const params = await catalogSql(`SELECT run_id, value_number FROM parameters WHERE name = 'agents' ORDER BY value_number`)
    expect(params.map((r) => r["value_number"])).toEqual([10, 10, 14])
    const perRun = await catalogSql(
      `SELECT r.seed, max(d.house_pnl_chips) FILTER (WHERE d.day = 1) AS pnl, count(*) AS days
       FROM daily_metrics d JOIN runs r USING (run_id) GROUP BY r.seed ORDER BY r.seed`
    )
    expect(perRun.slice(0, 2).map((r) => r["pnl"])).toEqual([a.run.result.daily[1]?.house_pnl_chips, b.run.result.daily[1]?.house_pnl_chips])
    expect(perRun.map((r) => r["days"])).toEqual([2n, 2n, 2n])
    const outcomes = await catalogSql(`SELECT run_id, count(*) AS n FROM agent_outcomes WHERE run_id = ${sqlString(b.run.manifest.run_id)} GROUP BY run_id`)
    expect(outcomes[0]?.["n"]).toBe(14n)
    const events = await catalogSql(
      `SELECT sum(events) AS n FROM event_counts WHERE run_id = ${sqlString(a.run.manifest.run_id)} AND event_type = 'PlayerRegistered'`
    )
    expect(events[0]?.["n"]).toBe(10n)
    const checks = await catalogSql(`SELECT count(*) AS n, bool_and(ok) AS ok FROM invariant_checks`)
    expect(checks[0]).toEqual({ n: 12n, ok: true })
  })

  it("re-running a run or rebuilding the catalog replaces rows instead of duplicating them", async () => {
    await run({ seed: "cat-a" })
    const ids = await rebuildCatalog(runs_dir)
    expect(ids.length).toBe(3)
    const counts = await catalogSql(`SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM daily_metrics) AS days`)
    expect(counts[0]).toEqual({ runs: 3n, days: 6n })
  })

  it("a run an invariant stopped carries the runner's failing check into invariant_checks", async () => {
    const done = await Effect.runPromise(
      simulateScenario(CATALOG, "quickstart", { agents: "6", days: "2", seed: "stopped" }).pipe(Effect.provide(Layer.succeed(CodeVersion, "test-version")))
    )
    const violation = { seed: "stopped", day: 1, height: 7n, view: 28_805n, tx_id: null, tx_index: null, signer: null, instruction: null, invariant: "test.law", detail: "refused by the test" }
    await writeRunFiles(runs_dir, done.manifest, done.result.daily, done.result.snapshots, done.result.metrics, violation)
    const rows = await catalogSql(`SELECT day, block_height, invariant, ok, source FROM invariant_checks WHERE run_id = ${sqlString(done.manifest.run_id)} AND NOT ok`)
    expect(rows.length).toBe(1)
    expect(rows[0]).toMatchObject({ day: 1n, block_height: 7n, invariant: "test.law", ok: false })
    expect(String(rows[0]?.["source"])).toContain("refused by the test")
  })
})

/**
 * A cell's folder holds its run's result files (results.duckdb, one Parquet file per catalog
 * table, manifest.json, agents.jsonl) and no per-run catalog.duckdb or LATEST: the experiment's
 * catalog tables index cells. A plain run (`npm run sim`'s sink) still indexes into catalog.duckdb.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Either, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { CATALOG } from "../../../scenarios/index.ts"
import { runScenario } from "../../runner/run-scenario.ts"
import { CodeVersion, duckDbSinkAt } from "../../runner/services.ts"
import { catalogPath } from "../../sinks/catalog.ts"
import { cellDir, executeCellPromise } from "../cell.ts"
import { emptyRequest, planExperiment } from "../plan.ts"

const dir = mkdtempSync(join(tmpdir(), "nullspace-cell-files-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("a cell's files", () => {
  it("are the run's result files without a catalog; a plain run keeps its catalog", async () => {
    const planned = planExperiment(CATALOG, { ...emptyRequest("montecarlo", "quickstart"), base: { agents: "6", days: "1" }, seeds: ["3"] })
    if (Either.isLeft(planned)) throw new Error(planned.left.message)
    const cell = planned.right.cells[0]
    if (cell === undefined) throw new Error("no cell")
    const folder = join(dir, "exp")
    const r = await executeCellPromise({ catalog: CATALOG, folder, code_version: "test", worker: "local" }, cell)
    const cd = cellDir(folder, cell.cell_id)
    const run_dir = join(cd, r.run_id)
    expect(existsSync(join(run_dir, "results.duckdb"))).toBe(true)
    expect(existsSync(join(run_dir, "manifest.json"))).toBe(true)
    expect(existsSync(join(run_dir, "agents.jsonl"))).toBe(true)
    expect(readdirSync(join(run_dir, "parquet"))).toContain("daily_metrics.parquet")
    expect(existsSync(catalogPath(cd))).toBe(false)
    expect(existsSync(join(cd, "LATEST"))).toBe(false)

    const runs = join(dir, "runs")
    const plain = await Effect.runPromise(
      runScenario(CATALOG, "quickstart", { agents: "6", days: "1", seed: "3" }).pipe(Effect.provide(Layer.merge(duckDbSinkAt(runs), Layer.succeed(CodeVersion, "test"))))
    )
    expect(plain.run.manifest.run_id).toBe(r.run_id)
    expect(existsSync(catalogPath(runs))).toBe(true)
    expect(existsSync(join(runs, "LATEST"))).toBe(true)
  })
})

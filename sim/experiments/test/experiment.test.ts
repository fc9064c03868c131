/**
 * Experiments end to end on the quickstart scenario at a tiny size: plans are validated by the
 * scenario's Schema, the local and the threads backend give the same result hash, and a rerun
 * resumes (runs only the cells not done).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { availableParallelism, tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Either, Schema } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { CATALOG } from "../../../scenarios/index.ts"
import { localBackend } from "../backends/local.ts"
import { createCellPool } from "../backends/cell-pool.ts"
import { poolBackend } from "../backends/pool-backend.ts"
import { cellManifestPath } from "../folder.ts"
import { emptyRequest, planExperiment, type ExperimentRequest } from "../plan.ts"
import { runExperiment } from "../run-experiment.ts"
import { defineScenario, type ScenarioCatalog } from "../../scenario.ts"
import { quickstart } from "../../../scenarios/quickstart/scenario.ts"
import { queryRows, withDuckDb } from "../../sinks/duckdb.ts"

const dir = mkdtempSync(join(tmpdir(), "nullspace-experiments-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const CATALOG_URL = new URL("../../../scenarios/index.ts", import.meta.url).href
const TINY = { agents: "8", days: "2" }

const plan = (r: Partial<ExperimentRequest> & Pick<ExperimentRequest, "kind">) => {
  const p = planExperiment(CATALOG, { ...emptyRequest(r.kind, "quickstart"), base: TINY, ...r })
  if (Either.isLeft(p)) throw new Error(p.left.message)
  return p.right
}

const ctx = (folder: string) => ({ catalog: CATALOG, folder, code_version: "test", worker: "local" })

describe("experiment plans", () => {
  it("expand a cartesian grid × seeds, listed points, and a seeded sample", () => {
    const p = plan({ kind: "sweep", grid: [["active_bps", ["2000", "8000"]], ["rounds_max", ["2", "4", "6"]]], seeds: ["1", "2"] })
    expect(p.cells.length).toBe(12)
    expect(new Set(p.entries.map((e) => e.group)).size).toBe(6)
    const listed = plan({ kind: "sweep", points: [{ active_bps: "1000" }, { active_bps: "1000", rounds_max: "3" }], seeds: ["1"] })
    expect(listed.entries.map((e) => e.group)).toEqual(["active_bps=1000", "active_bps=1000 rounds_max=3"])
    const sampled = plan({ kind: "sweep", grid: [["active_bps", ["1000", "2000", "3000", "4000", "5000"]]], sample: 2, seeds: ["1"] })
    expect(sampled.cells.length).toBe(2)
    expect(plan({ kind: "sweep", grid: [["active_bps", ["1000", "2000", "3000", "4000", "5000"]]], sample: 2, seeds: ["1"] }).experiment_id).toBe(sampled.experiment_id)
  })

  it("refuse unknown scenarios, unknown keys and values the Schema rejects", () => {
    const bad = (r: Partial<ExperimentRequest> & Pick<ExperimentRequest, "kind">, scenario = "quickstart") => {
      const p = planExperiment(CATALOG, { ...emptyRequest(r.kind, scenario), base: TINY, ...r })
      return Either.isLeft(p) ? p.left.message : "accepted"
    }
    expect(bad({ kind: "montecarlo", seeds: ["1"] }, "nope")).toMatch(/no scenario "nope"/)
    expect(bad({ kind: "sweep", grid: [["colour", ["red"]]], seeds: ["1"] })).toMatch(/unknown parameter "colour"/)
    expect(bad({ kind: "sweep", grid: [["agents", ["5", "0"]]], seeds: ["1"] })).toMatch(/agents/)
    expect(bad({ kind: "compare", a: { active_bps: "1" }, b: { active_bps: "1" }, seeds: ["1"] })).toMatch(/same parameter set/)
    expect(bad({ kind: "montecarlo", seeds: [] })).toMatch(/at least one seed/)
  })

  it("share a cell between points that resolve to the same run", () => {
    const p = plan({ kind: "sweep", points: [{ active_bps: "6000" }, {}], seeds: ["1"] })
    expect(p.entries.length).toBe(2)
    expect(p.cells.length).toBe(1)
  })
})

describe("experiment backends", () => {
  it("local, threads and processes give the same result hash; a rerun resumes", async () => {
    const p = plan({ kind: "compare", a: { active_bps: "3000" }, b: { active_bps: "9000" }, seeds: ["1", "2", "3"] })
    const local_dir = join(dir, "local")
    const local = await Effect.runPromise(runExperiment({ plan: p, folder: local_dir, backend: localBackend(ctx(local_dir)), started_by: "test" }))
    expect(local.recorded).toBe(6)
    expect(local.result_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(local.summary?.difference?.["players_total"]?.mean).toBe(0)

    for (const kind of ["threads", "processes"] as const) {
      const pool_dir = join(dir, kind)
      const pooled = await Effect.runPromise(
        runExperiment({ plan: p, folder: pool_dir, backend: poolBackend({ catalog_url: CATALOG_URL, folder: pool_dir, code_version: "test", size: 2, kind }), started_by: "test" })
      )
      expect(pooled.backend).toBe(`${kind}×2`)
      expect(pooled.failed).toEqual([])
      expect(pooled.recorded).toBe(6)
      expect(pooled.result_hash).toBe(local.result_hash)
      expect(new Set([...pooled.results.values()].map((r) => r.worker))).toEqual(new Set([`${kind === "threads" ? "thread" : "process"}-0`, `${kind === "threads" ? "thread" : "process"}-1`]))
    }

    // drop two finished cells: the rerun runs exactly those and gets the same hash
    const dropped = p.cells.slice(0, 2).map((c) => c.cell_id)
    for (const id of dropped) rmSync(cellManifestPath(local_dir, id))
    const again = await Effect.runPromise(runExperiment({ plan: p, folder: local_dir, backend: localBackend(ctx(local_dir)), started_by: "test" }))
    expect(again.resumed).toBe(4)
    expect(again.recorded).toBe(2)
    expect(again.result_hash).toBe(local.result_hash)
    expect(readdirSync(join(local_dir, "cells")).sort()).toEqual(p.cells.map((c) => c.cell_id).sort())
  }, 60_000)

  it("a bundled process worker runs phase 2 on the EVM contracts (a worker started relative to its source module) with the local result", async () => {
    const planned = planExperiment(CATALOG, { ...emptyRequest("montecarlo", "phase2-convertibility"), base: { days: "3", open_day: "1", fidelity: "evm" }, seeds: ["1"] })
    if (Either.isLeft(planned)) throw new Error(planned.left.message)
    const local_dir = join(dir, "evm-local")
    const local = await Effect.runPromise(runExperiment({ plan: planned.right, folder: local_dir, backend: localBackend(ctx(local_dir)), started_by: "test" }))
    const pool_dir = join(dir, "evm-processes")
    const pooled = await Effect.runPromise(
      runExperiment({ plan: planned.right, folder: pool_dir, backend: poolBackend({ catalog_url: CATALOG_URL, folder: pool_dir, code_version: "test", size: 1, kind: "processes" }), started_by: "test" })
    )
    expect(pooled.failed).toEqual([])
    expect(local.result_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(pooled.result_hash).toBe(local.result_hash)
  }, 120_000)

  it("a folder holding another experiment is refused", async () => {
    const folder = join(dir, "other")
    const p1 = plan({ kind: "montecarlo", seeds: ["1"] })
    const p2 = plan({ kind: "montecarlo", seeds: ["2"] })
    await Effect.runPromise(runExperiment({ plan: p1, folder, backend: localBackend(ctx(folder)), started_by: "test" }))
    const r = await Effect.runPromise(Effect.either(runExperiment({ plan: p2, folder, backend: localBackend(ctx(folder)), started_by: "test" })))
    expect(Either.isLeft(r) && r.left.message).toMatch(/holds experiment/)
  }, 30_000)
})

describe("a failing cell", () => {
  // a scenario whose build throws while `failures_left` > 0: the first boom cell fails both its tries
  let failures_left = 2
  const flaky = defineScenario({
    name: "flaky",
    description: "quickstart at a tiny size whose build fails on demand",
    schema: Schema.Struct({ seed: Schema.String, agents: Schema.Int, days: Schema.Int, boom: Schema.Boolean }),
    defaults: { seed: "1", agents: 3, days: 1, boom: false },
    build: (p) => {
      if (p.boom && failures_left > 0) {
        failures_left--
        throw new Error("boom")
      }
      const r = quickstart.resolve({ seed: p.seed, agents: String(p.agents), days: String(p.days) })
      if (Either.isLeft(r)) throw new Error(r.left)
      return r.right.spec
    }
  })
  const catalog: ScenarioCatalog = { scenarios: new Map([["flaky", flaky]]), default_name: "flaky" }

  it("is tried twice, reported, left undone with the others kept; the rerun runs only it", async () => {
    const planned = planExperiment(catalog, { ...emptyRequest("sweep", "flaky"), grid: [["boom", ["false", "true"]]], seeds: ["1", "2"] })
    if (Either.isLeft(planned)) throw new Error(planned.left.message)
    const p = planned.right
    const folder = join(dir, "flaky")
    const backend = localBackend({ catalog, folder, code_version: "test", worker: "local" })
    const first = await Effect.runPromise(runExperiment({ plan: p, folder, backend, started_by: "test" }))
    expect(failures_left).toBe(0)
    expect(first.failed.map((f) => f.error)).toEqual(["boom"])
    expect(first.recorded).toBe(3)
    expect(first.result_hash).toBeNull()
    const again = await Effect.runPromise(runExperiment({ plan: p, folder, backend, started_by: "test" }))
    expect(again.resumed).toBe(3)
    expect(again.recorded).toBe(1)
    expect(again.failed).toEqual([])
    expect(again.result_hash).toMatch(/^[0-9a-f]{64}$/)
  }, 30_000)
})

describe("a cell worker that dies", () => {
  for (const kind of ["threads", "processes"] as const)
    it(`fails only its cell, which is retried on a fresh worker (${kind})`, async () => {
      const { CATALOG: dying } = await import("./fixtures/dying-catalog.ts")
      const marker = join(dir, `died-${kind}`)
      const planned = planExperiment(dying, { ...emptyRequest("sweep", "dying"), base: { marker }, grid: [["die", ["false", "true"]]], seeds: ["1", "2"] })
      if (Either.isLeft(planned)) throw new Error(planned.left.message)
      const folder = join(dir, `dying-${kind}`)
      const report = await Effect.runPromise(
        runExperiment({
          plan: planned.right,
          folder,
          backend: poolBackend({ catalog_url: new URL("./fixtures/dying-catalog.ts", import.meta.url).href, folder, code_version: "test", size: 2, kind }),
          started_by: "test"
        })
      )
      expect(existsSync(marker)).toBe(true)
      expect(report.failed).toEqual([])
      expect(report.recorded).toBe(4)
      expect(report.result_hash).toMatch(/^[0-9a-f]{64}$/)
    }, 60_000)
})

describe("a cell pool that cannot start", () => {
  it("fails every run with the bundle's error instead of waiting for workers that never come", async () => {
    const pool = createCellPool({ catalog_url: new URL("./fixtures/no-such-catalog.ts", import.meta.url).href, folder: join(dir, "none"), code_version: "test", size: 1, name_prefix: "x-" })
    const cell = plan({ kind: "montecarlo", seeds: ["1"] }).cells[0]!
    await expect(pool.run(cell)).rejects.toThrow(/did not build/)
    await expect(pool.ready).rejects.toThrow(/did not build/)
    // a run after the failure fails at once as well
    await expect(pool.run(cell)).rejects.toThrow(/did not build/)
    await pool.close()
  }, 30_000)
})

describe("DuckDB threads", () => {
  it("a database opened with threads = 1 runs on one thread; the default is one per core", async () => {
    const setting = (threads?: number) =>
      withDuckDb(join(dir, `threads-${threads ?? "default"}.duckdb`), async (conn) => (await queryRows(conn, "SELECT current_setting('threads') AS t"))[0]?.["t"], threads === undefined ? {} : { threads })
    expect(await setting(1)).toBe(1n)
    expect(await setting()).toBe(BigInt(availableParallelism()))
  })
})

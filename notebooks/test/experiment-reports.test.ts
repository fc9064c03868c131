/**
 * The sweep and A/B reports rendered from fixture experiments (the input interface of
 * experiment-data.ts), read back through both readers: an experiment folder and catalog tables.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseHTML } from "linkedom"
import { afterAll, describe, expect, it } from "vitest"
import { appendRows, withDuckDb } from "../../sim/sinks/duckdb.ts"
import { compareArms, renderAbReport, writeAbReport } from "../ab-report.ts"
import type { ExperimentCell, ExperimentInput } from "../experiment-data.ts"
import { readExperimentCatalog, readExperimentFolder } from "../read-experiment.ts"
import { pairedDifference, summarize } from "../stats.ts"
import { t975 } from "../../sim/experiments/stats.ts"
import { renderSweepReport, sensitivity, writeSweepReport } from "../sweep-report.ts"

const dir = mkdtempSync(join(tmpdir(), "nullspace-exp-reports-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SEEDS = ["1", "2", "3", "4"]
/** house_pnl = 10·agents + seed noise; gini independent of agents; days varied too */
const sweepInput: ExperimentInput = {
  experiment_id: "sweep-fixture",
  kind: "sweep",
  scenario: "quickstart",
  cells: [100, 200, 400].flatMap((agents) =>
    ["3", "7"].flatMap((days) =>
      SEEDS.map((seed): ExperimentCell => ({
        cell_id: `c-${agents}-${days}-${seed}`,
        group: `agents=${agents} days=${days}`,
        seed,
        parameters: { agents: String(agents), days, seed, active_bps: "6000" },
        outcomes: { house_pnl_chips: 10 * agents + Number(seed), gini_chips: 0.3 + Number(seed) / 100 }
      }))
    )
  )
}

const abInput: ExperimentInput = {
  experiment_id: "ab-fixture",
  kind: "compare",
  scenario: "quickstart",
  cells: SEEDS.flatMap((seed) => [
    { cell_id: `a-${seed}`, group: "a", seed, parameters: { agents: "100", stake_max_bps: "500", seed }, outcomes: { house_pnl_chips: 1000 + Number(seed) * 10, gini_chips: 0.3 } },
    { cell_id: `b-${seed}`, group: "b", seed, parameters: { agents: "100", stake_max_bps: "900", seed }, outcomes: { house_pnl_chips: 1500 + Number(seed) * 10 + (Number(seed) % 2) * 4, gini_chips: 0.3 } }
  ])
}

const svgCount = (html: string): number => parseHTML(html).document.querySelectorAll("svg").length
const externalUrls = (html: string): string[] => html.match(/(?:src|href)\s*=\s*["'](?!#|data:)[^"']*["']|url\(\s*["']?https?:|<script|<link/gi) ?? []

describe("statistics", () => {
  it("summary of a known sample, missing values left out", () => {
    const s = summarize([1, Number.NaN, 2, 3, Number.POSITIVE_INFINITY, 4])
    expect(s.n).toBe(4)
    expect(s.mean).toBe(2.5)
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 12)
    expect(t975(3)).toBeCloseTo(3.182, 3)
    expect(s.ci_high - s.mean).toBeCloseTo((t975(3) * Math.sqrt(5 / 3)) / 2, 12)
  })
  it("A/B differences pair by seed, over the seeds both arms ran", () => {
    const a = new Map([["s1", 10], ["s2", 20], ["s3", 30], ["only-a", 99]])
    const b = new Map([["s3", 33], ["s1", 11], ["s2", 22], ["only-b", -5]])
    const d = pairedDifference(a, b)
    expect(d.n).toBe(3)
    expect(d.mean).toBe(2)
    expect(d.sd).toBeCloseTo(1, 12)
  })
})

describe("sweep report", () => {
  it("finds the varied parameters and the sensitivity of each outcome", () => {
    const s = sensitivity(sweepInput, "agents", "house_pnl_chips")
    expect(s.points.map((p) => p.x)).toEqual(["100", "200", "400"])
    expect(s.points.map((p) => p.mean)).toEqual([1002.5, 2002.5, 4002.5])
    // outcome ≈ 10·agents: elasticity ≈ 1 (exactly 10·mean(agents)/mean(outcome))
    expect(s.elasticity).toBeCloseTo((10 * (700 / 3)) / (10 * (700 / 3) + 2.5), 9)
    expect(sensitivity(sweepInput, "days", "house_pnl_chips").swing).toBe(0)
    expect(sensitivity(sweepInput, "agents", "gini_chips").swing).toBeCloseTo(0, 12)
  })
  it("renders a self-contained page with a chart per parameter and outcome", () => {
    const html = renderSweepReport(sweepInput, "fixture")
    // 1 swing bar chart + 2 parameters × 2 outcomes
    expect(svgCount(html)).toBe(5)
    expect(externalUrls(html)).toEqual([])
    expect(html).toContain("Sensitivity to agents")
    expect(html).not.toContain("Sensitivity to active_bps")
  })
})

describe("A/B report", () => {
  it("pairs the arms by seed and gives the difference with its interval", () => {
    const rows = compareArms(abInput)
    const pnl = rows.find((r) => r.outcome === "house_pnl_chips")
    expect(pnl?.difference.n).toBe(4)
    expect(pnl?.difference.mean).toBe(502)
    expect(pnl?.significant).toBe(true)
    const gini = rows.find((r) => r.outcome === "gini_chips")
    expect(gini?.difference.mean).toBe(0)
    expect(gini?.significant).toBe(false)
  })
  it("renders a self-contained page naming the arms' difference", () => {
    const html = renderAbReport(abInput, "fixture")
    expect(svgCount(html)).toBe(1)
    expect(externalUrls(html)).toEqual([])
    expect(html).toContain("stake_max_bps")
    expect(html).toContain("A: 500")
  })
})

describe("experiment readers", () => {
  it("read an experiment folder (experiment.json + finished cells' manifests)", async () => {
    const folder = join(dir, "exp-folder")
    mkdirSync(join(folder, "cells"), { recursive: true })
    const cells = [...new Map(abInput.cells.map((c) => [c.cell_id, { cell_id: c.cell_id, scenario: "quickstart", parameters: c.parameters, seed: c.seed }])).values()]
    const entries = abInput.cells.map((c) => ({ cell_id: c.cell_id, group: c.group, seed: c.seed }))
    writeFileSync(join(folder, "experiment.json"), JSON.stringify({ experiment_id: "ab-fixture", kind: "compare", scenario: "quickstart", request: {}, cells, entries }))
    for (const c of abInput.cells.slice(0, 6)) {
      mkdirSync(join(folder, "cells", c.cell_id), { recursive: true })
      writeFileSync(join(folder, "cells", c.cell_id, "manifest.json"), JSON.stringify({ cell_id: c.cell_id, outcomes: c.outcomes, result_hash: "x" }))
    }
    const read = readExperimentFolder(folder)
    expect(read.cells.length).toBe(6)
    expect(read.cells[0]).toEqual(abInput.cells[0])
    const path = await writeAbReport(folder)
    expect(svgCount(readFileSync(path, "utf8"))).toBe(1)
  })

  it("read the catalog's experiments, cells and cell_results tables", async () => {
    const runs = join(dir, "runs")
    await withDuckDb(join(runs, "catalog.duckdb"), async (conn) => {
      await appendRows(conn, "experiments", [["experiment_id", "VARCHAR"], ["kind", "VARCHAR"], ["scenario", "VARCHAR"], ["written_at", "VARCHAR"]], [
        ["old-sweep", "sweep", "quickstart", "2026-01-01T00:00:00Z"],
        ["sweep-fixture", "sweep", "quickstart", "2026-02-01T00:00:00Z"]
      ])
      await appendRows(conn, "cells", [["experiment_id", "VARCHAR"], ["cell_id", "VARCHAR"], ["group_label", "VARCHAR"], ["seed", "VARCHAR"], ["parameters", "JSON"]],
        sweepInput.cells.map((c) => ["sweep-fixture", c.cell_id, c.group, c.seed, JSON.stringify({ ...c.parameters, agents: Number(c.parameters["agents"]) })]))
      await appendRows(conn, "cell_results", [["experiment_id", "VARCHAR"], ["cell_id", "VARCHAR"], ["outcome", "VARCHAR"], ["value", "DOUBLE"]],
        sweepInput.cells.flatMap((c) => Object.entries(c.outcomes).map(([k, v]) => ["sweep-fixture", c.cell_id, k, v])))
    })
    const read = await readExperimentCatalog(join(runs, "catalog.duckdb"), "sweep")
    expect(read?.experiment_id).toBe("sweep-fixture")
    expect(read?.cells.length).toBe(sweepInput.cells.length)
    expect(sensitivity(read ?? sweepInput, "agents", "house_pnl_chips").points.map((p) => p.mean)).toEqual([1002.5, 2002.5, 4002.5])
    const path = await writeSweepReport(runs)
    expect(svgCount(readFileSync(path, "utf8"))).toBe(5)
  })
})

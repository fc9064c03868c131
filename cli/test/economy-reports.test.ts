/**
 * End to end: a small quickstart run through the runner's ResultSink, then the phase-1 and stress
 * reports over what it wrote. The figures on the page must be the run's own (house PnL from the
 * simulation, one vertex per day), every chart inline SVG, and nothing fetched from outside.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { parseHTML } from "linkedom"
import { afterAll, describe, expect, it } from "vitest"
import { ECONOMY_FIGURES } from "../../notebooks/economy-figures.ts"
import { formatInteger } from "../../notebooks/format.ts"
import { writePhase1Report } from "../../notebooks/phase1-report.ts"
import { writeStressReport } from "../../notebooks/stress-report.ts"
import { CATALOG } from "../../scenarios/index.ts"
import { runScenario } from "../../sim/runner/run-scenario.ts"
import { CodeVersion, duckDbSinkAt } from "../../sim/runner/services.ts"

const runs_dir = mkdtempSync(join(tmpdir(), "nullspace-economy-reports-"))
afterAll(() => rmSync(runs_dir, { recursive: true, force: true }))

const run = (seed: string, scenario = "quickstart", overrides: Record<string, string> = { agents: "16", days: "4" }) =>
  Effect.runPromise(
    runScenario(CATALOG, scenario, { ...overrides, seed }).pipe(
      Effect.provide(Layer.merge(Layer.succeed(CodeVersion, "test-version"), duckDbSinkAt(runs_dir)))
    )
  )

const externalRefs = (html: string): string[] => html.match(/(?:src|href)\s*=\s*["'](?!#|data:)[^"']*["']|url\(\s*["']?https?:|<script|<link/gi) ?? []

describe("economy reports of an executed run", () => {
  it("phase-1 report: every figure as inline SVG, headline numbers from the run, self-contained", async () => {
    const { run: done, written } = await run("report-a")
    const html = readFileSync(await writePhase1Report(written.dir), "utf8")
    const { document } = parseHTML(html)
    expect(externalRefs(html)).toEqual([])
    const titles = Array.from(document.querySelectorAll("figure h2")).map((h) => h.textContent)
    for (const f of ECONOMY_FIGURES) expect(titles).toContain(f.title)
    expect(titles).toContain("House edge per game: realised (dot) vs theoretical range (rule)")
    expect(titles).toContain("Share of each archetype active per day")
    expect(titles).toContain("Events by type over the run")
    const pnlFigure = Array.from(document.querySelectorAll("figure")).find((f) => f.querySelector("h2")?.textContent === "House PnL, cumulative")
    const path = pnlFigure?.querySelector('g[aria-label="line"] path')?.getAttribute("d") ?? ""
    expect((path.match(/[ML]/g) ?? []).length).toBe(4)
    const facts = Array.from(document.querySelectorAll("table.facts tr")).map((tr) => [tr.querySelector("th")?.textContent, tr.querySelector("td")?.textContent])
    expect(facts).toContainEqual(["house PnL (cumulative)", formatInteger(done.result.daily.at(-1)?.house_pnl_chips ?? 0n)])
    expect(html).toContain("roulette")
  })

  it("stress report: reads the runs catalog in SQL, only the stress runs, one line per shock", async () => {
    const dump = await run("7", "stress", { shock: "whale-dump" })
    const cascade = await run("7", "stress", { shock: "liquidation-cascade" })
    const html = readFileSync(await writeStressReport(runs_dir), "utf8")
    const { document } = parseHTML(html)
    expect(externalRefs(html)).toEqual([])
    expect(document.querySelectorAll("svg").length).toBeGreaterThan(5)
    const rows = Array.from(document.querySelectorAll("table tbody tr")).map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent))
    expect(rows.map((r) => r[0]).sort()).toEqual([dump.run.manifest.run_id, cascade.run.manifest.run_id].sort())
    expect(rows.map((r) => r[2]).sort()).toEqual(["shock=liquidation-cascade", "shock=whale-dump"])
    // the cascade liquidates vaults: the table's count is the run's own Σ liquidations
    const liquidations = (r: typeof cascade) => {
      const i = r.run.result.metrics.daily_columns.findIndex(([n]) => n === "liquidations")
      return r.run.result.metrics.daily_rows.reduce((a, row) => a + Number(row[i] ?? 0), 0)
    }
    const cascadeRow = rows.find((r) => r[0] === cascade.run.manifest.run_id)
    expect(liquidations(cascade)).toBeGreaterThan(0)
    expect(cascadeRow?.[8]).toBe(formatInteger(liquidations(cascade)))
  })
})

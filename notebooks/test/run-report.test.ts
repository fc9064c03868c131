import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseHTML } from "linkedom"
import { afterAll, describe, expect, it } from "vitest"
import { DAILY_FIGURES } from "../daily-figures.ts"
import { formatInteger } from "../format.ts"
import { writeRunReport } from "../run-report.ts"
import { fixtureDay, fixtureManifest, writeFixtureRun, type FixtureRun } from "./fixture.ts"

const dir = mkdtempSync(join(tmpdir(), "nullspace-report-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run: FixtureRun = { runId: "quickstart-5e5e5e5e", scenario: "quickstart", days: 9, players: 4, createdAt: "2026-11-25T12:00:00Z", latest: true }

const figureByTitle = (document: Document, title: string): Element => {
  const figure = Array.from(document.querySelectorAll("figure")).find((f) => f.querySelector("h2")?.textContent === title)
  if (figure === undefined) throw new Error(`no figure titled ${title}`)
  return figure
}

/** The number of vertices in an SVG path made of M/L commands. */
const vertices = (d: string): number => (d.match(/[ML]/g) ?? []).length

describe("run report", () => {
  it("writes a self-contained HTML page with the manifest and a chart per daily figure", async () => {
    await writeFixtureRun(dir, run)
    const path = await writeRunReport(dir, run.runId)
    expect(path).toBe(join(dir, run.runId, "report.html"))
    expect(existsSync(path)).toBe(true)
    const html = readFileSync(path, "utf8")

    const manifest = fixtureManifest(run)
    for (const value of [manifest.run_id, manifest.scenario, manifest.seed, manifest.code_version, manifest.final_state_root, manifest.manifest_root, manifest.created_at]) {
      expect(html).toContain(value)
    }
    const last = fixtureDay(run, run.days)
    expect(html).toContain(formatInteger(last.issuance_chips))
    expect(html).toContain(formatInteger(last.house_pnl_chips))

    // No external assets: nothing is fetched when the page opens.
    expect(html).not.toMatch(/<script|<link|<img|src=|href="http/)

    const { document } = parseHTML(html)
    expect(document.querySelectorAll("svg").length).toBeGreaterThanOrEqual(DAILY_FIGURES.length)
    for (const figure of DAILY_FIGURES) {
      const chart = figureByTitle(document, figure.title)
      expect(chart.querySelector("svg")).not.toBeNull()
      // One line per series, each with one vertex per day of the fixture.
      const paths = Array.from(chart.querySelectorAll('g[aria-label="line"] path'))
      expect(paths.length).toBe(figure.lines.length)
      for (const p of paths) expect(vertices(p.getAttribute("d") ?? "")).toBe(run.days)
    }
  })

  it("orders the chart's points by the fixture's values", async () => {
    const html = readFileSync(await writeRunReport(dir, run.runId), "utf8")
    const { document } = parseHTML(html)
    const issuance = figureByTitle(document, DAILY_FIGURES[0]?.title ?? "").querySelector('g[aria-label="line"] path')
    const ys = (issuance?.getAttribute("d") ?? "").split(/[ML]/).filter((s) => s.length > 0).map((pt) => Number(pt.split(",")[1]))
    expect(ys.length).toBe(run.days)
    // Issuance grows every day, so each point sits higher (smaller SVG y) than the one before.
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeLessThan(ys[i - 1] ?? Number.NEGATIVE_INFINITY)
  })
})

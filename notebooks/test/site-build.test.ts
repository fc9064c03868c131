/**
 * Builds the Astro site in a child process against fixture runs folders (and a missing one) and
 * checks the static pages carry the fixture's data. The output goes under node_modules/.cache so
 * the prerender bundle can resolve the repository's packages.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"
import { writeFixtureEconomy, writeFixtureFairness, writeFixtureRun, type FixtureRun } from "./fixture.ts"

const repoRoot = fileURLToPath(new URL("../..", import.meta.url))
const cacheRoot = join(repoRoot, "node_modules", ".cache")
const cleanup: Array<string> = []
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true })
})

const BUILD_TIMEOUT_MS = 240_000

const buildSite = async (runsDir: string): Promise<string> => {
  const outDir = join(cacheRoot, `nullspace-site-test-${process.pid}-${cleanup.length}`)
  cleanup.push(outDir)
  await promisify(execFile)(
    process.execPath,
    [join(repoRoot, "node_modules", "astro", "astro.js"), "build", "--root", join(repoRoot, "site"), "--outDir", outDir],
    {
      cwd: repoRoot,
      env: { ...process.env, NULLSPACE_RUNS_DIR: runsDir, ASTRO_TELEMETRY_DISABLED: "1" },
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024
    }
  )
  return outDir
}

const page = (outDir: string, path: string): string => readFileSync(join(outDir, path, "index.html"), "utf8")

const latest: FixtureRun = { runId: "quickstart-c0ffee01", scenario: "quickstart", days: 12, players: 6, createdAt: "2026-11-25T12:00:00Z", latest: true }
const sibling: FixtureRun = { runId: "quickstart-c0ffee03", scenario: "quickstart", days: 12, players: 4, createdAt: "2026-11-23T12:00:00Z", latest: false }
const older: FixtureRun = { runId: "whales-c0ffee02", scenario: "whales", days: 8, players: 3, createdAt: "2026-11-24T12:00:00Z", latest: false }

describe("site build", () => {
  it(
    "renders the dashboard, run pages, comparison, players and fairness from fixture files",
    async () => {
      const runsDir = mkdtempSync(join(tmpdir(), "nullspace-site-runs-"))
      cleanup.push(runsDir)
      await writeFixtureRun(runsDir, older)
      await writeFixtureRun(runsDir, latest)
      await writeFixtureRun(runsDir, sibling)
      await writeFixtureEconomy(runsDir, latest.runId)
      await writeFixtureFairness(runsDir, [
        { game: "roulette", betType: "straight-up", rules: "european", superMode: false, theoreticalRtp: 0.973, measuredRtp: 0.9716, rounds: 20000, withinTolerance: true },
        { game: "sic-bo", betType: "big", rules: "standard", superMode: true, theoreticalRtp: 0.9722, measuredRtp: 0.91, rounds: 3000, withinTolerance: false }
      ])
      const out = await buildSite(runsDir)

      const index = page(out, "")
      expect(index).toContain("<svg")
      expect(index).toContain(latest.runId)
      expect(index).toContain("Issuance")
      expect(index).toContain("House PnL")

      const runs = page(out, "runs")
      expect(runs).toContain(`href="/runs/${latest.runId}/"`)
      expect(runs).toContain(`href="/runs/${older.runId}/"`)
      for (const r of [latest, older]) {
        const runPage = page(out, join("runs", r.runId))
        expect(runPage).toContain("<svg")
        expect(runPage).toContain(`seed-${r.runId}`)
      }

      // the economy section and the parameter differences within a scenario
      const latestPage = page(out, join("runs", latest.runId))
      expect(latestPage).toContain("<h2>Economy</h2>")
      expect(latestPage).toContain("House PnL per day")
      expect(latestPage).toContain("Realised vs theoretical edge")
      expect(latestPage).toContain("STRAIGHT, RED")
      expect(latestPage).toMatch(/quickstart-c0ffee03<\/code><\/a><\/td><td>players<\/td><td><code>4<\/code><\/td><td><code>6<\/code>/)
      expect(page(out, join("runs", older.runId))).not.toContain("<h2>Economy</h2>")
      expect(runs).toContain("players=6")
      expect(runs).toContain("players=4")

      const compare = page(out, "compare")
      expect(compare).toContain("3 runs overlaid")
      expect(compare).toContain(latest.runId)
      expect(compare).toContain(older.runId)

      const players = page(out, "players")
      expect(players).toContain(`href="/players/player-5/"`)
      expect(players).toContain("<svg")
      const richest = page(out, join("players", "player-5"))
      expect(richest).toContain("Agent 5")
      expect(richest).toContain("<svg")
      // The fixture's closed form: player 5 ends day 12 with 1,000 + 12 × 6 × 10 chips.
      expect(richest).toContain("1,720 chips")

      const fairness = page(out, "fairness")
      expect(fairness).toContain("straight-up")
      expect(fairness).toContain("sic-bo")
      expect(fairness).toContain("97.160%")
      expect(fairness).toContain("1 outside tolerance")
      expect(fairness).not.toContain("No fairness run yet")

      expect(page(out, "loadtest")).toContain("No load test yet")
    },
    BUILD_TIMEOUT_MS + 10_000
  )

  it(
    "builds with no runs folder at all, every page showing its empty state",
    async () => {
      const out = await buildSite(join(tmpdir(), `nullspace-no-runs-${process.pid}`, "runs"))
      expect(page(out, "")).toContain("No simulation run yet.")
      expect(page(out, "runs")).toContain("No simulation run yet.")
      expect(page(out, "compare")).toContain("No simulation run with daily metrics yet.")
      expect(page(out, "players")).toContain("No simulation run yet.")
      expect(page(out, "fairness")).toContain("No fairness run yet: run npm run fairness")
      expect(page(out, "loadtest")).toContain("No load test yet")
      expect(existsSync(join(out, "runs", latest.runId))).toBe(false)
    },
    BUILD_TIMEOUT_MS + 10_000
  )
})

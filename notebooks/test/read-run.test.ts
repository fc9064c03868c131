import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { readFairness } from "../read-fairness.ts"
import { readLoadtests } from "../read-loadtest.ts"
import { latestRunId, listRunIds, readRun } from "../read-run.ts"
import { readRunsFolder } from "../read-runs-folder.ts"
import { TOP_PLAYERS_MAX } from "../run-data.ts"
import { fixtureChips, fixtureDay, writeFixtureFairness, writeFixtureLoadtest, writeFixtureRun, type FixtureRun } from "./fixture.ts"

const dirs: Array<string> = []
const tempRunsDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "nullspace-runs-"))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const small: FixtureRun = { runId: "quickstart-0000aaaa", scenario: "quickstart", days: 7, players: 5, createdAt: "2026-11-25T10:00:00Z", latest: true }
const crowded: FixtureRun = { runId: "crowd-0000bbbb", scenario: "crowd", days: 3, players: 60, createdAt: "2026-11-24T10:00:00Z", latest: false }

describe("readRun", () => {
  it("reads the manifest, every day in order, and the last day's richest players", async () => {
    const dir = tempRunsDir()
    await writeFixtureRun(dir, small)
    const run = await readRun(dir, small.runId)
    expect(run.manifest.run_id).toBe(small.runId)
    expect(run.manifest.scenario).toBe("quickstart")
    expect(run.manifest.days).toBe(7n)
    expect(run.manifest.parameters).toEqual({ players: 5, days: 7, faucet_chips: 1000 })
    expect(run.daily.map((d) => d.day)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n])
    for (const d of run.daily) {
      const expected = fixtureDay(small, Number(d.day))
      expect(d.issuance_chips).toBe(expected.issuance_chips)
      expect(d.house_pnl_chips).toBe(expected.house_pnl_chips)
      expect(d.active_players).toBe(expected.active_players)
      expect(d.gini_chips).toBeCloseTo(expected.gini_chips, 12)
    }
    expect(run.playersLastDay).toBe(5)
    expect(run.topPlayers.map((p) => p.player)).toEqual(["player-4", "player-3", "player-2", "player-1", "player-0"])
    expect(run.topPlayers[0]?.chips).toBe(fixtureChips(7, 4))
    expect(run.topPlayers.every((p) => p.day === 7n)).toBe(true)
    expect(run.topPlayerHistory.length).toBe(small.players * small.days)
    const richest = run.topPlayerHistory.filter((s) => s.player === "player-4")
    expect(richest.map((s) => s.chips)).toEqual([1, 2, 3, 4, 5, 6, 7].map((day) => fixtureChips(day, 4)))
  })

  it("keeps at most TOP_PLAYERS_MAX players but counts them all", async () => {
    const dir = tempRunsDir()
    await writeFixtureRun(dir, crowded)
    const run = await readRun(dir, crowded.runId)
    expect(run.topPlayers.length).toBe(TOP_PLAYERS_MAX)
    expect(run.playersLastDay).toBe(60)
    expect(new Set(run.topPlayerHistory.map((s) => s.player)).size).toBe(TOP_PLAYERS_MAX)
    const chips = run.topPlayers.map((p) => p.chips)
    expect(chips).toEqual([...chips].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)))
  })

  it("rejects a results file without the contract's tables", async () => {
    const dir = tempRunsDir()
    mkdirSync(join(dir, "broken"))
    writeFileSync(join(dir, "broken", "results.duckdb"), "")
    await expect(readRun(dir, "broken")).rejects.toThrow()
  })
})

describe("finding runs", () => {
  it("lists run folders only, follows LATEST, and reads a missing folder as empty", async () => {
    const dir = tempRunsDir()
    await writeFixtureRun(dir, small)
    await writeFixtureRun(dir, crowded)
    await writeFixtureFairness(dir, [])
    await writeFixtureLoadtest(dir, "lt-1", "mix.js")
    expect(listRunIds(dir)).toEqual(["crowd-0000bbbb", "quickstart-0000aaaa"])
    expect(latestRunId(dir)).toBe(small.runId)
    expect(listRunIds(join(dir, "nope"))).toEqual([])
    expect(latestRunId(join(dir, "nope"))).toBeUndefined()
    const folder = await readRunsFolder(dir)
    expect(folder.runs.map((r) => r.manifest.run_id)).toEqual([crowded.runId, small.runId])
    expect(folder.latest?.manifest.run_id).toBe(small.runId)
    const empty = await readRunsFolder(join(dir, "nope"))
    expect(empty.runs).toEqual([])
    expect(empty.latest).toBeUndefined()
    expect(empty.fairness).toBeUndefined()
    expect(empty.loadtests).toBeUndefined()
  })

  it("falls back to the newest run without LATEST and reports unreadable folders", async () => {
    const dir = tempRunsDir()
    await writeFixtureRun(dir, { ...small, latest: false })
    await writeFixtureRun(dir, { ...crowded, createdAt: "2026-11-26T00:00:00Z" })
    mkdirSync(join(dir, "half-written"))
    writeFileSync(join(dir, "half-written", "results.duckdb"), "not a database")
    const folder = await readRunsFolder(dir)
    expect(folder.latest?.manifest.run_id).toBe(crowded.runId)
    expect(folder.unreadable.map((u) => u.runId)).toEqual(["half-written"])
  })
})

describe("fairness and load-test files", () => {
  it("read every row when present and undefined when absent", async () => {
    const dir = tempRunsDir()
    expect(await readFairness(dir)).toBeUndefined()
    expect(await readLoadtests(dir)).toBeUndefined()
    await writeFixtureFairness(dir, [
      { game: "roulette", betType: "red", rules: "european", superMode: false, theoreticalRtp: 0.973, measuredRtp: 0.97, rounds: 1000, withinTolerance: true },
      { game: "baccarat", betType: "tie", rules: "standard", superMode: true, theoreticalRtp: 0.856, measuredRtp: 0.7, rounds: 500, withinTolerance: false }
    ])
    await writeFixtureLoadtest(dir, "lt-7", "casino.js")
    const fairness = await readFairness(dir)
    expect(fairness?.map((r) => [r.game, r.bet_type, r.super_mode, r.within_tolerance, r.rounds])).toEqual([
      ["baccarat", "tie", true, false, 500n],
      ["roulette", "red", false, true, 1000n]
    ])
    const loadtests = await readLoadtests(dir)
    expect(loadtests?.map((r) => [r.run_id, r.script, r.http_reqs, r.thresholds_passed])).toEqual([["lt-7", "casino.js", 4800n, true]])
    expect(JSON.parse(loadtests?.[0]?.summary ?? "null")).toEqual({ note: "fixture" })
  })
})

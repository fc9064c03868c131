/**
 * The runs folder the browser test builds the site from: fixed fixture files in the result-file
 * contract's shape (notebooks/test/fixture.ts writes runs, economy tables, fairness and load-test
 * rows through the project's DuckDB sink), plus an experiment catalog with a sweep and an A/B
 * comparison (sim/experiments/catalog.ts columns). Everything is a constant, so pages render the
 * same pixels on every run and the screenshots compare.
 */
import { join } from "node:path"
import { appendRows, withDuckDb, type Row } from "../sim/sinks/duckdb.ts"
import { CELL_RESULTS_COLUMNS, CELLS_COLUMNS, EXPERIMENTS_COLUMNS } from "../sim/experiments/catalog.ts"
import { writeFixtureEconomy, writeFixtureFairness, writeFixtureLoadtest, writeFixtureRun, type FixtureFairnessRow } from "../notebooks/test/fixture.ts"

const GAMES = ["baccarat", "blackjack", "casino_war", "craps", "hilo", "roulette", "sic_bo", "three_card", "ultimate_holdem", "video_poker"] as const

const fairnessRows = (): ReadonlyArray<FixtureFairnessRow> =>
  GAMES.flatMap((game, g) =>
    [0, 1, 2].map((b) => ({
      game,
      betType: `bet-${b + 1}`,
      rules: b === 2 ? "alt" : "standard",
      superMode: b === 1,
      theoreticalRtp: 0.95 + g / 1000,
      measuredRtp: 0.95 + g / 1000 + (b - 1) / 2000,
      rounds: 100_000,
      withinTolerance: !(game === "video_poker" && b === 2)
    }))
  )

const catalog = async (runsDir: string): Promise<void> => {
  await withDuckDb(join(runsDir, "catalog.duckdb"), async (conn) => {
    const experiments: Row[] = []
    const cells: Row[] = []
    const results: Row[] = []
    const add = (id: string, kind: string, entries: ReadonlyArray<{ readonly group: string; readonly seed: number; readonly stake: number }>, written_at: string) => {
      experiments.push([id, kind, "quickstart", JSON.stringify({ fixture: true }), BigInt(entries.length), BigInt(entries.length), "fixture", "local", `experiments/${id}`, "fixture-0000000", written_at])
      entries.forEach((e, i) => {
        const cell = `${id}-c${i}`
        cells.push([id, cell, e.group, String(e.seed), JSON.stringify({ seed: String(e.seed), stake_max_bps: e.stake }), `run-${cell}`, "00", "00", "00", "fixture", "w0", 10])
        results.push([id, cell, "house_pnl_chips", 1_000 + e.stake * 3 + e.seed * 40], [id, cell, "volume_chips", 50_000 + e.stake * 20 + e.seed * 100], [id, cell, "gini_chips", 0.2 + e.stake / 10_000 + e.seed / 100])
      })
    }
    add("sweep-fixture", "sweep", [300, 600, 900].flatMap((stake) => [1, 2, 3].map((seed) => ({ group: `stake_max_bps=${stake}`, seed, stake }))), "2026-11-25T10:00:00Z")
    add("compare-fixture", "compare", [1, 2, 3].flatMap((seed) => [{ group: "a", seed, stake: 300 }, { group: "b", seed, stake: 900 }]), "2026-11-25T11:00:00Z")
    await appendRows(conn, "experiments", EXPERIMENTS_COLUMNS, experiments)
    await appendRows(conn, "cells", CELLS_COLUMNS, cells)
    await appendRows(conn, "cell_results", CELL_RESULTS_COLUMNS, results)
  })
}

export const writeFixtureRunsFolder = async (runsDir: string): Promise<void> => {
  await writeFixtureRun(runsDir, { runId: "quickstart-c0ffee03", scenario: "quickstart", days: 12, players: 4, createdAt: "2026-11-23T12:00:00Z", latest: false })
  await writeFixtureRun(runsDir, { runId: "phase1-island-c0ffee01", scenario: "phase1-island", days: 12, players: 6, createdAt: "2026-11-25T12:00:00Z", latest: true })
  await writeFixtureEconomy(runsDir, "phase1-island-c0ffee01")
  await writeFixtureFairness(runsDir, fairnessRows())
  await writeFixtureLoadtest(runsDir, "lt-fixture-1", "loadtest/scripts/roulette.js")
  await catalog(runsDir)
}

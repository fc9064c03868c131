/**
 * Test fixtures in exactly the shape of the result-file contract, written through the project's
 * DuckDB sink: a run folder (manifest.json + results.duckdb), the LATEST pointer, a fairness file
 * and a load-test file. Values follow simple closed forms of the day number so tests can compute
 * the expected figures independently.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { appendRows, withDuckDb, type Columns, type Row } from "../../sim/sinks/duckdb.ts"
import {
  fairnessDbPath,
  latestPointerPath,
  loadtestDbPath,
  manifestJsonPath,
  resultsDbPath,
  runFolderPath
} from "../runs-folder.ts"

export const DAILY_METRICS_COLUMNS: Columns = [
  ["day", "BIGINT"],
  ["issuance_chips", "BIGINT"],
  ["house_pnl_chips", "BIGINT"],
  ["active_players", "BIGINT"],
  ["players_total", "BIGINT"],
  ["volume_chips", "BIGINT"],
  ["gini_chips", "DOUBLE"],
  ["blocks", "BIGINT"],
  ["transactions", "BIGINT"]
]

export const RUN_MANIFEST_COLUMNS: Columns = [
  ["run_id", "VARCHAR"],
  ["scenario", "VARCHAR"],
  ["parameters", "JSON"],
  ["seed", "VARCHAR"],
  ["code_version", "VARCHAR"],
  ["final_state_root", "VARCHAR"],
  ["manifest_root", "VARCHAR"],
  ["days", "BIGINT"],
  ["blocks", "BIGINT"],
  ["transactions", "BIGINT"],
  ["created_at", "VARCHAR"]
]

export const PLAYER_SNAPSHOTS_COLUMNS: Columns = [
  ["day", "BIGINT"],
  ["player", "VARCHAR"],
  ["name", "VARCHAR"],
  ["chips", "BIGINT"],
  ["sessions_played", "BIGINT"]
]

export const FAIRNESS_COLUMNS: Columns = [
  ["game", "VARCHAR"],
  ["bet_type", "VARCHAR"],
  ["rules", "VARCHAR"],
  ["super_mode", "BOOLEAN"],
  ["theoretical_rtp", "DOUBLE"],
  ["measured_rtp", "DOUBLE"],
  ["rounds", "BIGINT"],
  ["stderr", "DOUBLE"],
  ["within_tolerance", "BOOLEAN"],
  ["source", "VARCHAR"],
  ["measured_at", "VARCHAR"]
]

export const LOADTEST_COLUMNS: Columns = [
  ["run_id", "VARCHAR"],
  ["script", "VARCHAR"],
  ["started_at", "VARCHAR"],
  ["duration_s", "DOUBLE"],
  ["vus", "BIGINT"],
  ["iterations", "BIGINT"],
  ["http_reqs", "BIGINT"],
  ["http_req_failed_rate", "DOUBLE"],
  ["http_req_duration_p95_ms", "DOUBLE"],
  ["ws_messages", "BIGINT"],
  ["checks_passed", "BIGINT"],
  ["checks_failed", "BIGINT"],
  ["thresholds_passed", "BOOLEAN"],
  ["summary", "JSON"]
]

export interface FixtureRun {
  readonly runId: string
  readonly scenario: string
  readonly days: number
  readonly players: number
  readonly createdAt: string
  /** Write `runs/LATEST` pointing at this run. */
  readonly latest: boolean
}

/** The closed forms the fixture's daily metrics follow (day counts from 1). */
export const fixtureDay = (run: FixtureRun, day: number) => ({
  issuance_chips: BigInt(day * run.players * 1_000),
  house_pnl_chips: BigInt(day * 137 - 400),
  active_players: BigInt(Math.min(run.players, 2 + day)),
  players_total: BigInt(run.players),
  volume_chips: BigInt(5_000 + day * 250),
  gini_chips: 0.1 + day / 100,
  blocks: BigInt(day * 10),
  transactions: BigInt(day * 42)
})

/** Player `i` (0-based) ends day `day` with this many chips. */
export const fixtureChips = (day: number, i: number): bigint => BigInt(1_000 + day * (i + 1) * 10)

export const fixtureManifest = (run: FixtureRun) => ({
  run_id: run.runId,
  scenario: run.scenario,
  parameters: { players: run.players, days: run.days, faucet_chips: 1000 },
  seed: `seed-${run.runId}`,
  code_version: "fixture-0000000",
  final_state_root: `ab${"12".repeat(31)}`,
  manifest_root: `cd${"34".repeat(31)}`,
  days: run.days,
  blocks: run.days * 10,
  transactions: run.days * 42,
  created_at: run.createdAt
})

export const writeFixtureRun = async (runsDir: string, run: FixtureRun): Promise<void> => {
  mkdirSync(runFolderPath(runsDir, run.runId), { recursive: true })
  const m = fixtureManifest(run)
  writeFileSync(manifestJsonPath(runsDir, run.runId), JSON.stringify(m, null, 2))
  await withDuckDb(resultsDbPath(runsDir, run.runId), async (conn) => {
    const manifestRow: Row = [
      m.run_id,
      m.scenario,
      JSON.stringify(m.parameters),
      m.seed,
      m.code_version,
      m.final_state_root,
      m.manifest_root,
      BigInt(m.days),
      BigInt(m.blocks),
      BigInt(m.transactions),
      m.created_at
    ]
    await appendRows(conn, "run_manifest", RUN_MANIFEST_COLUMNS, [manifestRow])
    const daily: Array<Row> = []
    const snapshots: Array<Row> = []
    for (let day = 1; day <= run.days; day++) {
      const d = fixtureDay(run, day)
      daily.push([
        BigInt(day),
        d.issuance_chips,
        d.house_pnl_chips,
        d.active_players,
        d.players_total,
        d.volume_chips,
        d.gini_chips,
        d.blocks,
        d.transactions
      ])
      for (let i = 0; i < run.players; i++) {
        snapshots.push([BigInt(day), `player-${i}`, `Agent ${i}`, fixtureChips(day, i), BigInt(day * 3 + i)])
      }
    }
    await appendRows(conn, "daily_metrics", DAILY_METRICS_COLUMNS, daily)
    await appendRows(conn, "player_snapshots", PLAYER_SNAPSHOTS_COLUMNS, snapshots)
  })
  if (run.latest) writeFileSync(latestPointerPath(runsDir), `${run.runId}\n`)
}

export interface FixtureFairnessRow {
  readonly game: string
  readonly betType: string
  readonly rules: string
  readonly superMode: boolean
  readonly theoreticalRtp: number
  readonly measuredRtp: number
  readonly rounds: number
  readonly withinTolerance: boolean
}

export const writeFixtureFairness = async (runsDir: string, rows: ReadonlyArray<FixtureFairnessRow>): Promise<void> => {
  await withDuckDb(fairnessDbPath(runsDir), async (conn) => {
    await appendRows(
      conn,
      "fairness",
      FAIRNESS_COLUMNS,
      rows.map((r) => [
        r.game,
        r.betType,
        r.rules,
        r.superMode,
        r.theoreticalRtp,
        r.measuredRtp,
        BigInt(r.rounds),
        0.001,
        r.withinTolerance,
        "fixture",
        "2026-11-25T18:00:00Z"
      ])
    )
  })
}

export const writeFixtureLoadtest = async (runsDir: string, runId: string, script: string): Promise<void> => {
  await withDuckDb(loadtestDbPath(runsDir), async (conn) => {
    await appendRows(conn, "loadtest_runs", LOADTEST_COLUMNS, [
      [runId, script, "2026-11-25T17:00:00Z", 60.5, 20n, 1200n, 4800n, 0.0025, 41.75, 9000n, 4790n, 10n, true, JSON.stringify({ note: "fixture" })]
    ])
  })
}

/**
 * Add the economy tables of the metric families to a fixture run: a few daily_metrics columns
 * (closed forms: house PnL per day = 137, faucet = 50 × day) and one game_edges row.
 */
export const writeFixtureEconomy = async (runsDir: string, runId: string): Promise<void> => {
  await withDuckDb(resultsDbPath(runsDir, runId), async (conn) => {
    await conn.run("ALTER TABLE daily_metrics ADD COLUMN house_pnl_day_chips BIGINT DEFAULT 137")
    await conn.run("ALTER TABLE daily_metrics ADD COLUMN faucet_chips BIGINT")
    await conn.run("UPDATE daily_metrics SET faucet_chips = 50 * day")
    await appendRows(
      conn,
      "game_edges",
      [
        ["game_type", "VARCHAR"],
        ["sessions", "BIGINT"],
        ["staked_chips", "BIGINT"],
        ["returned_chips", "BIGINT"],
        ["realised_edge", "DOUBLE"],
        ["theoretical_edge_min", "DOUBLE"],
        ["theoretical_edge_max", "DOUBLE"],
        ["theoretical_bets", "VARCHAR"]
      ],
      [["roulette", 120n, 10_000n, 9_700n, 0.03, 1 / 37, 1 / 37, "STRAIGHT, RED"]]
    )
  })
}

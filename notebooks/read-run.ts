/**
 * Read one simulation run from its result file: the manifest, the daily metrics in day order,
 * and the richest players of the last snapshot day. Also finds runs: the `LATEST` pointer and
 * every run folder that holds a `results.duckdb`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { Schema } from "effect"
import { queryRows } from "../sim/sinks/duckdb.ts"
import { hasTable, withReadOnlyDb } from "./open-results.ts"
import { latestPointerPath, resultsDbPath } from "./runs-folder.ts"
import { DailyMetric, PlayerSnapshot, RunManifest, TOP_PLAYERS_MAX, type RunData } from "./run-data.ts"

const decodeManifests = Schema.decodeUnknownSync(Schema.Array(RunManifest))
const decodeDaily = Schema.decodeUnknownSync(Schema.Array(DailyMetric))
const decodePlayers = Schema.decodeUnknownSync(Schema.Array(PlayerSnapshot))

/** The run id named by `runs/LATEST`, when the pointer exists and names a run folder. */
export const latestRunId = (runsDir: string): string | undefined => {
  const pointer = latestPointerPath(runsDir)
  if (!existsSync(pointer)) return undefined
  const runId = readFileSync(pointer, "utf8").trim()
  return runId.length > 0 && existsSync(resultsDbPath(runsDir, runId)) ? runId : undefined
}

/** Every folder of `runsDir` that holds a `results.duckdb`, sorted by name. */
export const listRunIds = (runsDir: string): ReadonlyArray<string> => {
  if (!existsSync(runsDir)) return []
  return readdirSync(runsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(resultsDbPath(runsDir, entry.name)))
    .map((entry) => entry.name)
    .sort()
}

export const readRun = async (runsDir: string, runId: string): Promise<RunData> => {
  const path = resultsDbPath(runsDir, runId)
  return withReadOnlyDb(path, async (conn) => {
    for (const table of ["run_manifest", "daily_metrics"]) {
      if (!(await hasTable(conn, table))) throw new Error(`${path} has no table ${table}`)
    }
    const manifests = decodeManifests(await queryRows(
        conn,
        `SELECT run_id, scenario, CAST(parameters AS VARCHAR) AS parameters, seed, code_version, final_state_root,
                manifest_root, days, blocks, transactions, created_at
         FROM run_manifest LIMIT 1`
      ))
    const manifest = manifests[0]
    if (manifest === undefined) throw new Error(`${path}: run_manifest is empty`)
    const daily = decodeDaily(await queryRows(
        conn,
        `SELECT day, issuance_chips, house_pnl_chips, active_players, players_total, volume_chips, gini_chips,
                blocks, transactions
         FROM daily_metrics ORDER BY day`
      ))
    if (!(await hasTable(conn, "player_snapshots"))) return { manifest, daily, topPlayers: [], playersLastDay: 0, topPlayerHistory: [] }
    const lastDay = "(SELECT max(day) FROM player_snapshots)"
    const topPlayers = decodePlayers(
      await queryRows(
        conn,
        `SELECT day, player, name, chips, sessions_played FROM player_snapshots
         WHERE day = ${lastDay} ORDER BY chips DESC, player LIMIT ${TOP_PLAYERS_MAX}`
      )
    )
    const counted = await queryRows(conn, `SELECT count(*) AS n FROM player_snapshots WHERE day = ${lastDay}`)
    const n = counted[0]?.["n"]
    const topPlayerHistory = decodePlayers(
      await queryRows(
        conn,
        `WITH top AS (
           SELECT player FROM player_snapshots WHERE day = ${lastDay} ORDER BY chips DESC, player LIMIT ${TOP_PLAYERS_MAX}
         )
         SELECT s.day, s.player, s.name, s.chips, s.sessions_played
         FROM player_snapshots s JOIN top ON s.player = top.player ORDER BY s.player, s.day`
      )
    )
    return { manifest, daily, topPlayers, playersLastDay: typeof n === "bigint" ? Number(n) : 0, topPlayerHistory }
  })
}

/**
 * The result files of a run (the contract the notebooks and the site read):
 *   <runs>/<run_id>/results.duckdb   daily_metrics, run_manifest, player_snapshots
 *   <runs>/<run_id>/manifest.json    the run_manifest row as JSON
 *   <runs>/<run_id>/node/            genesis.json + blocks.log in the node's data-dir format (runs that keep blocks)
 *   <runs>/<run_id>/agents.jsonl     one line per agent: key, name, kind (ground truth), ip, device_id, user_agent
 *   <runs>/<run_id>/violation.json   only when an invariant stopped the run: seed, height, tx, invariant
 *   <runs>/LATEST                    the id of the last run written
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { appendRows, withDuckDb, type Columns, type Row } from "../sinks/duckdb.ts"
import { violationSummary, type ViolationRecord } from "./errors.ts"
import type { AgentRecord } from "../agents/fingerprint.ts"
import type { RunManifest } from "./manifest.ts"
import type { DailyMetrics, PlayerSnapshot } from "./metrics.ts"

export const runDir = (runs_dir: string, run_id: string): string => join(runs_dir, run_id)
export const resultsPath = (runs_dir: string, run_id: string): string => join(runs_dir, run_id, "results.duckdb")
export const manifestPath = (runs_dir: string, run_id: string): string => join(runs_dir, run_id, "manifest.json")
export const latestPath = (runs_dir: string): string => join(runs_dir, "LATEST")
export const nodeDir = (run_dir: string): string => join(run_dir, "node")
export const violationPath = (run_dir: string): string => join(run_dir, "violation.json")

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

export const PLAYER_SNAPSHOT_COLUMNS: Columns = [
  ["day", "BIGINT"],
  ["player", "VARCHAR"],
  ["name", "VARCHAR"],
  ["chips", "BIGINT"],
  ["sessions_played", "BIGINT"]
]

const dailyRow = (d: DailyMetrics): Row => [
  d.day,
  d.issuance_chips,
  d.house_pnl_chips,
  d.active_players,
  d.players_total,
  d.volume_chips,
  d.gini_chips,
  d.blocks,
  d.transactions
]

const parametersJson = (m: RunManifest): string => JSON.stringify(m.parameters)

const manifestRow = (m: RunManifest): Row => [
  m.run_id,
  m.scenario,
  parametersJson(m),
  m.seed,
  m.code_version,
  m.final_state_root,
  m.manifest_root,
  m.days,
  m.blocks,
  m.transactions,
  m.created_at
]

const snapshotRow = (s: PlayerSnapshot): Row => [s.day, s.player, s.name, s.chips, s.sessions_played]

/** manifest.json: the manifest row, counts as JSON numbers and parameters as an object */
export const manifestJson = (m: RunManifest): string =>
  JSON.stringify(
    {
      run_id: m.run_id,
      scenario: m.scenario,
      parameters: m.parameters,
      seed: m.seed,
      code_version: m.code_version,
      final_state_root: m.final_state_root,
      manifest_root: m.manifest_root,
      days: Number(m.days),
      blocks: Number(m.blocks),
      transactions: Number(m.transactions),
      created_at: m.created_at
    },
    null,
    2
  ) + "\n"

const writeAtomically = (path: string, text: string): void => {
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, text)
  renameSync(tmp, path)
}

export interface WrittenRun {
  readonly run_id: string
  readonly dir: string
  readonly results: string
  readonly manifest: string
}

/**
 * Write one run. A run folder with the same id (same manifest root) is replaced: the database is
 * written under a temporary name and renamed into place, then manifest.json, then LATEST.
 */
export const writeRunFiles = async (
  runs_dir: string,
  manifest: RunManifest,
  daily: ReadonlyArray<DailyMetrics>,
  snapshots: ReadonlyArray<PlayerSnapshot>
): Promise<WrittenRun> => {
  const dir = runDir(runs_dir, manifest.run_id)
  mkdirSync(dir, { recursive: true })
  const results = resultsPath(runs_dir, manifest.run_id)
  const staging = join(dir, `results.${process.pid}.staging.duckdb`)
  for (const p of [staging, `${staging}.wal`]) if (existsSync(p)) rmSync(p)
  await withDuckDb(staging, async (conn) => {
    await appendRows(conn, "daily_metrics", DAILY_METRICS_COLUMNS, daily.map(dailyRow))
    await appendRows(conn, "run_manifest", RUN_MANIFEST_COLUMNS, [manifestRow(manifest)])
    await appendRows(conn, "player_snapshots", PLAYER_SNAPSHOT_COLUMNS, snapshots.map(snapshotRow))
    await conn.run("CHECKPOINT")
  })
  if (existsSync(`${results}.wal`)) rmSync(`${results}.wal`)
  renameSync(staging, results)
  const manifest_file = manifestPath(runs_dir, manifest.run_id)
  writeAtomically(manifest_file, manifestJson(manifest))
  writeAtomically(latestPath(runs_dir), `${manifest.run_id}\n`)
  return { run_id: manifest.run_id, dir, results, manifest: manifest_file }
}

/** violation.json: the violation record (height and view as numbers) */
export const violationJson = (v: ViolationRecord): string =>
  JSON.stringify({ ...v, height: Number(v.height), view: Number(v.view), summary: violationSummary(v) }, null, 2) + "\n"

export const writeViolationFile = (run_dir: string, v: ViolationRecord): void => writeAtomically(violationPath(run_dir), violationJson(v))

export const agentsPath = (run_dir: string): string => join(run_dir, "agents.jsonl")

/** agents.jsonl: the §7.3 metadata format (plus name and kind), one JSON object a line */
export const writeAgentsFile = (run_dir: string, agents: ReadonlyArray<AgentRecord>): void =>
  writeAtomically(agentsPath(run_dir), agents.map((a) => JSON.stringify(a)).join("\n") + (agents.length > 0 ? "\n" : ""))

/**
 * The result files of a run (the contract the notebooks and the site read; docs/results-schema.md):
 *   <runs>/<run_id>/results.duckdb           daily_metrics, run_manifest, player_snapshots,
 *                                            parameters and the metric tables (agent_outcomes,
 *                                            event_counts, game_edges, kind_activity, invariant_checks)
 *   <runs>/<run_id>/parquet/<table>.parquet  one Parquet file per catalog table (runs = run_manifest)
 *   <runs>/<run_id>/manifest.json            the run_manifest row as JSON
 *   <runs>/<run_id>/node/                    genesis.json + blocks.log in the node's data-dir format (runs that keep blocks)
 *   <runs>/<run_id>/agents.jsonl             one line per agent: key, name, kind (ground truth), ip, device_id, user_agent
 *   <runs>/<run_id>/violation.json           only when an invariant stopped the run: seed, height, tx, invariant
 *   <runs>/catalog.duckdb                    every run's Parquet rows with its run_id (sinks/catalog.ts)
 *   <runs>/LATEST                            the id of the last run written
 * Order: results.duckdb (staged, renamed into place), Parquet files, manifest.json, catalog, LATEST.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { appendRows, inTransaction, withAttachedDuckDb, type AppendOptions, type Columns, type Row } from "../sinks/duckdb.ts"
import { removeStale } from "../sinks/stale-files.ts"
import { CATALOG_TABLES, indexRun, parquetDir } from "../sinks/catalog.ts"
import { copyTableToParquet } from "../sinks/parquet.ts"
import type { RunMetrics } from "../metrics/collector.ts"
import { INVARIANT_CHECK_COLUMNS } from "../metrics/invariants.ts"
import type { ParamValue } from "../scenario.ts"
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

export const PARAMETER_COLUMNS: Columns = [
  ["run_id", "VARCHAR"],
  ["name", "VARCHAR"],
  /** the value as JSON text ("200", "\"42\"", "true") */
  ["value_json", "VARCHAR"],
  /** the value when it is a number, else null */
  ["value_number", "DOUBLE"]
]

const parameterRows = (m: RunManifest): Row[] =>
  Object.keys(m.parameters)
    .sort()
    .map((name) => {
      const v: ParamValue | undefined = m.parameters[name]
      return [m.run_id, name, JSON.stringify(v ?? null), typeof v === "number" ? v : null]
    })

/** daily_metrics: the runner's columns, then every metric family's (the collectors' `day` is the same day) */
const dailyTable = (daily: ReadonlyArray<DailyMetrics>, metrics: RunMetrics | undefined): { columns: Columns; rows: Row[] } => {
  if (metrics === undefined) return { columns: DAILY_METRICS_COLUMNS, rows: daily.map(dailyRow) }
  if (metrics.daily_rows.length !== daily.length) throw new Error(`${metrics.daily_rows.length} metric rows for ${daily.length} days`)
  return {
    columns: [...DAILY_METRICS_COLUMNS, ...metrics.daily_columns.slice(1)],
    rows: daily.map((d, i) => {
      const m = metrics.daily_rows[i]!
      if (m[0] !== d.day) throw new Error(`metric row ${i} is for day ${String(m[0])}, not ${d.day}`)
      return [...dailyRow(d), ...m.slice(1)]
    })
  }
}

/** the runner's failing law as an invariant_checks row (held/expected are in its detail text) */
export const violationCheckRow = (v: ViolationRecord): Row => [BigInt(v.day), v.height, v.invariant, false, null, null, `runner: ${violationSummary(v)}`]

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

export interface RunFilesOptions {
  /**
   * index the run into `<runs>/catalog.duckdb` and point LATEST at it (default true). An
   * experiment cell's folder holds one run and the experiment has its own catalog tables, so
   * cells skip it: the ingest is a second DuckDB database per run, ≈ 40 % of a small run's write.
   */
  readonly catalog?: boolean
  /**
   * DuckDB threads for the run's database (default: one per core). Experiment cells use 1: a
   * cell's tables are small, and a worker thread that borrows a second core for DuckDB takes it
   * from the cell running beside it (the parallel speedup, bench/experiments.ts).
   */
  readonly duckdb_threads?: number
}

/**
 * Write one run. A run folder with the same id (same manifest root) is replaced: the database is
 * written under a temporary name and renamed into place, then manifest.json, then LATEST.
 */
export const writeRunFiles = async (
  runs_dir: string,
  manifest: RunManifest,
  daily: ReadonlyArray<DailyMetrics>,
  snapshots: ReadonlyArray<PlayerSnapshot>,
  metrics?: RunMetrics,
  violation?: ViolationRecord,
  options: RunFilesOptions = {}
): Promise<WrittenRun> => {
  const dir = runDir(runs_dir, manifest.run_id)
  mkdirSync(dir, { recursive: true })
  const results = resultsPath(runs_dir, manifest.run_id)
  const staging = join(dir, `results.${process.pid}.staging.duckdb`)
  for (const p of [staging, `${staging}.wal`]) if (existsSync(p)) rmSync(p)
  // a writer killed mid-write (a cell worker, kill -9) left its staging database and WAL behind
  removeStale(dir, "results.", ".staging.duckdb")
  removeStale(dir, "results.", ".staging.duckdb.wal")
  const daily_table = dailyTable(daily, metrics)
  const parquet = parquetDir(dir)
  mkdirSync(parquet, { recursive: true })
  await withAttachedDuckDb(staging, async (conn) => {
    // every table in one transaction: one commit (and sync) for the file, not one per table
    const caller: AppendOptions = { transaction: "caller" }
    await inTransaction(conn, async () => {
      await appendRows(conn, "daily_metrics", daily_table.columns, daily_table.rows, caller)
      await appendRows(conn, "run_manifest", RUN_MANIFEST_COLUMNS, [manifestRow(manifest)], caller)
      await appendRows(conn, "player_snapshots", PLAYER_SNAPSHOT_COLUMNS, snapshots.map(snapshotRow), caller)
      await appendRows(conn, "parameters", PARAMETER_COLUMNS, parameterRows(manifest), caller)
      for (const t of metrics?.tables ?? []) await appendRows(conn, t.name, t.columns, t.rows, caller)
      // a run an invariant stopped: the runner's failing check joins the day-end checks
      if (violation !== undefined) await appendRows(conn, "invariant_checks", INVARIANT_CHECK_COLUMNS, [violationCheckRow(violation)], caller)
    })
    await conn.run("CHECKPOINT")
    for (const table of CATALOG_TABLES) {
      const source = table === "runs" ? "run_manifest" : table
      const present = await conn.runAndReadAll(`SELECT 1 FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = '${source}'`)
      const file = join(parquet, `${table}.parquet`)
      if (present.getRows().length > 0) await copyTableToParquet(conn, source, file)
      else if (existsSync(file)) rmSync(file)
    }
  }, { threads: options.duckdb_threads })
  if (existsSync(`${results}.wal`)) rmSync(`${results}.wal`)
  renameSync(staging, results)
  const manifest_file = manifestPath(runs_dir, manifest.run_id)
  writeAtomically(manifest_file, manifestJson(manifest))
  if (options.catalog === false) return { run_id: manifest.run_id, dir, results, manifest: manifest_file }
  await indexRun(runs_dir, manifest.run_id, dir)
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

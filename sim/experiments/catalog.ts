/**
 * The experiment tables of the DuckDB catalog (runs/catalog.duckdb by default), separate from the
 * per-run tables:
 *
 *   experiments   one row per experiment: id, kind, scenario, request, cells, result hash, folder
 *   cells         one row per plan entry: experiment, cell, group, seed, parameters, run, hashes
 *   cell_results  one row per cell and outcome: the figure the statistics are computed over
 *
 * Writing an experiment replaces its rows (delete by experiment_id, then insert), so writing the
 * same experiment twice leaves one copy: rows are keyed by (experiment_id, cell_id).
 */
import type { DuckDBConnection } from "@duckdb/node-api"
import { appendRows, ensureTable, withDuckDb, type Columns, type Row } from "../sinks/duckdb.ts"
import { OUTCOME_NAMES } from "./cell.ts"
import type { ExperimentReport } from "./run-experiment.ts"

export const EXPERIMENTS_COLUMNS: Columns = [
  ["experiment_id", "VARCHAR"],
  ["kind", "VARCHAR"],
  ["scenario", "VARCHAR"],
  ["request", "JSON"],
  ["cells_total", "BIGINT"],
  ["cells_done", "BIGINT"],
  ["result_hash", "VARCHAR"],
  ["backend", "VARCHAR"],
  ["folder", "VARCHAR"],
  ["code_version", "VARCHAR"],
  ["written_at", "VARCHAR"]
]

export const CELLS_COLUMNS: Columns = [
  ["experiment_id", "VARCHAR"],
  ["cell_id", "VARCHAR"],
  ["group_label", "VARCHAR"],
  ["seed", "VARCHAR"],
  ["parameters", "JSON"],
  ["run_id", "VARCHAR"],
  ["manifest_root", "VARCHAR"],
  ["final_state_root", "VARCHAR"],
  ["result_hash", "VARCHAR"],
  ["code_version", "VARCHAR"],
  ["worker", "VARCHAR"],
  ["elapsed_ms", "DOUBLE"]
]

export const CELL_RESULTS_COLUMNS: Columns = [
  ["experiment_id", "VARCHAR"],
  ["cell_id", "VARCHAR"],
  ["outcome", "VARCHAR"],
  ["value", "DOUBLE"]
]

const TABLES = [
  ["experiments", EXPERIMENTS_COLUMNS],
  ["cells", CELLS_COLUMNS],
  ["cell_results", CELL_RESULTS_COLUMNS]
] as const

const replaceRows = async (conn: DuckDBConnection, r: ExperimentReport, code_version: string): Promise<void> => {
  const id = r.plan.experiment_id
  for (const [table, columns] of TABLES) {
    await ensureTable(conn, table, columns)
    await conn.run(`DELETE FROM ${table} WHERE experiment_id = '${id.replaceAll("'", "''")}'`)
  }
  const experiment: Row = [
    id,
    r.plan.kind,
    r.plan.scenario,
    JSON.stringify(r.plan.request),
    r.plan.cells.length,
    r.results.size,
    r.result_hash,
    r.backend,
    r.folder,
    code_version,
    new Date().toISOString()
  ]
  const cells: Row[] = []
  const seen = new Set<string>()
  const outcomes: Row[] = []
  for (const e of r.plan.entries) {
    const c = r.results.get(e.cell_id)
    if (c === undefined) continue
    cells.push([id, c.cell_id, e.group, e.seed, JSON.stringify(c.parameters), c.run_id, c.manifest_root, c.final_state_root, c.result_hash, c.code_version, c.worker, c.elapsed_ms])
    if (seen.has(c.cell_id)) continue
    seen.add(c.cell_id)
    for (const k of OUTCOME_NAMES) outcomes.push([id, c.cell_id, k, c.outcomes[k]])
  }
  await appendRows(conn, "experiments", EXPERIMENTS_COLUMNS, [experiment])
  await appendRows(conn, "cells", CELLS_COLUMNS, cells)
  await appendRows(conn, "cell_results", CELL_RESULTS_COLUMNS, outcomes)
}

export const writeExperimentCatalog = (db_path: string, r: ExperimentReport, code_version: string): Promise<void> =>
  withDuckDb(db_path, (conn) => replaceRows(conn, r, code_version))

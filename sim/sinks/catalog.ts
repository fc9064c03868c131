/**
 * The runs catalog: `<runs>/catalog.duckdb`, one database over every run in the folder, queryable
 * in plain SQL (schema: docs/results-schema.md). A run enters the catalog from its own Parquet
 * files (`<runs>/<run_id>/parquet/<table>.parquet`) with its run_id prepended to every row:
 *
 *   delete the run's rows from every catalog table, then for each Parquet file
 *   create the table from the file's columns if it is new, add any column the file has and the
 *   table lacks, and INSERT … BY NAME — all in one transaction, so a run is in the catalog whole
 *   or not at all, and re-indexing a run replaces it.
 *
 * DuckDB allows one writing process per file: opening a catalog another process holds is retried
 * (bounded: CATALOG_OPEN_ATTEMPTS_MAX, with a growing pause) before it fails.
 */
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import type { DuckDBConnection } from "@duckdb/node-api"
import { queryRows, withDuckDb } from "./duckdb.ts"
import { sqlString } from "./parquet.ts"

export const CATALOG_FILE = "catalog.duckdb"
export const catalogPath = (runs_dir: string): string => join(runs_dir, CATALOG_FILE)
export const parquetDir = (run_dir: string): string => join(run_dir, "parquet")

/** the tables a run contributes to the catalog, and their Parquet file names */
export const CATALOG_TABLES = ["runs", "parameters", "daily_metrics", "agent_outcomes", "event_counts", "invariant_checks", "game_edges", "kind_activity"] as const
export type CatalogTable = (typeof CATALOG_TABLES)[number]

export const CATALOG_OPEN_ATTEMPTS_MAX = 40
const PAUSE_MS_MAX = 500

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const isLockError = (e: unknown): boolean => e instanceof Error && /lock|Conflicting|already open/i.test(e.message)

/** open the catalog for one callback, retrying while another process holds its lock */
export const withCatalog = async <A>(runs_dir: string, use: (conn: DuckDBConnection) => Promise<A>): Promise<A> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withDuckDb(catalogPath(runs_dir), use)
    } catch (e) {
      if (!isLockError(e) || attempt >= CATALOG_OPEN_ATTEMPTS_MAX) throw e
      await sleep(Math.min(PAUSE_MS_MAX, 25 * attempt))
    }
  }
}

const quoteIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`

const tableColumns = async (conn: DuckDBConnection, table: string): Promise<Map<string, string>> => {
  const rows = await queryRows(conn, `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${sqlString(table)} AND table_schema = 'main'`)
  return new Map(rows.map((r) => [String(r["column_name"]), String(r["data_type"])]))
}

const loadRun = async (conn: DuckDBConnection, run_id: string, run_dir: string): Promise<void> => {
  for (const table of CATALOG_TABLES) {
    const file = join(parquetDir(run_dir), `${table}.parquet`)
    const existing = await tableColumns(conn, table)
    if (existing.size > 0) await conn.run(`DELETE FROM ${table} WHERE run_id = ${sqlString(run_id)}`)
    if (!existsSync(file)) continue
    const source = `SELECT ${sqlString(run_id)} AS run_id, * EXCLUDE (run_id) FROM read_parquet(${sqlString(file)})`
    const hasRunId = (await queryRows(conn, `SELECT name FROM parquet_schema(${sqlString(file)}) WHERE name = 'run_id'`)).length > 0
    const select = hasRunId ? source : `SELECT ${sqlString(run_id)} AS run_id, * FROM read_parquet(${sqlString(file)})`
    if (existing.size === 0) {
      await conn.run(`CREATE TABLE ${table} AS ${select}`)
      continue
    }
    const incoming = await queryRows(conn, `DESCRIBE ${select}`)
    for (const c of incoming) {
      const name = String(c["column_name"])
      if (!existing.has(name)) await conn.run(`ALTER TABLE ${table} ADD COLUMN ${quoteIdent(name)} ${String(c["column_type"])}`)
    }
    await conn.run(`INSERT INTO ${table} BY NAME ${select}`)
  }
}

/** put one run (its Parquet files) into the catalog, replacing what the catalog held for it */
export const indexRun = (runs_dir: string, run_id: string, run_dir: string = join(runs_dir, run_id)): Promise<void> =>
  withCatalog(runs_dir, async (conn) => {
    await conn.run("BEGIN TRANSACTION")
    try {
      await loadRun(conn, run_id, run_dir)
      await conn.run("COMMIT")
    } catch (e) {
      await conn.run("ROLLBACK")
      throw e
    }
  })

/** re-index every run folder of `runs_dir` that has Parquet files; returns the run ids indexed */
export const rebuildCatalog = async (runs_dir: string): Promise<string[]> => {
  const ids = existsSync(runs_dir)
    ? readdirSync(runs_dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(parquetDir(join(runs_dir, d.name)), "runs.parquet")))
        .map((d) => d.name)
        .sort()
    : []
  for (const id of ids) await indexRun(runs_dir, id)
  return ids
}

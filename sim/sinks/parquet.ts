/**
 * Parquet files from DuckDB tables: `COPY table TO 'file.parquet' (FORMAT parquet)`, written under
 * a temporary name and renamed into place so a reader never sees half a file. Paths are quoted
 * as SQL string literals.
 */
import { renameSync, rmSync, existsSync } from "node:fs"
import type { DuckDBConnection } from "@duckdb/node-api"

export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`

export const copyTableToParquet = async (conn: DuckDBConnection, table: string, path: string): Promise<void> => {
  const tmp = `${path}.tmp-${process.pid}`
  if (existsSync(tmp)) rmSync(tmp)
  await conn.run(`COPY ${table} TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`)
  renameSync(tmp, path)
}

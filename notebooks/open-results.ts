/**
 * Open a result file read-only for the length of one callback, so a reader never creates a
 * database, never takes the write lock a running simulation needs, and always closes the file.
 */
import { existsSync } from "node:fs"
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api"
import { closeDuckDb } from "../sim/sinks/duckdb.ts"

export const withReadOnlyDb = async <A>(path: string, use: (conn: DuckDBConnection) => Promise<A>): Promise<A> => {
  if (!existsSync(path)) throw new Error(`result file not found: ${path}`)
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" })
  const conn = await instance.connect()
  try {
    return await use(conn)
  } finally {
    closeDuckDb(conn)
    instance.closeSync()
  }
}

/** Whether `table` exists in the opened database. */
export const hasTable = async (conn: DuckDBConnection, table: string): Promise<boolean> => {
  const reader = await conn.runAndReadAll(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = '${table.replaceAll("'", "''")}'`
  )
  const n = reader.getRowObjects()[0]?.["n"]
  return typeof n === "bigint" ? n > 0n : n === 1
}

/**
 * The one way results reach DuckDB: open (or create) a database file, create a table from a
 * column list if it does not exist, append rows in one transaction (or several tables' rows in one:
 * `inTransaction`). Used by simulations, fairness runs and load-test summaries alike, so every
 * figure on a dashboard traces to a file.
 */
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api"

export type ColumnType = "VARCHAR" | "BIGINT" | "HUGEINT" | "DOUBLE" | "BOOLEAN" | "TIMESTAMP" | "JSON"
export type Columns = ReadonlyArray<readonly [name: string, type: ColumnType]>
export type Cell = string | number | bigint | boolean | null
export type Row = ReadonlyArray<Cell>

const sqlLiteral = (v: Cell): string => {
  if (v === null) return "NULL"
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE"
  if (typeof v === "bigint") return v.toString()
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "NULL"
    return Number.isInteger(v) ? v.toString() : v.toPrecision(17)
  }
  return `'${v.replaceAll("'", "''")}'`
}

export const openDuckDb = async (path: string): Promise<DuckDBConnection> => {
  mkdirSync(dirname(path), { recursive: true })
  const instance = await DuckDBInstance.create(path)
  return instance.connect()
}

export const ensureTable = async (conn: DuckDBConnection, table: string, columns: Columns): Promise<void> => {
  await conn.run(`CREATE TABLE IF NOT EXISTS ${table} (${columns.map(([n, t]) => `${n} ${t}`).join(", ")})`)
}

const ROWS_PER_INSERT_MAX = 500

const checkWidth = (table: string, columns: Columns, r: Row): void => {
  if (r.length !== columns.length) throw new Error(`row has ${r.length} cells, ${table} has ${columns.length} columns`)
}

export interface AppendOptions {
  /**
   * "own" (the default): the rows go in a transaction of their own, committed before the call
   * returns. "caller": the caller holds a transaction (`inTransaction`) that takes several tables'
   * rows at once, so a file written table by table commits (and syncs) once.
   */
  readonly transaction?: "own" | "caller"
}

/**
 * Run `use` in one transaction: committed when it resolves, rolled back (and the error rethrown)
 * when it throws. Appends inside pass `{ transaction: "caller" }`.
 */
export const inTransaction = async <A>(conn: DuckDBConnection, use: () => Promise<A>): Promise<A> => {
  await conn.run("BEGIN TRANSACTION")
  let result: A
  try {
    result = await use()
  } catch (e) {
    await conn.run("ROLLBACK")
    throw e
  }
  await conn.run("COMMIT")
  return result
}

const transactionFor = <A>(conn: DuckDBConnection, options: AppendOptions, use: () => Promise<A>): Promise<A> =>
  options.transaction === "caller" ? use() : inTransaction(conn, use)

/** rows as SQL INSERT statements (500 rows each) in one transaction: the reference path, kept for the bench */
export const appendRowsSql = async (conn: DuckDBConnection, table: string, columns: Columns, rows: ReadonlyArray<Row>, options: AppendOptions = {}): Promise<void> => {
  await ensureTable(conn, table, columns)
  if (rows.length === 0) return
  await transactionFor(conn, options, async () => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT_MAX) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT_MAX)
      const values = chunk
        .map((r) => {
          checkWidth(table, columns, r)
          return `(${r.map(sqlLiteral).join(", ")})`
        })
        .join(", ")
      await conn.run(`INSERT INTO ${table} (${columns.map(([n]) => n).join(", ")}) VALUES ${values}`)
    }
  })
}

class CellTypeError extends Error {}

const appendCell = (app: DuckDBAppender, type: ColumnType, v: Cell, where: string): void => {
  if (v === null) return app.appendNull()
  switch (type) {
    case "BIGINT":
      if (typeof v === "bigint") return app.appendBigInt(v)
      if (typeof v === "number" && Number.isSafeInteger(v)) return app.appendBigInt(BigInt(v))
      break
    case "HUGEINT":
      if (typeof v === "bigint") return app.appendHugeInt(v)
      break
    case "DOUBLE":
      if (typeof v === "number") return Number.isFinite(v) ? app.appendDouble(v) : app.appendNull()
      if (typeof v === "bigint") return app.appendDouble(Number(v))
      break
    case "BOOLEAN":
      if (typeof v === "boolean") return app.appendBoolean(v)
      break
    case "VARCHAR":
    case "JSON":
      if (typeof v === "string") return app.appendVarchar(v)
      break
    case "TIMESTAMP":
      break
  }
  throw new CellTypeError(`${where}: a ${typeof v} cannot go into a ${type} column`)
}

/**
 * Append rows through DuckDB's appender (column-typed, no SQL text per row): the path every
 * writer uses. Tables with a TIMESTAMP column take the SQL path. A row of the wrong width or a
 * cell of the wrong type throws before anything is flushed, and the table is left unchanged.
 */
export const appendRows = async (conn: DuckDBConnection, table: string, columns: Columns, rows: ReadonlyArray<Row>, options: AppendOptions = {}): Promise<void> => {
  if (columns.some(([, t]) => t === "TIMESTAMP")) return appendRowsSql(conn, table, columns, rows, options)
  await ensureTable(conn, table, columns)
  if (rows.length === 0) return
  for (const r of rows) checkWidth(table, columns, r)
  await transactionFor(conn, options, async () => {
    const app = await conn.createAppender(table)
    try {
      rows.forEach((r, i) => {
        columns.forEach(([name, type], c) => appendCell(app, type, r[c] ?? null, `${table} row ${i} column ${name}`))
        app.endRow()
      })
      app.flushSync()
      app.closeSync()
    } catch (e) {
      app.clear()
      app.closeSync()
      throw e
    }
  })
}

/** Read a query's rows as plain objects (bigints stay bigints). */
export const queryRows = async (conn: DuckDBConnection, sql: string): Promise<Array<Record<string, DuckDBValue>>> => {
  const reader = await conn.runAndReadAll(sql)
  return reader.getRowObjects()
}

export const closeDuckDb = (conn: DuckDBConnection): void => {
  conn.closeSync()
}

export interface DuckDbOptions {
  /** DuckDB's worker threads (default: one per core) */
  readonly threads?: number
}

/** DuckDB's instance settings for `options` */
const instanceSettings = (options: DuckDbOptions): Record<string, string> => (options.threads === undefined ? {} : { threads: String(options.threads) })

/** Open (or create) a database file for one callback, then close the connection and the instance, releasing the file. */
export const withDuckDb = async <A>(path: string, use: (conn: DuckDBConnection) => Promise<A>, options: DuckDbOptions = {}): Promise<A> => {
  mkdirSync(dirname(path), { recursive: true })
  const instance = await DuckDBInstance.create(path, instanceSettings(options))
  const conn = await instance.connect()
  try {
    return await use(conn)
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

/** in-memory instances that files are attached to, one per thread setting, kept for the process */
const hosts = new Map<string, Promise<DuckDBInstance>>()
let attached_total = 0

/**
 * The same as `withDuckDb`, through a process-wide in-memory instance that the file is attached to
 * (and made the connection's default database) for the callback, then detached, which writes and
 * releases it. Creating and closing an instance per file costs ≈ 30 ms more than attaching, which
 * a sweep of small runs pays once per cell. Unqualified names and `CHECKPOINT` refer to the file.
 */
export const withAttachedDuckDb = async <A>(path: string, use: (conn: DuckDBConnection) => Promise<A>, options: DuckDbOptions = {}): Promise<A> => {
  mkdirSync(dirname(path), { recursive: true })
  const key = options.threads === undefined ? "default" : String(options.threads)
  let host = hosts.get(key)
  if (host === undefined) {
    host = DuckDBInstance.create(":memory:", instanceSettings(options))
    hosts.set(key, host)
    // an instance that failed to start is not kept: the next call tries again
    host.catch(() => hosts.delete(key))
  }
  const conn = await (await host).connect()
  const alias = `file_${process.pid}_${attached_total++}`
  try {
    await conn.run(`ATTACH ${sqlLiteral(path)} AS ${alias}`)
    try {
      await conn.run(`USE ${alias}`)
      return await use(conn)
    } finally {
      await conn.run("USE memory")
      await conn.run(`DETACH ${alias}`)
    }
  } finally {
    conn.closeSync()
  }
}

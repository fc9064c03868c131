/**
 * The one SQL seam both explorer backends implement: parameterised queries ($1, $2, …) and a
 * transaction, over PGlite (embedded Postgres in WebAssembly, one process) or a pg Pool (a shared
 * Postgres). Both speak the same dialect, so one schema and one migration set serve both. Values
 * cross as text (u64 as decimal strings), integers, booleans, null or bytes.
 */
import { PGlite } from "@electric-sql/pglite"
import pg from "pg"

export type SqlValue = string | number | boolean | null | Uint8Array

export interface SqlQuery {
  readonly query: (sql: string, params?: ReadonlyArray<SqlValue>) => Promise<ReadonlyArray<Readonly<Record<string, unknown>>>>
}

export interface SqlDriver extends SqlQuery {
  readonly kind: "pglite" | "postgres"
  /** run `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on a throw) */
  readonly transaction: <T>(fn: (tx: SqlQuery) => Promise<T>) => Promise<T>
  readonly close: () => Promise<void>
}

/** an embedded database in `dir` (created on first use), or in memory when `dir` is null */
export const pgliteDriver = async (dir: string | null): Promise<SqlDriver> => {
  const db = dir === null ? await PGlite.create() : await PGlite.create(dir)
  const query: SqlQuery["query"] = async (sql, params = []) => (await db.query<Record<string, unknown>>(sql, [...params])).rows
  return {
    kind: "pglite",
    query,
    transaction: (fn) => db.transaction((tx) => fn({ query: async (sql, params = []) => (await tx.query<Record<string, unknown>>(sql, [...params])).rows })),
    close: () => db.close()
  }
}

export interface PostgresPoolOptions {
  readonly url: string
  /** connections this indexer holds at most */
  readonly max_connections: number
  readonly connect_timeout_ms: number
  /** every statement is cancelled after this */
  readonly statement_timeout_ms: number
}

/** a pg Pool (the URL must have passed the private-host rule: private-host.ts) */
export const postgresDriver = (options: PostgresPoolOptions): SqlDriver => {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max_connections,
    connectionTimeoutMillis: options.connect_timeout_ms,
    statement_timeout: options.statement_timeout_ms
  })
  // an idle client's error (the server went away) must not crash the process; the next query reports it
  pool.on("error", () => {})
  const query: SqlQuery["query"] = async (sql, params = []) => (await pool.query(sql, [...params])).rows
  return {
    kind: "postgres",
    query,
    transaction: async (fn) => {
      const client = await pool.connect()
      try {
        await client.query("BEGIN")
        const out = await fn({ query: async (sql, params = []) => (await client.query(sql, [...params])).rows })
        await client.query("COMMIT")
        return out
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {})
        throw e
      } finally {
        client.release()
      }
    },
    close: () => pool.end()
  }
}

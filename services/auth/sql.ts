/**
 * The auth service's SQL connection: the same parameterised SQL ($1, $2 …) on an embedded PGlite
 * (default, one node; a data directory or memory) or on Postgres through `pg` (several instances
 * share one database; `schema` selects the search_path, so tests run in a schema of their own).
 * `transaction` runs its body on one connection between BEGIN and COMMIT (ROLLBACK on a throw).
 */
import pg from "pg"
import { PGlite } from "@electric-sql/pglite"

export type Row = Readonly<Record<string, unknown>>

export interface Queryable {
  readonly query: (text: string, params?: ReadonlyArray<unknown>) => Promise<ReadonlyArray<Row>>
}

export interface SqlShape extends Queryable {
  readonly kind: "pglite" | "postgres"
  readonly transaction: <T>(body: (q: Queryable) => Promise<T>) => Promise<T>
  readonly close: () => Promise<void>
}

export type StorageConfig =
  | { readonly kind: "pglite"; readonly data_dir: string | null }
  | { readonly kind: "postgres"; readonly url: string; readonly schema: string; readonly pool_max: number }

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

export const openPglite = async (data_dir: string | null): Promise<SqlShape> => {
  const db = data_dir === null ? new PGlite() : new PGlite(data_dir)
  await db.waitReady
  // PGlite has one connection: transactions are serialised by its own queue
  const q: Queryable = { query: async (text, params) => (await db.query<Row>(text, params === undefined ? [] : [...params])).rows }
  return {
    kind: "pglite",
    query: q.query,
    transaction: (body) => db.transaction((tx) => body({ query: async (text, params) => (await tx.query<Row>(text, params === undefined ? [] : [...params])).rows })),
    close: () => db.close()
  }
}

export const openPostgres = async (url: string, schema: string, pool_max: number): Promise<SqlShape> => {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema ${JSON.stringify(schema)} is not a plain lower-case identifier`)
  const bootstrap = new pg.Client({ connectionString: url })
  await bootstrap.connect()
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
  } finally {
    await bootstrap.end()
  }
  const pool = new pg.Pool({ connectionString: url, max: pool_max, options: `-c search_path=${schema}` })
  const run = async (c: pg.Pool | pg.PoolClient, text: string, params?: ReadonlyArray<unknown>): Promise<ReadonlyArray<Row>> =>
    (await c.query<Row>(text, params === undefined ? [] : [...params])).rows
  return {
    kind: "postgres",
    query: (text, params) => run(pool, text, params),
    transaction: async (body) => {
      const client = await pool.connect()
      try {
        await client.query("BEGIN")
        const out = await body({ query: (text, params) => run(client, text, params) })
        await client.query("COMMIT")
        return out
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined)
        throw e
      } finally {
        client.release()
      }
    },
    close: () => pool.end()
  }
}

export const openSql = (config: StorageConfig): Promise<SqlShape> =>
  config.kind === "pglite" ? openPglite(config.data_dir) : openPostgres(config.url, config.schema, config.pool_max)

/** column readers: pg gives int8 as string, PGlite as number or bigint */
export const num = (v: unknown): number => {
  if (typeof v === "number") return v
  if (typeof v === "bigint") return Number(v)
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v)
  throw new Error(`expected an integer column, got ${typeof v}`)
}
export const big = (v: unknown): bigint => {
  if (typeof v === "bigint") return v
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v)
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v)
  throw new Error(`expected an integer column, got ${typeof v}`)
}
export const str = (v: unknown): string => {
  if (typeof v === "string") return v
  throw new Error(`expected a text column, got ${typeof v}`)
}
export const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : str(v))
export const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : num(v))

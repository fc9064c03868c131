/**
 * The DuckDB sink's writes are all or nothing: a bad row leaves its table as it was, and rows of
 * several tables appended in one transaction (`inTransaction`) are rolled back together.
 */
import { mkdtempSync, renameSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { appendRows, inTransaction, queryRows, withAttachedDuckDb, withDuckDb, type AppendOptions, type Columns } from "../duckdb.ts"

const dir = mkdtempSync(join(tmpdir(), "nullspace-sink-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const A: Columns = [["id", "BIGINT"], ["name", "VARCHAR"]]
const B: Columns = [["day", "BIGINT"], ["seen_at", "TIMESTAMP"], ["x", "DOUBLE"]]
const caller: AppendOptions = { transaction: "caller" }
const count = async (path: string, table: string): Promise<unknown> =>
  withDuckDb(path, async (conn) => (await queryRows(conn, `SELECT count(*) AS n FROM ${table}`))[0]?.["n"])

describe("appendRows", () => {
  it("commits its own rows, and a cell of the wrong type leaves the table as it was", async () => {
    const path = join(dir, "own.duckdb")
    await withDuckDb(path, (conn) => appendRows(conn, "a", A, [[1n, "one"], [2, "two"]]))
    await expect(withDuckDb(path, (conn) => appendRows(conn, "a", A, [[3n, "three"], ["four", "four"]]))).rejects.toThrow(/a string cannot go into a BIGINT column/)
    await expect(withDuckDb(path, (conn) => appendRows(conn, "a", A, [[5n]]))).rejects.toThrow(/row has 1 cells, a has 2 columns/)
    expect(await count(path, "a")).toBe(2n)
  })

  it("appends several tables in one transaction: all of them, or none when one fails", async () => {
    const path = join(dir, "together.duckdb")
    await withDuckDb(path, (conn) =>
      inTransaction(conn, async () => {
        await appendRows(conn, "a", A, [[1n, "one"]], caller)
        await appendRows(conn, "b", B, [[1n, "2026-12-06 10:00:00", 0.5]], caller)
      })
    )
    expect([await count(path, "a"), await count(path, "b")]).toEqual([1n, 1n])
    // the second table's bad row rolls back the first table's good rows
    await expect(
      withDuckDb(path, (conn) =>
        inTransaction(conn, async () => {
          await appendRows(conn, "a", A, [[2n, "two"], [3n, "three"]], caller)
          await appendRows(conn, "b", B, [[2n, "2026-12-06 11:00:00", "not a number"]], caller)
        })
      )
    ).rejects.toThrow()
    expect([await count(path, "a"), await count(path, "b")]).toEqual([1n, 1n])
    // a table created inside a rolled-back transaction does not exist afterwards
    await expect(
      withDuckDb(path, (conn) =>
        inTransaction(conn, async () => {
          await appendRows(conn, "c", A, [[1n, "one"]], caller)
          throw new Error("stopped by the test")
        })
      )
    ).rejects.toThrow("stopped by the test")
    await expect(count(path, "c")).rejects.toThrow(/c does not exist/)
  })
})

describe("withAttachedDuckDb", () => {
  it("writes a file that another instance reads once the callback returns, and keeps concurrent files apart", async () => {
    const one = join(dir, "attached-1.duckdb")
    const two = join(dir, "attached-2.duckdb")
    await Promise.all([
      withAttachedDuckDb(one, async (conn) => {
        await appendRows(conn, "a", A, [[1n, "one"]])
        await conn.run("CHECKPOINT")
      }, { threads: 1 }),
      withAttachedDuckDb(two, async (conn) => {
        await appendRows(conn, "a", A, [[1n, "one"], [2n, "two"]])
        await appendRows(conn, "b", B, [[1n, "2026-12-06 10:00:00", 1.5]])
        // only this file's tables are this connection's
        const mine = await queryRows(conn, "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() ORDER BY table_name")
        expect(mine.map((r) => r["table_name"])).toEqual(["a", "b"])
      }, { threads: 1 })
    ])
    // detached: the file can be renamed and opened by a fresh instance
    const moved = join(dir, "attached-1-moved.duckdb")
    renameSync(one, moved)
    expect(await count(moved, "a")).toBe(1n)
    expect([await count(two, "a"), await count(two, "b")]).toEqual([2n, 1n])
    await expect(count(moved, "b")).rejects.toThrow(/b does not exist/)
  })

  it("detaches the file when the callback throws", async () => {
    const path = join(dir, "attached-throws.duckdb")
    await expect(
      withAttachedDuckDb(path, async (conn) => {
        await appendRows(conn, "a", A, [[1n, "one"]])
        throw new Error("stopped by the test")
      })
    ).rejects.toThrow("stopped by the test")
    // attached again (the alias and the file are free) and read by a fresh instance
    await withAttachedDuckDb(path, (conn) => appendRows(conn, "a", A, [[2n, "two"]]))
    expect(await count(path, "a")).toBe(2n)
  })
})

/**
 * Left-over files named after a dead process are removed; those of live processes, and names of
 * any other form, are kept.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { pidAlive, removeStale, stampedPid } from "../stale-files.ts"

const dir = mkdtempSync(join(tmpdir(), "nullspace-stale-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** the pid of a process that has ended (and been reaped) */
const deadPid = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
    c.once("error", reject)
    c.once("exit", () => (c.pid === undefined ? reject(new Error("no pid")) : resolve(c.pid)))
  })

describe("removeStale", () => {
  it("reads the pid only from names of the exact form", () => {
    expect(stampedPid("results.123.staging.duckdb", "results.", ".staging.duckdb")).toBe(123)
    expect(stampedPid("results.12a.staging.duckdb", "results.", ".staging.duckdb")).toBeNull()
    expect(stampedPid("results..staging.duckdb", "results.", ".staging.duckdb")).toBeNull()
    expect(stampedPid("results.0.staging.duckdb", "results.", ".staging.duckdb")).toBeNull()
    expect(stampedPid("results.123.staging.duckdb.wal", "results.", ".staging.duckdb")).toBeNull()
    expect(stampedPid("nullspace-cell-worker-77", "nullspace-cell-worker-", "")).toBe(77)
  })

  it("removes files and folders of dead processes and keeps live ones and other names", async () => {
    const dead = await deadPid()
    expect(pidAlive(dead)).toBe(false)
    const live = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"], { stdio: "ignore" })
    try {
      const livePid = live.pid
      if (livePid === undefined) throw new Error("no pid")
      expect(pidAlive(livePid)).toBe(true)
      const names = [`results.${dead}.staging.duckdb`, `results.${livePid}.staging.duckdb`, `results.${process.pid}.staging.duckdb`, "results.duckdb", `results.${dead}.staging.duckdb.wal`]
      for (const n of names) writeFileSync(join(dir, n), "x")
      mkdirSync(join(dir, `bundle-${dead}`))
      writeFileSync(join(dir, `bundle-${dead}`, "cell-worker-0.mjs"), "x")
      mkdirSync(join(dir, `bundle-${livePid}`))

      expect(removeStale(dir, "results.", ".staging.duckdb")).toEqual([`results.${dead}.staging.duckdb`])
      expect(removeStale(dir, "bundle-", "")).toEqual([`bundle-${dead}`])
      expect(readdirSync(dir).sort()).toEqual(
        [`results.${livePid}.staging.duckdb`, `results.${process.pid}.staging.duckdb`, "results.duckdb", `results.${dead}.staging.duckdb.wal`, `bundle-${livePid}`].sort()
      )
      expect(removeStale(dir, "results.", ".staging.duckdb.wal")).toEqual([`results.${dead}.staging.duckdb.wal`])
    } finally {
      live.kill("SIGKILL")
    }
  })

  it("finds nothing to remove in a folder that does not exist", () => {
    expect(removeStale(join(dir, "absent"), "x", "")).toEqual([])
    expect(existsSync(join(dir, "absent"))).toBe(false)
  })
})

/**
 * Process workers do not outlive their coordinator: `npm run sim -- montecarlo` on the default
 * processes backend is killed with SIGKILL while its two cell workers run cells, and both
 * workers exit on their own within the time of a cell: nothing may keep a worker alive once its
 * IPC channel is closed (cell-worker.ts also exits on `disconnect`, so a worker stops between two
 * steps of a cell's writes instead of finishing them). The bundle folder the killed coordinator
 * could not remove is removed by the next one.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { cellWorkerBundle } from "../backends/worker-bundle.ts"

const SIM_CLI = fileURLToPath(new URL("../../../cli/sim.ts", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "nullspace-orphans-"))
const started: number[] = []
let coordinator: ChildProcess | undefined

afterAll(() => {
  if (coordinator !== undefined && coordinator.exitCode === null && coordinator.signalCode === null) coordinator.kill("SIGKILL")
  for (const pid of started) if (alive(pid)) process.kill(pid, "SIGKILL")
  rmSync(dir, { recursive: true, force: true })
  // a coordinator killed with SIGKILL cannot remove its worker bundle (worker-bundle.ts)
  if (coordinator?.pid !== undefined) rmSync(join(tmpdir(), `nullspace-cell-worker-${coordinator.pid}`), { recursive: true, force: true })
})

/** a process that exists and is not a zombie */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z"
  } catch {
    return false
  }
}

/** live processes whose parent is `ppid` and whose command line names the cell worker bundle */
const cellWorkersOf = (ppid: number): number[] => {
  const out: number[] = []
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8")
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
      if (parent === ppid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("cell-worker-") && alive(Number(entry))) out.push(Number(entry))
    } catch {
      // the process ended while we looked
    }
  }
  return out
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe("process cell workers", () => {
  it("exit when their coordinator is killed with SIGKILL mid-experiment", async () => {
    const folder = join(dir, "mc")
    coordinator = spawn(
      process.execPath,
      ["--import", "tsx", SIM_CLI, "montecarlo", "--scenario", "quickstart", "--agents", "60", "--days", "20", "--seeds", "6", "--workers", "2", "--out", folder],
      { stdio: "ignore", env: { ...process.env, NULLSPACE_RUNS_DIR: join(dir, "runs") } }
    )
    const pid = coordinator.pid
    if (pid === undefined) throw new Error("the coordinator did not start")
    // both workers up and the first cell started (its folder exists)
    let workers: number[] = []
    for (let i = 0; i < 300 && (workers.length < 2 || !existsSync(join(folder, "cells"))); i++) {
      await sleep(100)
      workers = cellWorkersOf(pid)
    }
    expect(workers.length).toBe(2)
    started.push(...workers)
    coordinator.kill("SIGKILL")
    for (let i = 0; i < 300 && workers.some(alive); i++) await sleep(100)
    expect(workers.filter(alive)).toEqual([])
  }, 90_000)

  it("leave a bundle folder that the next coordinator removes", async () => {
    const pid = coordinator?.pid
    if (coordinator === undefined || pid === undefined) throw new Error("the first test did not start a coordinator")
    // reaped: a zombie still answers kill(pid, 0)
    if (coordinator.exitCode === null && coordinator.signalCode === null) await new Promise((r) => coordinator?.once("exit", r))
    const bundle = join(tmpdir(), `nullspace-cell-worker-${pid}`)
    expect(existsSync(bundle)).toBe(true)
    // a new coordinator (this process) building its bundle removes the dead one's
    await cellWorkerBundle(new URL("../../../scenarios/index.ts", import.meta.url).href)
    expect(existsSync(bundle)).toBe(false)
    expect(existsSync(join(tmpdir(), `nullspace-cell-worker-${process.pid}`))).toBe(true)
  }, 60_000)
})

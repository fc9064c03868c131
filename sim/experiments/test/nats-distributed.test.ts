/**
 * The distributed backend through the real broker (NATS JetStream on 127.0.0.1:4222): a sweep is
 * queued to two worker processes (`cli/sim.ts worker`, spawned); the first to take a cell is
 * killed with SIGKILL while running it, the other runs the rest, that cell included after
 * redelivery (ack wait 2 s). The
 * experiment's result hash equals the local backend's, every cell is recorded exactly once, and
 * the catalog holds one row per plan entry. Queue names are unique per run and deleted after.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { connect } from "@nats-io/transport-node"
import { jetstreamManager } from "@nats-io/jetstream"
import { Effect, Either } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { CATALOG } from "../../../scenarios/index.ts"
import { queryRows, withDuckDb } from "../../sinks/duckdb.ts"
import { localBackend } from "../backends/local.ts"
import { deleteQueues, natsBackend, NATS_DEFAULT_URL, queueNames } from "../backends/nats.ts"
import { writeExperimentCatalog } from "../catalog.ts"
import { cellManifestPath, readCell } from "../folder.ts"
import { emptyRequest, planExperiment } from "../plan.ts"
import { runExperiment } from "../run-experiment.ts"

const ROOT = join(import.meta.dirname, "..", "..", "..")
const SIM_CLI = join(ROOT, "cli", "sim.ts")
const dir = mkdtempSync(join(tmpdir(), "nullspace-nats-"))
const PREFIX = `nstest_${process.pid}_${Date.now().toString(36)}`
const children: ChildProcess[] = []

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL")
  const nc = await connect({ servers: NATS_DEFAULT_URL })
  await deleteQueues(nc, PREFIX)
  await nc.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Spawned {
  readonly child: ChildProcess
  readonly lines: string[]
  /** resolves with the first stderr line matching */
  readonly waitFor: (re: RegExp) => Promise<RegExpExecArray>
  readonly exited: Promise<number | null>
}

const startWorker = (name: string, folder: string): Spawned => {
  const child = spawn(process.execPath, ["--import", "tsx", SIM_CLI, "worker", "--stream", PREFIX, "--out", folder, "--name", name, "--threads", "1", "--wait-queue-s", "60"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"]
  })
  children.push(child)
  const lines: string[] = []
  const waiters: Array<{ re: RegExp; resolve: (m: RegExpExecArray) => void }> = []
  let buffer = ""
  child.stderr?.setEncoding("utf8")
  child.stderr?.on("data", (chunk: string) => {
    buffer += chunk
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      lines.push(line)
      for (const w of waiters.splice(0)) {
        const m = w.re.exec(line)
        if (m !== null) w.resolve(m)
        else waiters.push(w)
      }
    }
  })
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return {
    child,
    lines,
    exited,
    waitFor: (re) =>
      new Promise((resolve) => {
        const hit = lines.map((l) => re.exec(l)).find((m) => m !== null)
        if (hit !== undefined && hit !== null) resolve(hit)
        else waiters.push({ re, resolve })
      })
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe("the NATS JetStream backend", () => {
  it("survives kill -9 of a worker mid-cell: same result hash as local, no cell lost or counted twice", async () => {
    const planned = planExperiment(CATALOG, {
      ...emptyRequest("sweep", "quickstart"),
      base: { agents: "20", days: "2" },
      grid: [["active_bps", ["3000", "7000"]]],
      seeds: ["1", "2"]
    })
    if (Either.isLeft(planned)) throw new Error(planned.left.message)
    const plan = planned.right

    const local_dir = join(dir, "local")
    const local = await Effect.runPromise(
      runExperiment({ plan, folder: local_dir, backend: localBackend({ catalog: CATALOG, folder: local_dir, code_version: "test", worker: "local" }), started_by: "test" })
    )
    expect(local.result_hash).not.toBeNull()

    const folder = join(dir, "nats")
    let killed: { cell_id: string; finished_before_kill: boolean; name: string } | undefined
    let survivor: Spawned | undefined
    const backend = natsBackend({
      url: NATS_DEFAULT_URL,
      stream: PREFIX,
      ack_wait_ms: 2_000,
      idle_timeout_ms: 90_000,
      onReady: () => {
        // both workers start together; the first to take a cell is killed while running it
        const workers = [startWorker("A", folder), startWorker("B", folder)]
        const first = (w: Spawned) => w.waitFor(/start cell ([0-9a-f]{16}) \(delivery 1\)/).then((m) => ({ w, cell_id: m[1] ?? "" }))
        void Promise.race(workers.map(first)).then(async ({ w, cell_id }) => {
          await sleep(50)
          const finished_before_kill = existsSync(cellManifestPath(folder, cell_id)) || w.lines.some((l) => l.includes(`done cell ${cell_id}`))
          w.child.kill("SIGKILL")
          killed = { cell_id, finished_before_kill, name: w === workers[0] ? "A" : "B" }
          survivor = w === workers[0] ? workers[1] : workers[0]
        })
      }
    })
    const report = await Effect.runPromise(runExperiment({ plan, folder, backend, started_by: "test" }))

    expect(killed).toBeDefined()
    if (killed === undefined || survivor === undefined) return
    const b = survivor
    const b_name = killed.name === "A" ? "B" : "A"
    expect(killed.finished_before_kill).toBe(false)
    expect(report.failed).toEqual([])
    expect(report.result_hash).toBe(local.result_hash)
    expect(report.recorded).toBe(plan.cells.length)
    expect(report.results.size).toBe(plan.cells.length)
    // the killed worker's cell was redelivered and run by the survivor
    expect(readCell(folder, killed.cell_id)?.worker.split("/")[0]).toBe(b_name)
    expect(b.lines.some((l) => new RegExp(`start cell ${killed?.cell_id} \\(delivery [2-9]\\)`).test(l))).toBe(true)

    // the catalog: one row per plan entry, each cell once, per-cell hashes equal the local ones
    const db = join(dir, "catalog.duckdb")
    await writeExperimentCatalog(db, report, "test")
    await writeExperimentCatalog(db, report, "test")
    const rows = await withDuckDb(db, (conn) =>
      queryRows(conn, `SELECT count(*) AS n, count(DISTINCT cell_id) AS cells FROM cells WHERE experiment_id = '${plan.experiment_id}'`)
    )
    expect(rows[0]?.["n"]).toBe(BigInt(plan.entries.length))
    expect(rows[0]?.["cells"]).toBe(BigInt(plan.cells.length))
    for (const c of plan.cells) expect(readCell(folder, c.cell_id)?.result_hash).toBe(local.results.get(c.cell_id)?.result_hash)

    // the coordinator deleted the queues; worker B noticed and exited cleanly
    expect(await b.exited).toBe(0)
    const nc = await connect({ servers: NATS_DEFAULT_URL })
    const jsm = await jetstreamManager(nc)
    const exists = await jsm.streams.info(queueNames(PREFIX).work_stream).then(
      () => true,
      () => false
    )
    await nc.close()
    expect(exists).toBe(false)
  }, 150_000)
})

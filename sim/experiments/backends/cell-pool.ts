/**
 * A pool of cell workers (cell-worker.ts): worker threads or child processes. `run(cell)`
 * resolves with the cell's result; a worker that dies takes only its own cell down (that promise
 * rejects) and is replaced. Workers start on one JavaScript bundle of the sources
 * (worker-bundle.ts), so the pool works whatever loader started this process (the tsx CLI,
 * vitest) and a worker is ready in ≈ 0.5 s.
 *
 * Threads or processes: on two cores both reach ≈ 1.4–1.7× one worker on a Monte Carlo, within
 * the noise of each other (bench/experiments.ts measures both in one run; a plain integer loop
 * reaches 2.0× there). What a cell loses is not the pool: plain process pairs without it spread
 * the same; one worker's V8 helper threads (8–11 % of its main thread) run free on the second
 * core, which two workers must share, and cells slow each other through the shared memory system
 * (docs/simulations.md, "Parallel runs"). Processes are the
 * default because a worker that crashes or runs out of memory cannot take the coordinator down,
 * and each has its own heap and GC helpers; threads remain for running inside one process (the
 * NATS worker, where kill -9 must take its cells down with it at once).
 *
 * Each worker's young generation may grow to YOUNG_GENERATION_MB (V8's default is 48 MB: 16 MB
 * semi-spaces): a cell builds its whole engine state within a few hundred milliseconds, and with
 * small semi-spaces that state is copied by many scavenges before it is promoted. Larger
 * semi-spaces made a quickstart cell ≈ 20 % faster alone.
 */
import { fork, type ChildProcess } from "node:child_process"
import { Worker } from "node:worker_threads"
import { Either } from "effect"
import type { CellResult } from "../cell.ts"
import type { CellSpec } from "../plan.ts"
import { CellResultSchema, decodeUnknown } from "../wire.ts"
import { cellWorkerBundle } from "./worker-bundle.ts"

export type CellPoolKind = "threads" | "processes"

export interface CellPoolOptions {
  /** module exporting CATALOG (a ScenarioCatalog), as a file: URL */
  readonly catalog_url: string
  readonly folder: string
  readonly code_version: string
  readonly size: number
  /** worker names: `${name_prefix}${i}` */
  readonly name_prefix: string
  /** default "processes" */
  readonly kind?: CellPoolKind
}

export interface CellPool {
  readonly size: number
  readonly kind: CellPoolKind
  /** resolves once every worker has loaded the engine and the catalog */
  readonly ready: Promise<void>
  readonly run: (cell: CellSpec) => Promise<CellResult>
  readonly close: () => Promise<void>
}

/** per worker: 3 × a 64 MB semi-space (V8 sizes the young generation as three semi-spaces) */
export const YOUNG_GENERATION_MB = 192
const SEMI_SPACE_MB = YOUNG_GENERATION_MB / 3
/** a bound on replacement workers (a worker that dies at start would otherwise respawn forever) */
const RESPAWNS_MAX = 16

/** a started worker, thread or process, as the pool sees it */
interface Endpoint {
  readonly send: (m: { readonly cell: CellSpec }) => void
  readonly stop: () => Promise<void>
}

interface Handlers {
  readonly message: (m: unknown) => void
  readonly gone: (why: string) => void
}

const startThread = (path: string, settings: object, on: Handlers): Endpoint => {
  const worker = new Worker(path, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }, workerData: settings })
  worker.on("message", on.message)
  worker.on("error", (e) => on.gone(e.message))
  worker.on("exit", (code) => on.gone(`exit code ${code}`))
  return {
    send: (m) => worker.postMessage(m),
    stop: async () => {
      await worker.terminate()
    }
  }
}

const startProcess = (path: string, settings: object, on: Handlers): Endpoint => {
  // plain node without this process's loader flags (tsx, vitest): the bundle is JavaScript
  const child: ChildProcess = fork(path, [JSON.stringify(settings)], {
    execArgv: [`--max-semi-space-size=${SEMI_SPACE_MB}`],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  child.on("message", on.message)
  child.on("error", (e) => on.gone(e.message))
  child.on("exit", (code, signal) => on.gone(signal === null ? `exit code ${code}` : `signal ${signal}`))
  return {
    send: (m) => {
      child.send(m)
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
      await exited
    }
  }
}

interface Job {
  readonly cell: CellSpec
  readonly resolve: (r: CellResult) => void
  readonly reject: (e: Error) => void
}

interface Slot {
  readonly endpoint: Endpoint
  job: Job | null
  ready: boolean
}

export const createCellPool = (o: CellPoolOptions): CellPool => {
  if (!Number.isInteger(o.size) || o.size < 1) throw new RangeError(`pool size must be a positive integer, got ${o.size}`)
  const kind = o.kind ?? "processes"
  const what = kind === "threads" ? "thread" : "process"
  const queue: Job[] = []
  const slots: Slot[] = []
  let closed = false
  let respawns = 0
  let readyCount = 0
  let markReady: () => void = () => {}
  let failReady: (e: Error) => void = () => {}
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve
    failReady = reject
  })
  // nobody has to wait for `ready` (run() queues until a worker is up): no unhandled rejection
  ready.catch(() => undefined)
  /** set once the pool cannot run anything (no bundle, workers that keep dying): later runs fail at once */
  let broken: Error | null = null
  const failAll = (e: Error): void => {
    broken = e
    failReady(e)
    for (const q of queue.splice(0)) q.reject(e)
  }

  const pump = (): void => {
    for (const s of slots) {
      if (!s.ready || s.job !== null) continue
      const job = queue.shift()
      if (job === undefined) return
      s.job = job
      s.endpoint.send({ cell: job.cell })
    }
  }

  const bundle = cellWorkerBundle(o.catalog_url)
  bundle.catch((e: unknown) => failAll(new Error(`the worker bundle for ${o.catalog_url} did not build: ${e instanceof Error ? e.message : String(e)}`)))

  const spawn = (i: number): void => {
    bundle.then(
      (path) => {
        if (!closed) start(i, path)
      },
      () => undefined
    )
  }

  const start = (i: number, path: string): void => {
    const name = `${o.name_prefix}${i}`
    let slot: Slot | undefined
    const message = (m: unknown): void => {
      if (slot === undefined || typeof m !== "object" || m === null) return
      const s = slot
      if ("ready" in m) {
        s.ready = true
        if (++readyCount >= o.size) markReady()
        pump()
        return
      }
      const job = s.job
      s.job = null
      if (job !== null) {
        if ("error" in m) job.reject(new Error(String(m.error)))
        else {
          const r = decodeUnknown(CellResultSchema, "result" in m ? m.result : undefined)
          if (Either.isLeft(r)) job.reject(new Error(`${what} ${name} sent a bad result: ${r.left}`))
          else if (r.right.cell_id !== job.cell.cell_id) job.reject(new Error(`${what} ${name} answered cell ${r.right.cell_id} for ${job.cell.cell_id}`))
          else job.resolve(r.right)
        }
      }
      pump()
    }
    const gone = (why: string): void => {
      if (slot === undefined || slots[i] !== slot) return
      const job = slot.job
      slot.job = null
      slot.ready = false
      if (job !== null) job.reject(new Error(`${what} ${name} died running cell ${job.cell.cell_id}: ${why}`))
      if (closed) return
      if (++respawns > RESPAWNS_MAX) return failAll(new Error(`cell workers keep dying (${why})`))
      spawn(i)
    }
    const endpoint = (kind === "threads" ? startThread : startProcess)(path, { folder: o.folder, code_version: o.code_version, name }, { message, gone })
    slot = { endpoint, job: null, ready: false }
    slots[i] = slot
  }

  for (let i = 0; i < o.size; i++) spawn(i)
  return {
    size: o.size,
    kind,
    ready,
    run: (cell) =>
      new Promise<CellResult>((resolve, reject) => {
        if (closed) return reject(new Error("the pool is closed"))
        if (broken !== null) return reject(broken)
        queue.push({ cell, resolve, reject })
        pump()
      }),
    close: async () => {
      closed = true
      for (const q of queue.splice(0)) q.reject(new Error("the pool is closed"))
      await Promise.all(slots.map((s) => s.endpoint.stop()))
    }
  }
}

/**
 * A pool of worker threads that run cells (thread-worker.ts). `run(cell)` resolves with the cell's
 * result; a thread that dies takes only its own cell down (that promise rejects) and is replaced.
 * Threads run the TypeScript sources through tsx's module hooks, registered inside the thread, so
 * the pool works whatever loader started this process (the tsx CLI, vitest) — see sim/README.md.
 */
import { Worker } from "node:worker_threads"
import { Either } from "effect"
import type { CellResult } from "../cell.ts"
import type { CellSpec } from "../plan.ts"
import { CellResultSchema, decodeUnknown } from "../wire.ts"

export interface CellPoolOptions {
  /** module exporting CATALOG (a ScenarioCatalog), as a file: URL */
  readonly catalog_url: string
  readonly folder: string
  readonly code_version: string
  readonly size: number
  /** thread names: `${name_prefix}${i}` */
  readonly name_prefix: string
}

export interface CellPool {
  readonly size: number
  /** resolves once every thread has loaded the engine and the catalog */
  readonly ready: Promise<void>
  readonly run: (cell: CellSpec) => Promise<CellResult>
  readonly close: () => Promise<void>
}

const WORKER_URL = new URL("./thread-worker.ts", import.meta.url).href
/** a bound on replacement threads (a thread that dies at start would otherwise respawn forever) */
const RESPAWNS_MAX = 16

interface Slot {
  readonly worker: Worker
  readonly name: string
  job: { readonly cell: CellSpec; readonly resolve: (r: CellResult) => void; readonly reject: (e: Error) => void } | null
  ready: boolean
}

export const createCellPool = (o: CellPoolOptions): CellPool => {
  if (!Number.isInteger(o.size) || o.size < 1) throw new RangeError(`pool size must be a positive integer, got ${o.size}`)
  const queue: Array<NonNullable<Slot["job"]>> = []
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
  // nobody has to wait for `ready` (run() queues until a thread is up): no unhandled rejection
  ready.catch(() => undefined)

  const pump = (): void => {
    for (const s of slots) {
      if (!s.ready || s.job !== null) continue
      const job = queue.shift()
      if (job === undefined) return
      s.job = job
      s.worker.postMessage({ cell: job.cell })
    }
  }

  const spawn = (i: number): void => {
    const name = `${o.name_prefix}${i}`
    const worker = new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(WORKER_URL)}, ${JSON.stringify(import.meta.url)}))`, {
      eval: true,
      workerData: { catalog_url: o.catalog_url, folder: o.folder, code_version: o.code_version, name }
    })
    const slot: Slot = { worker, name, job: null, ready: false }
    slots[i] = slot
    worker.on("message", (m: unknown) => {
      if (typeof m !== "object" || m === null) return
      if ("ready" in m) {
        slot.ready = true
        if (++readyCount >= o.size) markReady()
        pump()
        return
      }
      const job = slot.job
      slot.job = null
      if (job !== null) {
        if ("error" in m) job.reject(new Error(String(m.error)))
        else {
          const r = decodeUnknown(CellResultSchema, "result" in m ? m.result : undefined)
          if (Either.isLeft(r)) job.reject(new Error(`thread ${name} sent a bad result: ${r.left}`))
          else if (r.right.cell_id !== job.cell.cell_id) job.reject(new Error(`thread ${name} answered cell ${r.right.cell_id} for ${job.cell.cell_id}`))
          else job.resolve(r.right)
        }
      }
      pump()
    })
    const died = (why: string): void => {
      if (slots[i] !== slot) return
      const job = slot.job
      slot.job = null
      slot.ready = false
      if (job !== null) job.reject(new Error(`thread ${name} died running cell ${job.cell.cell_id}: ${why}`))
      if (closed) return
      if (++respawns > RESPAWNS_MAX) {
        const e = new Error(`worker threads keep dying (${why})`)
        failReady(e)
        for (const q of queue.splice(0)) q.reject(e)
        return
      }
      spawn(i)
    }
    worker.on("error", (e) => died(e.message))
    worker.on("exit", (code) => died(`exit code ${code}`))
  }

  for (let i = 0; i < o.size; i++) spawn(i)
  return {
    size: o.size,
    ready,
    run: (cell) =>
      new Promise<CellResult>((resolve, reject) => {
        if (closed) return reject(new Error("the pool is closed"))
        queue.push({ cell, resolve, reject })
        pump()
      }),
    close: async () => {
      closed = true
      for (const q of queue.splice(0)) q.reject(new Error("the pool is closed"))
      await Promise.all(slots.map((s) => s.worker.terminate()))
    }
  }
}

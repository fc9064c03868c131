/**
 * A pool of worker threads that verifies ed25519 signature batches across all cores, with the
 * engine's node:crypto verifier in every worker (services/node/verify-worker.ts), so answers are
 * identical to the single-thread path (tested).
 *
 * A batch is split into one chunk per worker (at most VERIFY_POOL_CHUNK_ITEMS_MAX items each),
 * chunks wait in a FIFO queue bounded by `queue_chunks_max` and go to the next idle worker; a
 * batch that would overflow the queue is refused at once (VerifyPoolBusy), never buffered
 * without bound. Results come back in input order. `close` terminates the workers; batches still
 * waiting fail with VerifyPoolClosed.
 */
import { createRequire } from "node:module"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { Worker } from "node:worker_threads"
import { Schema } from "effect"

export const VERIFY_POOL_CHUNK_ITEMS_MAX = 512
export const VERIFY_POOL_QUEUE_CHUNKS_MAX = 1_024
/** signed messages in the system are short; anything longer is refused before it is packed */
export const VERIFY_POOL_MESSAGE_BYTES_MAX = 64 * 1024

export class VerifyPoolBusy extends Schema.TaggedError<VerifyPoolBusy>()("VerifyPoolBusy", { message: Schema.String }) {}
export class VerifyPoolClosed extends Schema.TaggedError<VerifyPoolClosed>()("VerifyPoolClosed", { message: Schema.String }) {}

export interface VerifyItem {
  readonly public_key: Uint8Array
  readonly message: Uint8Array
  readonly signature: Uint8Array
}

export interface VerifyPoolOptions {
  /** default: every core (os.availableParallelism()) */
  readonly workers?: number
  readonly queue_chunks_max?: number
}

export interface VerifyPool {
  readonly workers: number
  /** one boolean per item, in order; an item of the wrong shape is simply invalid */
  readonly verifyBatch: (items: ReadonlyArray<VerifyItem>) => Promise<boolean[]>
  readonly close: () => Promise<void>
}

interface Chunk {
  readonly count: number
  readonly buffer: ArrayBuffer
  readonly done: (results: Uint8Array) => void
  readonly fail: (e: Error) => void
}

const pack = (items: ReadonlyArray<VerifyItem>): ArrayBuffer => {
  let size = 0
  for (const it of items) size += 4 + 96 + it.message.length
  const buffer = new ArrayBuffer(size)
  const bytes = new Uint8Array(buffer)
  const view = new DataView(buffer)
  let off = 0
  for (const it of items) {
    view.setUint32(off, it.message.length)
    bytes.set(it.public_key, off + 4)
    bytes.set(it.signature, off + 36)
    bytes.set(it.message, off + 100)
    off += 100 + it.message.length
  }
  return buffer
}

/**
 * The worker is TypeScript: a tiny bootstrap registers the tsx loader inside the worker thread
 * (whatever started this process: tsx, vitest, a bundler's node) and then imports it.
 */
const bootstrap = (): string => {
  const require = createRequire(import.meta.url)
  // tsx's ESM register API (package export "./esm/api", import condition)
  const tsxApi = pathToFileURL(path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "esm", "api", "index.mjs")).href
  const worker = new URL("./verify-worker.ts", import.meta.url).href
  return `(async () => {
  const { register } = await import(${JSON.stringify(tsxApi)});
  register();
  await import(${JSON.stringify(worker)});
})().catch((e) => { throw e; });`
}

export const startVerifyPool = async (options: VerifyPoolOptions = {}): Promise<VerifyPool> => {
  const count = options.workers ?? os.availableParallelism()
  const queue_max = options.queue_chunks_max ?? VERIFY_POOL_QUEUE_CHUNKS_MAX
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`workers must be a positive integer: ${count}`)
  const code = bootstrap()
  const queue: Chunk[] = []
  const idle: Worker[] = []
  const running = new Map<Worker, Chunk>()
  let alive = 0
  let closed = false
  let next_id = 0

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()
      const chunk = queue.shift()
      if (worker === undefined || chunk === undefined) break
      running.set(worker, chunk)
      worker.postMessage({ id: next_id++, count: chunk.count, chunk: chunk.buffer }, [chunk.buffer])
    }
  }

  /** a worker that failed is gone: its chunk fails, and with no worker left so does the queue */
  const lost = (w: Worker, e: Error) => {
    const chunk = running.get(w)
    running.delete(w)
    const at = idle.indexOf(w)
    if (at >= 0) idle.splice(at, 1)
    alive--
    chunk?.fail(e)
    if (alive === 0) for (const c of queue.splice(0)) c.fail(e)
  }

  const workers = await Promise.all(
    Array.from({ length: count }, () => {
      const w = new Worker(code, { eval: true })
      return new Promise<Worker>((resolve, reject) => {
        let ready = false
        w.on("message", (msg: unknown) => {
          if (!ready) {
            ready = true
            alive++
            idle.push(w)
            resolve(w)
            dispatch()
            return
          }
          const chunk = running.get(w)
          running.delete(w)
          idle.push(w)
          if (chunk !== undefined) {
            if (typeof msg === "object" && msg !== null && "results" in msg && msg.results instanceof ArrayBuffer) chunk.done(new Uint8Array(msg.results))
            else chunk.fail(new Error("verify pool: malformed worker answer"))
          }
          dispatch()
        })
        w.on("error", (e) => (ready ? lost(w, e) : reject(e)))
      })
    })
  )

  const verifyBatch = (items: ReadonlyArray<VerifyItem>): Promise<boolean[]> => {
    if (closed || alive === 0) return Promise.reject(new VerifyPoolClosed({ message: "the verify pool is closed" }))
    if (items.length === 0) return Promise.resolve([])
    const results: boolean[] = new Array<boolean>(items.length).fill(false)
    const shaped: number[] = []
    for (let i = 0; i < items.length; i++) {
      const it = items[i]
      if (it !== undefined && it.public_key.length === 32 && it.signature.length === 64 && it.message.length <= VERIFY_POOL_MESSAGE_BYTES_MAX) shaped.push(i)
    }
    const per = Math.min(VERIFY_POOL_CHUNK_ITEMS_MAX, Math.max(1, Math.ceil(shaped.length / count)))
    const chunks = Math.ceil(shaped.length / per)
    if (queue.length + chunks > queue_max)
      return Promise.reject(new VerifyPoolBusy({ message: `the verify queue holds ${queue.length} of ${queue_max} chunks; ${chunks} more do not fit` }))
    const parts: Promise<void>[] = []
    for (let c = 0; c < chunks; c++) {
      const indexes = shaped.slice(c * per, (c + 1) * per)
      const packed = pack(indexes.map((i) => items[i]).filter((it): it is VerifyItem => it !== undefined))
      parts.push(
        new Promise<void>((resolve, reject) => {
          queue.push({
            count: indexes.length,
            buffer: packed,
            done: (answers) => {
              indexes.forEach((i, k) => (results[i] = answers[k] === 1))
              resolve()
            },
            fail: reject
          })
        })
      )
    }
    dispatch()
    return Promise.all(parts).then(() => results)
  }

  const close = async () => {
    closed = true
    for (const chunk of queue.splice(0)) chunk.fail(new VerifyPoolClosed({ message: "the verify pool closed before this batch ran" }))
    await Promise.all(workers.map((w) => w.terminate()))
  }

  return { workers: count, verifyBatch, close }
}

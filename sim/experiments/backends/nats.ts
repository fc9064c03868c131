/**
 * The distributed backend on NATS JetStream work queues (docs/simulations.md: chosen over BullMQ
 * by measurement, bench/queue-probe.ts).
 *
 * Names, for a prefix P: work stream `P_work` (subject `P.work`, work-queue retention: a message
 * leaves the stream when acknowledged) with the durable pull consumer `workers`; results stream
 * `P_results` (subject `P.results`) with the durable consumer `coordinator`. Both streams keep a
 * duplicate window of 10 minutes and are file-backed.
 *
 * Protocol (exactly-once accounting on at-least-once delivery):
 *  1. The coordinator publishes every pending cell to `P.work` with msgID = cell id (a republish
 *     after a coordinator restart is dropped by the duplicate window).
 *  2. A worker pulls one message per free thread, sends `working()` every ack_wait/3 while the
 *     cell runs (the simulation runs on a worker thread, so the heartbeat keeps beating), then
 *     publishes the result to `P.results` with msgID = cell id and waits for the stream's PubAck
 *     (the result is stored) before it acknowledges the work message (ackAck: confirmed).
 *  3. A worker that dies (kill -9) stops the heartbeat: the work message is redelivered after
 *     ack_wait to another worker. A cell that fails is nak'ed and retried up to max_deliver; on
 *     the last delivery the worker publishes a "failed" reply and terminates the message.
 *  4. The coordinator pulls `P.results`, records each reply (folder.ts recordCell: once per cell
 *     id; a second result for the same cell, from a redelivery, is a duplicate and ignored) and
 *     only then acknowledges it. It stops when every cell has a reply, then deletes both streams.
 * Every wait is bounded: fetches expire after 2 s, the coordinator gives up after idle_timeout_ms
 * without a reply, workers after wait_queue_ms without a queue (and, optionally, idle_exit_ms
 * without work).
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type Consumer, type JetStreamClient, type JsMsg } from "@nats-io/jetstream"
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node"
import { Either } from "effect"
import type { CellSpec } from "../plan.ts"
import { CellReplySchema, CellSpecSchema, decodeJson, type CellReply } from "../wire.ts"
import type { Backend } from "./backend.ts"
import { createCellPool } from "./cell-pool.ts"

export const NATS_DEFAULT_URL = "nats://127.0.0.1:4222"

export const queueNames = (prefix: string) => {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(prefix)) throw new RangeError(`queue prefix must be 1–64 of [A-Za-z0-9_-], got "${prefix}"`)
  return {
    work_stream: `${prefix}_work`,
    work_subject: `${prefix}.work`,
    results_stream: `${prefix}_results`,
    results_subject: `${prefix}.results`,
    workers: "workers",
    coordinator: "coordinator"
  }
}

const DUPLICATE_WINDOW_MS = 10 * 60_000
const FETCH_EXPIRES_MS = 2_000
const text = (e: unknown): string => (e instanceof Error ? e.message : String(e))
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export interface NatsBackendOptions {
  readonly url: string
  readonly stream: string
  /** redelivery after this long without an ack or heartbeat */
  readonly ack_wait_ms: number
  /** deliveries of one cell before it is reported failed */
  readonly max_deliver?: number
  /** give up when no reply arrives for this long */
  readonly idle_timeout_ms?: number
  /** delete both streams once every cell has a reply (default true) */
  readonly cleanup?: boolean
  /** called once the cells are queued (start or announce workers here) */
  readonly onReady?: () => void
}

/** create the streams and consumers (idempotent: the same configuration again is accepted) */
export const ensureQueues = async (nc: NatsConnection, prefix: string, ack_wait_ms: number, max_deliver: number): Promise<void> => {
  const n = queueNames(prefix)
  const jsm = await jetstreamManager(nc)
  await jsm.streams.add({
    name: n.work_stream,
    subjects: [n.work_subject],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS)
  })
  await jsm.streams.add({ name: n.results_stream, subjects: [n.results_subject], storage: StorageType.File, duplicate_window: nanos(DUPLICATE_WINDOW_MS) })
  await jsm.consumers.add(n.work_stream, {
    durable_name: n.workers,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(ack_wait_ms),
    max_deliver,
    max_ack_pending: 10_000
  })
  await jsm.consumers.add(n.results_stream, {
    durable_name: n.coordinator,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(60_000)
  })
}

export const deleteQueues = async (nc: NatsConnection, prefix: string): Promise<void> => {
  const n = queueNames(prefix)
  const jsm = await jetstreamManager(nc)
  for (const s of [n.work_stream, n.results_stream])
    try {
      await jsm.streams.delete(s)
    } catch {
      // already gone
    }
}

export const natsBackend = (o: NatsBackendOptions): Backend => ({
  name: `nats(${o.stream})`,
  run: async (cells, report, signal) => {
    const n = queueNames(o.stream)
    const max_deliver = o.max_deliver ?? 5
    const idle_timeout_ms = o.idle_timeout_ms ?? 10 * 60_000
    const nc = await connect({ servers: o.url, name: `nullspace-coordinator-${process.pid}` })
    let complete = false
    try {
      await ensureQueues(nc, o.stream, o.ack_wait_ms, max_deliver)
      const js = jetstream(nc)
      await Promise.all(cells.map((c) => js.publish(n.work_subject, JSON.stringify(c), { msgID: c.cell_id })))
      o.onReady?.()
      const results = await js.consumers.get(n.results_stream, n.coordinator)
      const outstanding = new Set(cells.map((c) => c.cell_id))
      let last_reply_ms = Date.now()
      while (outstanding.size > 0) {
        if (signal?.aborted === true) throw new Error("interrupted")
        if (Date.now() - last_reply_ms > idle_timeout_ms) throw new Error(`no result for ${idle_timeout_ms / 1000} s with ${outstanding.size} cells outstanding (are workers running?)`)
        const m = await results.next({ expires: FETCH_EXPIRES_MS })
        if (m === null) continue
        const reply = decodeJson(CellReplySchema, m.string())
        if (Either.isLeft(reply)) {
          m.term()
          continue
        }
        await report(reply.right)
        outstanding.delete(reply.right._tag === "done" ? reply.right.result.cell_id : reply.right.cell_id)
        await m.ackAck()
        last_reply_ms = Date.now()
      }
      complete = true
    } finally {
      if (complete && o.cleanup !== false) await deleteQueues(nc, o.stream)
      await nc.close()
    }
  }
})

export interface NatsWorkerOptions {
  readonly url: string
  readonly stream: string
  readonly catalog_url: string
  readonly folder: string
  readonly code_version: string
  readonly name: string
  readonly threads: number
  /** 0: run until the queue is deleted */
  readonly idle_exit_ms: number
  readonly wait_queue_ms: number
  readonly signal?: AbortSignal
  readonly log: (line: string) => void
}

export interface NatsWorkerStats {
  readonly cells_done: number
  readonly cells_failed: number
  /** results the results stream already held (a redelivered cell finished twice) */
  readonly duplicates: number
}

const workConsumer = async (js: JetStreamClient, prefix: string, wait_ms: number, signal: AbortSignal | undefined): Promise<Consumer> => {
  const n = queueNames(prefix)
  const until_ms = Date.now() + wait_ms
  for (;;) {
    try {
      return await js.consumers.get(n.work_stream, n.workers)
    } catch (e) {
      if (Date.now() > until_ms || signal?.aborted === true) throw new Error(`no work queue ${n.work_stream} at the server (${text(e)})`)
      await sleep(500)
    }
  }
}

/** pull cells and run them on `threads` worker threads until the queue is deleted (or idle_exit_ms) */
export const natsWorker = async (o: NatsWorkerOptions): Promise<NatsWorkerStats> => {
  const n = queueNames(o.stream)
  const nc = await connect({ servers: o.url, name: `nullspace-worker-${o.name}` })
  // threads, not processes: a worker killed with kill -9 takes its cells down with it at once
  const pool = createCellPool({ catalog_url: o.catalog_url, folder: o.folder, code_version: o.code_version, size: o.threads, name_prefix: `${o.name}/`, kind: "threads" })
  let cells_done = 0
  let cells_failed = 0
  let duplicates = 0
  try {
    const js = jetstream(nc)
    const jsm = await jetstreamManager(nc)
    const consumer = await workConsumer(js, o.stream, o.wait_queue_ms, o.signal)
    const info = await consumer.info()
    const ack_wait_ms = Math.max(1, Math.floor((info.config.ack_wait ?? 30e9) / 1e6))
    const max_deliver = info.config.max_deliver ?? -1
    await pool.ready
    o.log(`ready (${o.threads} thread${o.threads === 1 ? "" : "s"}, ack wait ${ack_wait_ms} ms)`)

    const handle = async (m: JsMsg): Promise<void> => {
      const delivery = m.info.deliveryCount
      const decoded = decodeJson(CellSpecSchema, m.string())
      if (Either.isLeft(decoded)) {
        o.log(`refused a bad work message: ${decoded.left}`)
        m.term()
        return
      }
      const cell: CellSpec = decoded.right
      o.log(`start cell ${cell.cell_id} (delivery ${delivery})`)
      const heartbeat = setInterval(() => m.working(), Math.max(100, Math.floor(ack_wait_ms / 3)))
      try {
        const result = await pool.run(cell)
        const reply: CellReply = { _tag: "done", result, attempt: delivery }
        const ack = await js.publish(n.results_subject, JSON.stringify(reply), { msgID: cell.cell_id })
        if (ack.duplicate) duplicates++
        await m.ackAck()
        cells_done++
        o.log(`done cell ${cell.cell_id} (${result.result_hash.slice(0, 12)}${ack.duplicate ? ", duplicate" : ""})`)
      } catch (e) {
        if (max_deliver > 0 && delivery >= max_deliver) {
          const reply: CellReply = { _tag: "failed", cell_id: cell.cell_id, error: text(e), attempt: delivery }
          await js.publish(n.results_subject, JSON.stringify(reply), { msgID: `${cell.cell_id}-failed` })
          m.term()
          cells_failed++
          o.log(`failed cell ${cell.cell_id} after ${delivery} deliveries: ${text(e)}`)
        } else {
          m.nak(500)
          o.log(`cell ${cell.cell_id} failed (delivery ${delivery}), handed back: ${text(e)}`)
        }
      } finally {
        clearInterval(heartbeat)
      }
    }

    const inflight = new Set<Promise<void>>()
    let idle_since_ms = Date.now()
    for (;;) {
      if (o.signal?.aborted === true) break
      if (inflight.size >= o.threads) {
        await Promise.race(inflight)
        continue
      }
      let m: JsMsg | null
      try {
        m = await consumer.next({ expires: FETCH_EXPIRES_MS })
      } catch (e) {
        o.log(`work queue gone (${text(e)})`)
        break
      }
      if (m === null) {
        if (inflight.size > 0) continue
        const gone = await jsm.streams.info(n.work_stream).then(
          () => false,
          () => true
        )
        if (gone) {
          o.log("work queue deleted: stopping")
          break
        }
        if (o.idle_exit_ms > 0 && Date.now() - idle_since_ms > o.idle_exit_ms) {
          o.log("idle: stopping")
          break
        }
        continue
      }
      idle_since_ms = Date.now()
      const p: Promise<void> = handle(m)
        .catch((e: unknown) => o.log(`lost contact while reporting a cell (it will be redelivered): ${text(e)}`))
        .finally(() => inflight.delete(p))
      inflight.add(p)
    }
    await Promise.all(inflight)
  } finally {
    await pool.close()
    await nc.close()
  }
  return { cells_done, cells_failed, duplicates }
}

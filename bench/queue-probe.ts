/**
 * The broker probe behind the distributed backend's choice (docs/simulations.md): NATS JetStream
 * work queue vs BullMQ on Redis, both on 127.0.0.1, measured in the same run.
 *
 *   enqueue → start   one message at a time (N = 200): publish/add, the worker's handler starts;
 *                     p50 and p99 in ms (same process, performance.now())
 *   redelivery        a worker takes a message and dies without acknowledging it (its connection
 *                     is closed); time until a second worker starts the same message. Both set to
 *                     their 2-second knob: JetStream ack_wait 2 s; BullMQ lockDuration 2 s with
 *                     the stalled-job check every 1 s.
 * Queue names are unique per run and removed afterwards.
 *
 * npm run bench -- queues
 */
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy } from "@nats-io/jetstream"
import { connect, nanos } from "@nats-io/transport-node"
import { Queue, Worker, type Job } from "bullmq"
import type { BenchReport } from "./report.ts"

const N = 200
const REDIS = { host: "127.0.0.1", port: 6379 }
const NATS = "nats://127.0.0.1:4222"
const TIMEOUT_MS = 30_000

const quantile = (xs: ReadonlyArray<number>, q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN
}

const withTimeout = <A>(p: Promise<A>, what: string): Promise<A> =>
  Promise.race([p, new Promise<A>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS))])

const natsProbe = async (): Promise<{ p50: number; p99: number; redelivery_ms: number }> => {
  const name = `probe_${process.pid}_${Date.now().toString(36)}`
  const nc = await connect({ servers: NATS })
  const jsm = await jetstreamManager(nc)
  try {
    await jsm.streams.add({ name, subjects: [`${name}.q`], retention: RetentionPolicy.Workqueue })
    await jsm.consumers.add(name, { durable_name: "w", ack_policy: AckPolicy.Explicit, ack_wait: nanos(2_000) })
    const js = jetstream(nc)
    const consumer = await js.consumers.get(name, "w")
    const latencies: number[] = []
    for (let i = 0; i < N; i++) {
      const t0 = performance.now()
      const next = consumer.next({ expires: 5_000 })
      await js.publish(`${name}.q`, String(i))
      const m = await withTimeout(next, "nats next")
      if (m === null) throw new Error("nats: no message")
      latencies.push(performance.now() - t0)
      m.ack()
    }
    // redelivery: a second connection takes the message and closes without acknowledging
    const dying = await connect({ servers: NATS })
    await js.publish(`${name}.q`, "die")
    const first = await withTimeout((await jetstream(dying).consumers.get(name, "w")).next({ expires: 5_000 }), "nats dying next")
    if (first === null) throw new Error("nats: the dying worker got nothing")
    const died_ms = performance.now()
    await dying.close()
    let again = null
    for (let i = 0; i < 20 && again === null; i++) again = await consumer.next({ expires: 1_000 })
    if (again === null) throw new Error("nats: the message was not redelivered")
    const redelivery_ms = performance.now() - died_ms
    again.ack()
    return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), redelivery_ms }
  } finally {
    await jsm.streams.delete(name).catch(() => false)
    await nc.close()
  }
}

const bullProbe = async (): Promise<{ p50: number; p99: number; redelivery_ms: number }> => {
  const name = `probe-${process.pid}-${Date.now().toString(36)}`
  const queue = new Queue(name, { connection: REDIS })
  const latencies: number[] = []
  let started: ((t: number) => void) | null = null
  const worker = new Worker(
    name,
    async () => {
      started?.(performance.now())
    },
    { connection: REDIS, lockDuration: 2_000, stalledInterval: 1_000 }
  )
  try {
    await worker.waitUntilReady()
    for (let i = 0; i < N; i++) {
      const t0 = performance.now()
      const got = new Promise<number>((resolve) => (started = resolve))
      await queue.add("cell", { i }, { removeOnComplete: true })
      latencies.push((await withTimeout(got, "bullmq start")) - t0)
    }
    await worker.close()
    // redelivery: a worker takes a job and hangs (its lock is never renewed), the other picks it up
    let took: ((t: number) => void) | null = null
    const hanging = new Worker(
      name,
      (_job: Job) => {
        took?.(performance.now())
        return new Promise<void>(() => {})
      },
      { connection: REDIS, lockDuration: 2_000, stalledInterval: 1_000, maxStalledCount: 5, autorun: true }
    )
    const taken = new Promise<number>((resolve) => (took = resolve))
    await queue.add("die", {}, { removeOnComplete: true })
    const died_ms = await withTimeout(taken, "bullmq first take")
    // the worker dies: its lock renewal stops with it (close(true) does not wait for the job)
    void hanging.close(true)
    let again: ((t: number) => void) | null = null
    const retaken = new Promise<number>((resolve) => (again = resolve))
    const rescuer = new Worker(
      name,
      async () => {
        again?.(performance.now())
      },
      { connection: REDIS, lockDuration: 2_000, stalledInterval: 1_000 }
    )
    const redelivery_ms = (await withTimeout(retaken, "bullmq redelivery")) - died_ms
    await rescuer.close()
    return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), redelivery_ms }
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined)
    await queue.close()
  }
}

export const benchQueues = async (): Promise<BenchReport> => {
  const nats = await natsProbe()
  const bull = await bullProbe()
  return {
    name: `queue probe: NATS JetStream vs BullMQ (N = ${N}, 127.0.0.1)`,
    rows: [
      ["NATS enqueue → start p50, ms", nats.p50],
      ["NATS enqueue → start p99, ms", nats.p99],
      ["BullMQ enqueue → start p50, ms", bull.p50],
      ["BullMQ enqueue → start p99, ms", bull.p99],
      ["p50 ratio BullMQ / NATS", bull.p50 / nats.p50],
      ["NATS redelivery after worker death (ack_wait 2 s), ms", nats.redelivery_ms],
      ["BullMQ redelivery after worker death (lock 2 s, stalled check 1 s), ms", bull.redelivery_ms]
    ]
  }
}

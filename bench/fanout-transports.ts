/**
 * `npx tsx bench/fanout-transports.ts [frames] [rounds]`: publish → deliver latency of the fanout's
 * two NATS transports on the real server at 127.0.0.1:4222, in one run: core publish/subscribe
 * (nats.ts, the default for nats://) and JetStream (jetstream.ts, jetstream://; a stream write and a
 * durable pull consumer in between). Each round sends `frames` frames of 1 200 bytes (the size of a
 * one-transaction update frame) from one transport to another, one every 2 ms, alternating core and
 * JetStream rounds so both see the same machine load; latency is the sender's clock at send to the
 * receiver's at delivery (one process, one monotonic clock). Prints p50 / p99 / max per transport,
 * the JetStream ÷ core ratios, frames lost or doubled, and the load average. Streams are deleted.
 */
import { randomUUID } from "node:crypto"
import { loadavg } from "node:os"
import { connect } from "@nats-io/transport-node"
import { jetstreamManager } from "@nats-io/jetstream"
import { jetstreamTransport, streamName } from "../services/fanout/jetstream.ts"
import { natsTransport } from "../services/fanout/nats.ts"
import type { FanoutTransport } from "../services/fanout/transport.ts"

const NATS_URL = "nats://127.0.0.1:4222"
const FRAME_BYTES = 1_200
const SEND_EVERY_MS = 2
const DELIVER_WAIT_MS = 10_000

const frames = Math.max(10, Math.min(100_000, Number(process.argv[2] ?? 2_000)))
const rounds = Math.max(1, Math.min(20, Number(process.argv[3] ?? 4)))

const waitUntil = async (ok: () => boolean, timeout_ms: number): Promise<boolean> => {
  const t0 = performance.now()
  while (!ok()) {
    if (performance.now() - t0 > timeout_ms) return false
    await new Promise((r) => setTimeout(r, 5))
  }
  return true
}

const quantile = (sorted: ReadonlyArray<number>, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN

interface Round {
  readonly latencies_ms: number[]
  readonly lost: number
  readonly doubled: number
}

const round = async (make: (origin: string) => FanoutTransport): Promise<Round> => {
  const latencies_ms: number[] = []
  const got = new Map<number, number>()
  const sender = make("bench-sender")
  const receiver = make("bench-receiver")
  const pad = "x".repeat(FRAME_BYTES - 40)
  receiver.start({
    message: (text) => {
      const at = performance.now()
      const sep = text.indexOf("|")
      const i = Number(text.slice(0, sep))
      const t = Number(text.slice(sep + 1, text.indexOf("|", sep + 1)))
      got.set(i, (got.get(i) ?? 0) + 1)
      if (got.get(i) === 1) latencies_ms.push(at - t)
    },
    state: () => undefined
  })
  sender.start({ message: () => undefined, state: () => undefined })
  if (!(await waitUntil(() => sender.up() && receiver.up(), 15_000))) throw new Error("the NATS transports did not connect")
  // the receiver's subscription is in place once it is up; a short settle for the consumer's first pull
  await new Promise((r) => setTimeout(r, 200))
  const epoch = randomUUID().slice(0, 8)
  for (let i = 0; i < frames; i++) {
    void sender.send(`${i}|${performance.now()}|${pad}`, `bench-sender.${epoch}.${i}`).catch(() => undefined)
    await new Promise((r) => setTimeout(r, SEND_EVERY_MS))
  }
  await waitUntil(() => got.size >= frames, DELIVER_WAIT_MS)
  await new Promise((r) => setTimeout(r, 200))
  await sender.close()
  await receiver.close()
  let doubled = 0
  for (const n of got.values()) doubled += n - 1
  return { latencies_ms, lost: frames - got.size, doubled }
}

const channels: string[] = []
const core = (channel: string) => (origin: string) => natsTransport(NATS_URL, `${channel}.updates`, origin)
const js = (channel: string) => (origin: string) => jetstreamTransport(NATS_URL, `${channel}.updates`, channel, origin)

const all = { core: [] as number[], jetstream: [] as number[] }
const faults = { core: { lost: 0, doubled: 0 }, jetstream: { lost: 0, doubled: 0 } }
const load_before = loadavg()
for (let r = 0; r < rounds; r++) {
  for (const kind of ["core", "jetstream"] as const) {
    const channel = `nsbench.${kind}.${randomUUID().slice(0, 8)}`
    channels.push(channel)
    const out = await round(kind === "core" ? core(channel) : js(channel))
    all[kind].push(...out.latencies_ms)
    faults[kind].lost += out.lost
    faults[kind].doubled += out.doubled
  }
}
const load_after = loadavg()

const nc = await connect({ servers: NATS_URL })
const jsm = await jetstreamManager(nc)
for (const c of channels) await jsm.streams.delete(streamName(c)).catch(() => false)
await nc.close()

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return { p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s[s.length - 1] ?? Number.NaN, n: s.length }
}
const c = stats(all.core)
const j = stats(all.jetstream)
const f = (x: number) => x.toFixed(2)
console.log(`fanout transports: ${rounds} rounds × ${frames} frames of ${FRAME_BYTES} B, one every ${SEND_EVERY_MS} ms, NATS ${NATS_URL}`)
console.log(`load average before ${load_before.map((x) => x.toFixed(1)).join(" ")}, after ${load_after.map((x) => x.toFixed(1)).join(" ")}`)
console.log(`core NATS   p50 ${f(c.p50)} ms  p99 ${f(c.p99)} ms  max ${f(c.max)} ms  delivered ${c.n}  lost ${faults.core.lost}  doubled ${faults.core.doubled}`)
console.log(`JetStream   p50 ${f(j.p50)} ms  p99 ${f(j.p99)} ms  max ${f(j.max)} ms  delivered ${j.n}  lost ${faults.jetstream.lost}  doubled ${faults.jetstream.doubled}`)
console.log(`ratio JetStream ÷ core: p50 ${f(j.p50 / c.p50)}  p99 ${f(j.p99 / c.p99)}`)

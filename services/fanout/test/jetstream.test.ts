/**
 * The JetStream fanout on the real NATS at 127.0.0.1:4222 (a unique channel, its stream deleted
 * afterwards): the stream's bounded retention and per-origin subjects; a repeated message id is
 * stored once; a subscriber killed mid-stream and started again with the same origin gets every
 * frame published meanwhile, none twice; a dropped connection loses nothing either; and through
 * two real indexers (jetstream://) a client on B gets A's blocks exactly once.
 */
import { Effect, Exit, Fiber, Scope } from "effect"
import { connect } from "@nats-io/transport-node"
import { jetstreamManager } from "@nats-io/jetstream"
import { afterAll, describe, expect, it } from "vitest"
import { transactionId } from "../../../engine/tx/transaction.ts"
import { defaultDevServerConfig } from "../../config.ts"
import { register, signer } from "../../test/helpers.ts"
import { pendingBatchOf } from "../mempool-feed.ts"
import { memoryLogSink } from "../../log.ts"
import { makeUpdateFanout, type UpdateFanoutShape } from "../fanout.ts"
import type { FanoutFrame } from "../frame.ts"
import { DEFAULT_JETSTREAM_RETENTION, jetstreamTransport, originToken, streamName } from "../jetstream.ts"
import { fanoutLimitsOf } from "../layer.ts"
import { FrameClient, NATS_URL, startIndexer, uniqueChannel } from "./harness.ts"

const channels: string[] = []
const channelFor = (label: string) => {
  const c = uniqueChannel(label)
  channels.push(c)
  return c
}

afterAll(async () => {
  const nc = await connect({ servers: NATS_URL })
  const jsm = await jetstreamManager(nc)
  for (const c of channels) await jsm.streams.delete(streamName(c)).catch(() => false)
  await nc.close()
})

const waitFor = async (what: string, ok: () => boolean, timeout_ms: number) => {
  const t0 = Date.now()
  while (!ok()) {
    if (Date.now() - t0 > timeout_ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

interface Running {
  readonly fanout: UpdateFanoutShape
  readonly got: FanoutFrame[]
  readonly close: () => Promise<void>
}

/** a fanout over the JetStream transport with a fiber recording every frame it hands on */
const start = async (channel: string, origin: string): Promise<Running> => {
  const scope = Effect.runSync(Scope.make())
  const transport = jetstreamTransport(NATS_URL, `${channel}.updates`, channel, origin)
  const fanout = await Effect.runPromise(Scope.extend(makeUpdateFanout(transport, { origin, limits: fanoutLimitsOf(defaultDevServerConfig), log: memoryLogSink() }), scope))
  const got: FanoutFrame[] = []
  const taker = Effect.runFork(Effect.forever(Effect.flatMap(fanout.take, (f) => Effect.sync(() => got.push(f)))))
  await waitFor(`${origin} to connect`, () => fanout.stats().connected, 15_000)
  return {
    fanout,
    got,
    close: async () => {
      await Effect.runPromise(Fiber.interrupt(taker))
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  }
}

const batch = (i: number) => {
  const t = register(signer(`jetstream/${i}`), 0n, `p${i}`)
  return pendingBatchOf([t], [transactionId(t)])
}
const publish = (r: Running, i: number) => Effect.runPromise(r.fanout.publish(`pending:test-${i}`, { _tag: "pending", payload: batch(i) }))
const keysOf = (frames: ReadonlyArray<FanoutFrame>) => frames.map((f) => f.key)

describe("the JetStream fanout (NATS 127.0.0.1:4222)", () => {
  it("creates a bounded stream over per-origin subjects; a repeated message id is stored once", async () => {
    const channel = channelFor("js-stream")
    const a = await start(channel, "indexer.a")
    try {
      const nc = await connect({ servers: NATS_URL })
      try {
        const jsm = await jetstreamManager(nc)
        const info = await jsm.streams.info(streamName(channel))
        expect(info.config).toMatchObject({
          subjects: [`${channel}.updates.>`],
          retention: "limits",
          discard: "old",
          max_msgs: DEFAULT_JETSTREAM_RETENTION.max_messages,
          max_bytes: DEFAULT_JETSTREAM_RETENTION.max_bytes,
          max_age: DEFAULT_JETSTREAM_RETENTION.max_age_ms * 1_000_000
        })
        expect(a.fanout.stats().channel).toBe(`${channel}.updates.${originToken("indexer.a")}`)
        const transport = jetstreamTransport(NATS_URL, `${channel}.updates`, channel, "indexer-x")
        transport.start({ message: () => undefined, state: () => undefined })
        await waitFor("the second transport", () => transport.up(), 15_000)
        await transport.send('{"same":"frame"}', "indexer-x.0000000000000000.7")
        await transport.send('{"same":"frame"}', "indexer-x.0000000000000000.7")
        await transport.close()
        const after = await jsm.streams.info(streamName(channel))
        expect(after.state.messages).toBe(1)
      } finally {
        await nc.close()
      }
    } finally {
      await a.close()
    }
  }, 60_000)

  it("a subscriber killed mid-stream and restarted with its origin gets every frame, none twice", async () => {
    const channel = channelFor("js-replay")
    const a = await start(channel, "indexer-a")
    let b = await start(channel, "indexer-b")
    const seen: FanoutFrame[] = []
    const N = 60
    try {
      for (let i = 0; i < 20; i++) await publish(a, i)
      await waitFor("B to get the first 20", () => b.got.length >= 20, 15_000)
      seen.push(...b.got)
      await b.close() // killed mid-stream: the next 40 are published while it is away
      for (let i = 20; i < N; i++) await publish(a, i)
      await waitFor("A to publish all", () => a.fanout.stats().published >= N, 15_000)
      b = await start(channel, "indexer-b")
      await waitFor("B (restarted) to replay what it missed", () => seen.length + b.got.length >= N, 20_000)
      await new Promise((r) => setTimeout(r, 300)) // anything doubled would arrive now
      const keys = keysOf([...seen, ...b.got])
      expect(keys.length).toBe(N)
      expect(new Set(keys).size).toBe(N)
      expect(keys).toEqual(Array.from({ length: N }, (_, i) => `pending:test-${i}`))
      expect(b.fanout.stats()).toMatchObject({ malformed: 0, duplicate_dropped: 0 })
    } finally {
      await b.close()
      await a.close()
    }
  }, 90_000)

  it("a dropped connection loses nothing: frames published meanwhile arrive after the reconnect", async () => {
    const channel = channelFor("js-drop")
    const a = await start(channel, "indexer-a")
    const b = await start(channel, "indexer-b")
    try {
      await publish(a, 0)
      await waitFor("the first frame", () => b.got.length === 1, 15_000)
      await b.fanout.dropConnection()
      for (let i = 1; i < 30; i++) await publish(a, i)
      await waitFor("every frame on B", () => b.got.length >= 30, 20_000)
      await new Promise((r) => setTimeout(r, 300))
      expect(keysOf(b.got)).toEqual(Array.from({ length: 30 }, (_, i) => `pending:test-${i}`))
    } finally {
      await b.close()
      await a.close()
    }
  }, 60_000)

  it("two indexers over jetstream://: B's client gets each of A's blocks exactly once", async () => {
    const channel = channelFor("js-pair")
    const url = NATS_URL.replace("nats://", "jetstream://")
    const a = await startIndexer({ fanout_url: url, fanout_channel: channel, fanout_origin: "indexer-a" })
    const b = await startIndexer({ fanout_url: url, fanout_channel: channel, fanout_origin: "indexer-b" })
    try {
      await waitFor("both connected", () => a.fanout.stats().connected && b.fanout.stats().connected, 15_000)
      const client = await FrameClient.open(`${b.wsUrl}/updates`)
      for (let i = 0; i < 3; i++) await a.produceNow()
      await client.until("3 frames", () => client.frames.length >= 3, 15_000)
      await new Promise((r) => setTimeout(r, 300))
      const heights = client.frames.map((f) => (typeof f === "object" && f !== null && "height" in f ? String(f.height) : "?"))
      expect(heights).toEqual(["1", "2", "3"])
      await client.close()
    } finally {
      await b.close()
      await a.close()
    }
  }, 60_000)
})

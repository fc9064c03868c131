/**
 * The fanout's own rules on real transports: the bounded outbox while the broker is unreachable
 * (drop-oldest, FanoutQueueFull counted and logged), the bounded inbox (drop-oldest, FanoutLagged),
 * frames that are not frames, an indexer's own frames, a key delivered twice, a sequence gap, a
 * frame over the size limit, and the bounded de-dupe memory.
 */
import { Effect, Exit, Scope } from "effect"
import { describe, expect, it } from "vitest"
import { transactionId } from "../../../engine/tx/transaction.ts"
import { memoryLogSink } from "../../log.ts"
import { register, signer } from "../../test/helpers.ts"
import { makeUpdateFanout, type FanoutLimits } from "../fanout.ts"
import { encodeFrame, pendingKey, type FanoutFrame } from "../frame.ts"
import { memoryTransport } from "../memory.ts"
import { pendingBatchOf } from "../mempool-feed.ts"
import { redisTransport } from "../redis.ts"
import { SeenKeys } from "../seen.ts"
import { eventually, startIndexer, uniqueChannel } from "./harness.ts"

const limits: FanoutLimits = { max_frame_bytes: 64 * 1024, outbox: 4, inbox: 4, seen: 64 }
const batch = (i: number) => {
  const t = register(signer(`bounds/${i}`), 0n, `p${i}`)
  return pendingBatchOf([t], [transactionId(t)])
}
const frameText = (origin: string, seq: number, i: number, epoch = "0123456789abcdef"): string => {
  const payload = batch(i)
  const f: FanoutFrame = { _tag: "pending", origin, epoch, seq, key: pendingKey(payload.transactions.map((t) => t.tx_id)), payload }
  const text = encodeFrame(f, limits.max_frame_bytes)
  if (typeof text !== "string") throw new Error(text.message)
  return text
}

const withScope = async <A>(f: (scope: Scope.CloseableScope) => Promise<A>): Promise<A> => {
  const scope = Effect.runSync(Scope.make())
  try {
    return await f(scope)
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

describe("fanout bounds and filters", () => {
  it("keeps at most `outbox` frames while the broker is unreachable, dropping the oldest (counted, logged)", () =>
    withScope(async (scope) => {
      const log = memoryLogSink()
      // nothing listens on 31199 (this suite's port range): the publisher never becomes ready
      const transport = redisTransport("redis://127.0.0.1:31199", `${uniqueChannel("bounds")}.updates`, "lonely")
      const fanout = await Effect.runPromise(Scope.extend(makeUpdateFanout(transport, { origin: "lonely", limits, log }), scope))
      for (let i = 0; i < 10; i++) await Effect.runPromise(fanout.publish(`k${i}`, { _tag: "pending", payload: batch(i) }))
      const s = fanout.stats()
      expect(s.connected).toBe(false)
      expect(s.outbox_depth).toBe(4)
      expect(s.outbox_dropped).toBe(6)
      expect(s.published).toBe(0)
      expect(log.records.some((r) => r["error"] === "FanoutQueueFull" && r["code"] === 234)).toBe(true)
    }))

  it("filters received frames: malformed, own origin, a key twice, a sequence gap; the inbox drops its oldest", () =>
    withScope(async (scope) => {
      const log = memoryLogSink()
      const bus = `bounds-${uniqueChannel("bus")}`
      const fanout = await Effect.runPromise(Scope.extend(makeUpdateFanout(memoryTransport(bus), { origin: "me", limits, log }), scope))
      const peer = memoryTransport(bus)
      peer.start({ message: () => {}, state: () => {} })
      await peer.send("not json")
      await peer.send(JSON.stringify({ _tag: "pending", origin: "x" }))
      await peer.send(frameText("me", 0, 100))
      await peer.send(frameText("other", 0, 0))
      await peer.send(frameText("other", 1, 0)) // same key again
      await peer.send(frameText("other", 5, 1)) // sequences 2..4 never arrived
      for (let i = 2; i < 8; i++) await peer.send(frameText("third", i - 2, i))
      await eventually("every frame received", () => fanout.stats().received === 12)
      const s = fanout.stats()
      expect(s.malformed).toBe(2)
      expect(s.own_dropped).toBe(1)
      expect(s.duplicate_dropped).toBe(1)
      expect(s.lost).toBe(3)
      // 8 distinct frames for an inbox of 4: the 4 oldest dropped, the newest kept in order
      expect(s.inbox_dropped).toBe(4)
      expect(s.inbox_depth).toBe(4)
      const kept: string[] = []
      for (let i = 0; i < 4; i++) {
        const f = await Effect.runPromise(fanout.take)
        kept.push(`${f.origin}:${f.seq}`)
      }
      expect(kept).toEqual(["third:2", "third:3", "third:4", "third:5"])
      expect(log.records.some((r) => r["error"] === "FanoutLagged" && r["code"] === 235)).toBe(true)
      await peer.close()
    }))

  it("does not publish a frame over max_frame_bytes", () =>
    withScope(async (scope) => {
      const log = memoryLogSink()
      const bus = `bounds-${uniqueChannel("big")}`
      const fanout = await Effect.runPromise(Scope.extend(makeUpdateFanout(memoryTransport(bus), { origin: "big", limits: { ...limits, max_frame_bytes: 200 }, log }), scope))
      await Effect.runPromise(fanout.publish("k", { _tag: "pending", payload: batch(1) }))
      expect(fanout.stats().too_large).toBe(1)
      expect(fanout.stats().published).toBe(0)
      expect(log.records.some((r) => r["error"] === "FanoutFrameTooLarge" && r["code"] === 231)).toBe(true)
    }))

  it("refuses to start on a fanout URL, channel or origin it cannot use (FanoutUrlInvalid, 230)", async () => {
    for (const bad of [{ fanout_url: "ftp://127.0.0.1" }, { fanout_url: "not a url" }, { fanout_url: "memory://" }, { fanout_channel: "a b" }, { fanout_origin: "x".repeat(65) }]) {
      const started = startIndexer(bad)
      await expect(started, JSON.stringify(bad)).rejects.toMatchObject({ _tag: "FanoutUrlInvalid", code: 230 })
    }
  })

  it("remembers the last `capacity` keys only", () => {
    const seen = new SeenKeys(3)
    expect(["a", "b", "c", "a"].map((k) => seen.claim(k))).toEqual([true, true, true, false])
    expect(seen.claim("d")).toBe(true)
    expect(seen.size).toBe(3)
    expect(seen.has("a")).toBe(false)
    expect(seen.claim("a")).toBe(true)
    expect(() => new SeenKeys(0)).toThrow(RangeError)
  })
})

/**
 * Two indexers in one process (ports 0), sharing an update fanout over the real Redis
 * (127.0.0.1:6379) and NATS (127.0.0.1:4222) and over a named in-process bus; each run on its own
 * channel / subject prefix. A client on indexer B receives the blocks indexer A executed exactly
 * once, filters included; a block both executed reaches B's client once; A's admitted batches reach
 * B's /mempool; after the broker connection drops, frames published meanwhile arrive once it is
 * back; B verifies every frame it relays.
 */
import { afterEach, describe, expect, it } from "vitest"
import { Schema } from "effect"
import { encodeSubmission } from "../../api/submission.ts"
import { verifyUpdateFrame } from "../../verify/update-frame.ts"
import { register, signer } from "../../test/helpers.ts"
import type { Transaction } from "../../../engine/tx/transaction.ts"
import { eventually, FrameClient, NATS_URL, REDIS_URL, startIndexer, uniqueChannel, type Indexer } from "./harness.ts"

const FrameView = Schema.Struct({
  height: Schema.String,
  digest: Schema.String,
  events: Schema.Array(Schema.Struct({ _tag: Schema.String, player: Schema.optional(Schema.String) })),
  transactions: Schema.Array(Schema.Struct({ tx_id: Schema.String, signer: Schema.String }))
})
const PendingView = Schema.Struct({ transactions: Schema.Array(Schema.Struct({ tx_id: Schema.String, signer: Schema.String, instruction: Schema.String, tx: Schema.String })) })
const frameOf = Schema.decodeUnknownSync(FrameView)
const pendingOf = Schema.decodeUnknownSync(PendingView)

const submitTo = async (ix: Indexer, txs: ReadonlyArray<Transaction>): Promise<number> => {
  const res = await fetch(`${ix.url}/submit`, { method: "POST", body: new Uint8Array(encodeSubmission(txs)), headers: { "content-type": "application/octet-stream" } })
  await res.arrayBuffer()
  return res.status
}

const heightsOf = (c: FrameClient): string[] => c.frames.map((f) => frameOf(f).height)

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close()
})

const pair = async (label: string, url: string) => {
  const channel = uniqueChannel(label)
  const a = await startIndexer({ fanout_url: url, fanout_channel: channel, fanout_origin: "indexer-a" })
  open.push(a)
  const b = await startIndexer({ fanout_url: url, fanout_channel: channel, fanout_origin: "indexer-b" })
  open.push(b)
  // connected: publishing is possible and the subscription is in place
  await eventually("both fanouts connected", () => a.fanout.stats().connected && b.fanout.stats().connected)
  return { a, b }
}

const client = async (ix: Indexer, path: string): Promise<FrameClient> => {
  const c = await FrameClient.open(`${ix.wsUrl}${path}`)
  open.push(c)
  return c
}

describe.each([
  ["redis", REDIS_URL],
  ["nats", NATS_URL],
  ["memory", "memory://two-indexers"]
])("two indexers over %s", (label, url) => {
  it("B's clients get A's blocks exactly once (filters included), a block both executed once, and A's admitted batches", async () => {
    const { a, b } = await pair(label, url)
    const onB = await client(b, "/updates")
    const onA = await client(a, "/updates")
    const mempoolB = await client(b, "/mempool")
    const alice = signer(`fanout/${label}/alice`)
    const bob = signer(`fanout/${label}/bob`)
    const bobOnB = await client(b, `/updates?account=${bob.public_key}`)

    // the same transaction on both indexers and a block on each: the same block (height, digest, events root)
    const same = [register(alice, 0n, "alice")]
    expect(await submitTo(a, same)).toBe(200)
    expect(await submitTo(b, same)).toBe(200)
    const blockA1 = await a.produceNow()
    const blockB1 = await b.produceNow()
    expect(blockB1.result.digest).toBe(blockA1.result.digest)
    expect(blockB1.result.events_root).toBe(blockA1.result.events_root)

    // then a block only A executes (bob registers on A)
    expect(await submitTo(a, [register(bob, 0n, "bob")])).toBe(200)
    const blockA2 = await a.produceNow()
    // and one more on A, so anything late about height 2 would have arrived before it
    const blockA3 = await a.produceNow()
    await onB.until("A's third block on B", () => heightsOf(onB).includes(blockA3.result.height.toString()))
    await onA.until("A's own third block", () => heightsOf(onA).includes(blockA3.result.height.toString()))

    // exactly once each: height 1 (seen by both), 2 and 3 (A only)
    expect(heightsOf(onB)).toEqual(["1", "2", "3"])
    expect(heightsOf(onA)).toEqual(["1", "2", "3"])
    expect(frameOf(onB.frames[1]).digest).toBe(blockA2.result.digest)
    expect(frameOf(onB.frames[1]).transactions.map((t) => t.signer)).toEqual([bob.public_key])
    // B relays A's frames and they verify (consistent: a dev chain certifies nothing)
    for (const raw of onB.raw) {
      const r = verifyUpdateFrame(raw, null, { complete: true })
      expect(r.consistent, JSON.stringify(r.checks)).toBe(true)
      expect(r.certified).toBe(false)
    }
    // bob's filtered stream on B: only A's block with his registration
    await bobOnB.until("bob's block on B", () => bobOnB.frames.length >= 1)
    expect(heightsOf(bobOnB)).toEqual(["2"])
    expect(frameOf(bobOnB.frames[0]).events.every((e) => e.player === undefined || e.player === bob.public_key)).toBe(true)

    // the mempool feed: B's own admission of alice's registration once, then bob's from A once;
    // alice's batch admitted on A too is the same batch (same key): not delivered again
    await mempoolB.until("bob's batch on B's mempool feed", () => mempoolB.frames.some((f) => pendingOf(f).transactions[0]?.signer === bob.public_key))
    const signers = mempoolB.frames.map((f) => pendingOf(f).transactions.map((t) => t.signer).join(","))
    expect(signers).toEqual([alice.public_key, bob.public_key])
    expect(pendingOf(mempoolB.frames[1]).transactions[0]?.instruction).toBe("CasinoRegister")

    // fanout accounting: A published its three blocks and two batches and took at most B's copy
    // of the shared batch or block back; nothing was lost on the way
    expect(a.fanout.stats().delivered_remote).toBeLessThanOrEqual(1)
    expect(a.fanout.stats().published).toBeGreaterThanOrEqual(5)
    expect(a.fanout.stats().lost + b.fanout.stats().lost).toBe(0)
    // and Prometheus shows it (loopback, no token)
    const text = await (await fetch(`${b.url}/metrics/prometheus`)).text()
    const delivered = /^nullspace_simulator_fanout_delivered_remote_total (\d+)$/m.exec(text)?.[1]
    expect(Number(delivered)).toBe(b.fanout.stats().delivered_remote)
    expect(Number(delivered)).toBeGreaterThanOrEqual(3)
    expect(text).toMatch(/^nullspace_simulator_fanout_connected 1$/m)
  })

  it("frames published while A's broker connection is down arrive once it reconnects", async () => {
    const { a, b } = await pair(label, url)
    const onB = await client(b, "/updates")
    const carol = signer(`fanout/${label}/carol`)
    expect(await submitTo(a, [register(carol, 0n, "carol")])).toBe(200)
    const first = await a.produceNow()
    await onB.until("the first block on B", () => heightsOf(onB).includes(first.result.height.toString()))

    const reconnects = a.fanout.stats().reconnects
    await a.fanout.dropConnection()
    // the block executed right after the drop goes to the outbox (or is sent once the connection is back)
    const during = await a.produceNow()
    await eventually("A reconnected", () => a.fanout.stats().reconnects > reconnects && a.fanout.stats().connected, 10_000)
    // B's subscription may have been renewed too: wait until a fresh block goes through
    let after = await a.produceNow()
    for (let i = 0; i < 50 && !heightsOf(onB).includes(after.result.height.toString()); i++) {
      await new Promise((r) => setTimeout(r, 100))
      if (!heightsOf(onB).includes(after.result.height.toString()) && i % 10 === 9) after = await a.produceNow()
    }
    await onB.until("a block after the reconnect on B", () => heightsOf(onB).includes(after.result.height.toString()), 10_000)
    expect(heightsOf(onB)).toContain(during.result.height.toString())
    // no height twice
    expect(new Set(heightsOf(onB)).size).toBe(heightsOf(onB).length)
    expect(a.fanout.stats().outbox_depth).toBe(0)
  })
})

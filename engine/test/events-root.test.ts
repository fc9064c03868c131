/**
 * The events root (execute/events-root.ts): equals an independent RFC 6962 recursion; every
 * output of every block size has a proof the standalone verifier accepts, only at its own index
 * and only for its own bytes; any flipped bit in the proof, the output or the root is refused;
 * the proof wire format is exact (ProofMalformed 120). Outputs come from real blocks (roulette
 * through Chain.applyBlock, GameCompleted with its session included) and from arbitrary events.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Arbitrary, Either, FastCheck } from "effect"
import { concatBytes } from "../codec/bytes.ts"
import { EVENT_CODEC, decodeEvent, encodeEvent } from "../codec/events.ts"
import { makeTag, taggedHash } from "../crypto/tagged-hash.ts"
import { EMPTY_EVENTS_TREE, eventsLeafHash, eventsRoot, eventsRootOf, proveEvents, txOutputBytes } from "../execute/events-root.ts"
import { decodeEventsProof, encodeEventsProof, verifyEventsProof, verifyEventsProofBytes } from "../execute/events-proof.ts"
import type { TxOutput } from "../execute/output.ts"
import type { Event } from "../events.ts"
import { roulette } from "../games/roulette/roulette.ts"
import { DigestHex, PublicKey } from "../schema/primitives.ts"
import { TestDriver, actor } from "./helpers.ts"

const NODE = makeTag("nullspace/events/node")
/** RFC 6962 §2.1 MTH, written from the definition (split at the largest power of two below n) */
const mth = (leaves: ReadonlyArray<Uint8Array>): Uint8Array => {
  if (leaves.length === 0) return EMPTY_EVENTS_TREE
  if (leaves.length === 1) return leaves[0]!
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return taggedHash(NODE, concatBytes(mth(leaves.slice(0, k)), mth(leaves.slice(k))))
}

const output = (i: number, events: ReadonlyArray<Event> = []): TxOutput => ({
  tx_id: DigestHex.make(i.toString(16).padStart(64, "0")),
  signer: PublicKey.make("11".repeat(32)),
  nonce: BigInt(i),
  instruction: "CasinoRegister",
  status: i % 3 === 0 ? "applied" : i % 3 === 1 ? "failed" : "skipped",
  error: null,
  events: [...events]
})

const flip = (b: Uint8Array, bit: number): Uint8Array => {
  const out = Uint8Array.from(b)
  out[(bit >> 3) % out.length]! ^= 1 << (bit & 7)
  return out
}

/** a real block's outputs: register, start roulette, play it (GameMoved, GameCompleted with its session) */
const realOutputs = (): TxOutput[] => {
  const d = new TestDriver()
  const players = [actor("ev-a"), actor("ev-b"), actor("ev-c")]
  d.apply(players.map((p) => d.sign(p, { _tag: "CasinoRegister", name: "p" })))
  d.apply(players.map((p, i) => d.sign(p, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: BigInt(10 + i) })))
  d.apply(
    players.map((p, i) =>
      d.sign(p, {
        _tag: "GameMove",
        session_id: BigInt(10 + i),
        payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 5n }, { type: "STRAIGHT", number: 17, amount: 1n }] })
      })
    )
  )
  return d.outputs
}

describe("events root", () => {
  it("equals the RFC 6962 recursion bound to the count, for 0..40 outputs", () => {
    for (let n = 0; n <= 40; n++) {
      const outs = Array.from({ length: n }, (_, i) => output(i))
      expect(eventsRoot(outs)).toEqual(eventsRootOf(n, mth(outs.map((o) => eventsLeafHash(txOutputBytes(o))))))
    }
  })

  it("every output of every block size 1..33 has a proof that verifies at its index only, for its bytes only", () => {
    for (let n = 1; n <= 33; n++) {
      const outs = Array.from({ length: n }, (_, i) => output(i))
      const root = eventsRoot(outs)
      for (let i = 0; i < n; i++) {
        const p = proveEvents(outs, i)
        expect(verifyEventsProof(root, outs[i]!, p)).toBe(true)
        expect(verifyEventsProofBytes(root, txOutputBytes(outs[i]!), decodeEventsProof(encodeEventsProof(p)).pipe(Either.getOrThrow))).toBe(true)
        if (n > 1) expect(verifyEventsProof(root, outs[(i + 1) % n]!, p)).toBe(false)
        if (n > 1) expect(verifyEventsProof(root, outs[i]!, { ...p, index: (i + 1) % n })).toBe(false)
        expect(verifyEventsProof(root, outs[i]!, { ...p, count: n + 1 })).toBe(false)
      }
    }
  })

  it("real block outputs (GameCompleted with its session) round-trip through the event codec and prove", () => {
    const outs = realOutputs()
    expect(outs.some((o) => o.events.some((e) => e._tag === "GameCompleted"))).toBe(true)
    for (const o of outs) for (const e of o.events) expect(decodeEvent(encodeEvent(e))).toEqual(e)
    const root = eventsRoot(outs)
    outs.forEach((o, i) => expect(verifyEventsProof(root, o, proveEvents(outs, i))).toBe(true))
  })

  it("arbitrary events: a flipped bit in the proof bytes, the output bytes or the root is refused", () => {
    const eventArb = Arbitrary.make(EVENT_CODEC.domain)
    const outsArb = FastCheck.array(FastCheck.array(eventArb, { maxLength: 3 }), { minLength: 1, maxLength: 9 })
    FastCheck.assert(
      FastCheck.property(outsArb, FastCheck.nat(), FastCheck.nat(), (evs, pick, bit) => {
        const outs = evs.map((e, i) => output(i, e.filter((x): x is Event => EVENT_CODEC.is(x))))
        const root = eventsRoot(outs)
        const i = pick % outs.length
        const p = proveEvents(outs, i)
        const bytes = txOutputBytes(outs[i]!)
        expect(verifyEventsProofBytes(root, bytes, p)).toBe(true)
        const pb = encodeEventsProof(p)
        const d = decodeEventsProof(flip(pb, bit % (8 * pb.length)))
        if (Either.isRight(d)) expect(verifyEventsProofBytes(root, bytes, d.right)).toBe(false)
        else expect(d.left.code).toBe(120)
        expect(verifyEventsProofBytes(root, flip(bytes, bit % (8 * bytes.length)), p)).toBe(false)
        expect(verifyEventsProofBytes(flip(root, bit % 256), bytes, p)).toBe(false)
      }),
      { seed: fc.readConfigureGlobal().seed ?? 0, numRuns: 30 }
    )
  })

  it("the proof wire format refuses truncations, trailing bytes, index ≥ count and over-long paths", () => {
    const outs = Array.from({ length: 5 }, (_, i) => output(i))
    const bytes = encodeEventsProof(proveEvents(outs, 3))
    for (let n = 0; n < bytes.length; n++) expect(Either.isLeft(decodeEventsProof(bytes.subarray(0, n)))).toBe(true)
    expect(Either.isLeft(decodeEventsProof(Uint8Array.of(...bytes, 0)))).toBe(true)
    expect(Either.isLeft(decodeEventsProof(Uint8Array.of(0, 0, 0, 5, 0, 0, 0, 5, 0)))).toBe(true)
    expect(Either.isLeft(decodeEventsProof(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1, 33)))).toBe(true)
    const m = decodeEventsProof(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0))
    expect(Either.isLeft(m) && m.left._tag === "ProofMalformed" && m.left.code === 120).toBe(true)
  })
})

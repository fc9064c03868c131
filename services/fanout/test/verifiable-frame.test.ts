/**
 * Verifiable update frames: the frames an indexer serves (and relays through the fanout) carry
 * every drawn-on output with its events proof and the certificate references; verifyUpdateFrame
 * accepts them as built and rejects every tampering (an event changed, a transaction's status, a
 * proof byte, another events root, a dropped event of an unfiltered frame, a certificate of other
 * roots). The certified path uses a one-validator set signing the block's real roots.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Schema } from "effect"
import { toHex, utf8 } from "../../../engine/codec/bytes.ts"
import { NS_AGG_ACK, executionItemBytes } from "../../../engine/consensus/messages.ts"
import { namespaced } from "../../../engine/crypto/bls-threshold.ts"
import { encodeExecutionCertificate } from "../../../engine/consensus/wire.ts"
import { sha256Concat } from "../../../engine/crypto/sha256.ts"
import { signBytes, signerFromSecret } from "../../../engine/tx/sign.ts"
import { blockFrames } from "../../api/update-frames.ts"
import type { FinalizedBlock } from "../../node/proposer.ts"
import { register, signer, tx } from "../../test/helpers.ts"
import { verifyUpdateFrame } from "../../verify/update-frame.ts"
import type { TrustedSet } from "../../verify/trusted-set.ts"
import { startIndexer, type Indexer } from "./harness.ts"
import { encodeSubmission } from "../../api/submission.ts"

const Json = Schema.Record({ key: Schema.String, value: Schema.Unknown })
const JsonArray = Schema.Array(Json)
const parse = (text: string) => Schema.decodeUnknownSync(Schema.parseJson(Json))(text)
const records = Schema.decodeUnknownSync(JsonArray)

/** a one-validator set and its execution certificate over (height, state_root, events_root) */
const validator = signerFromSecret(sha256Concat(utf8("fanout-test/validator")))
const trusted: TrustedSet = { validators: [validator.public_key], quorum: 1, group_key: "00".repeat(96) }
const certificateHex = (height: bigint, state_root: string, events_root: string): string => {
  const item = { height: Number(height), state_root, events_root }
  const signature = signBytes(validator.secret, namespaced(NS_AGG_ACK, executionItemBytes(item)))
  return toHex(encodeExecutionCertificate({ _tag: "ExecutionCertificate", item, signatures: [{ signer: 0, signature }] }))
}

let ix: Indexer
let block: FinalizedBlock
const dana = signer("verify-frame/dana")
const eve = signer("verify-frame/eve")

const post = async (txs: Parameters<typeof encodeSubmission>[0]) => {
  const res = await fetch(`${ix.url}/submit`, { method: "POST", body: new Uint8Array(encodeSubmission(txs)), headers: { "content-type": "application/octet-stream" } })
  expect(res.status).toBe(200)
}

beforeAll(async () => {
  ix = await startIndexer({})
  await post([register(dana, 0n, "dana"), register(eve, 0n, "eve")])
  await ix.produceNow()
  await post([tx(dana, 1n, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 9n }), tx(eve, 1n, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 10n })])
  block = await ix.produceNow()
  expect(block.result.outputs.map((o) => o.status)).toEqual(["applied", "applied"])
})
afterAll(() => ix.close())

describe("verifiable update frames", () => {
  it("frames as built are consistent with their events root; uncertified on a dev chain", () => {
    const frames = blockFrames({ result: block.result, execution_certificate: null, finalization: null })
    const all = verifyUpdateFrame(frames.all(), trusted, { complete: true })
    expect(all.consistent, JSON.stringify(all.checks)).toBe(true)
    expect(all.certified).toBe(false)
    expect(all.ok).toBe(false)
    expect(all.error?.code).toBe(236)
    const forDana = frames.forAccount(dana.public_key)
    expect(forDana).not.toBeNull()
    const r = verifyUpdateFrame(forDana, null)
    expect(r.consistent, JSON.stringify(r.checks)).toBe(true)
    // a filtered frame is not the whole block
    expect(verifyUpdateFrame(forDana, null, { complete: true }).consistent).toBe(false)
    const session = verifyUpdateFrame(frames.forSession(9n), null)
    expect(session.consistent).toBe(true)
  })

  it("a frame whose execution certificate signs its roots is ok; tampered frames are rejected", () => {
    const r = block.result
    const good = blockFrames({ result: r, execution_certificate: certificateHex(r.height, r.state_root, r.events_root), finalization: null }).all()
    const ok = verifyUpdateFrame(good, trusted, { complete: true })
    expect(ok.ok, JSON.stringify(ok.checks)).toBe(true)
    expect(ok.error).toBeNull()

    const f = parse(good)
    const events = records(f["events"])
    const txs = records(f["transactions"])
    const proof = Schema.decodeUnknownSync(Schema.Struct({ outputs: JsonArray, execution_certificate: Schema.NullOr(Schema.String), finalization: Schema.NullOr(Schema.String) }))(f["proof"])
    const tamperings: Record<string, unknown> = {
      "an event's player": { ...f, events: events.map((e, i) => (i === 0 ? { ...e, player: eve.public_key } : e)) },
      "an event added": { ...f, events: [...events, events[0]] },
      "an event dropped (unfiltered)": { ...f, events: events.slice(1) },
      "a transaction's status": { ...f, transactions: txs.map((t, i) => (i === 0 ? { ...t, status: "failed" } : t)) },
      "a transaction's id": { ...f, transactions: txs.map((t, i) => (i === 1 ? { ...t, tx_id: "ab".repeat(32) } : t)) },
      "a proof byte": { ...f, proof: { ...proof, outputs: proof.outputs.map((o, i) => (i === 0 ? { ...o, proof: String(o["proof"]).slice(0, -2) + (String(o["proof"]).endsWith("00") ? "01" : "00") } : o)) } },
      "an output byte": { ...f, proof: { ...proof, outputs: proof.outputs.map((o, i) => (i === 1 ? { ...o, output: String(o["output"]).slice(0, -2) + (String(o["output"]).endsWith("00") ? "01" : "00") } : o)) } },
      "another events root": { ...f, events_root: "cd".repeat(32) },
      "a certificate of other roots": { ...f, proof: { ...proof, execution_certificate: certificateHex(r.height, r.state_root, "ef".repeat(32)) } },
      "a certificate of another height": { ...f, proof: { ...proof, execution_certificate: certificateHex(r.height + 1n, r.state_root, r.events_root) } },
      "not a frame": { height: "x" }
    }
    for (const [what, frame] of Object.entries(tamperings)) {
      const v = verifyUpdateFrame(JSON.stringify(frame), trusted, { complete: true })
      expect(v.ok, what).toBe(false)
      expect(v.error?.code, what).toBe(236)
    }
    // the untampered copy of the parsed frame still verifies (the tamperings are what failed)
    expect(verifyUpdateFrame(JSON.stringify(f), trusted, { complete: true }).ok).toBe(true)
  })
})

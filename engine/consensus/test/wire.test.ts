/**
 * The consensus wire codec (wire.ts): for every message tag, every WAL record tag and the execution
 * certificate, decode(encode(x)) = x, every truncation and any trailing bytes are DecodeFailures;
 * arbitrary bytes decode to a DecodeFailure or to a value that re-encodes to exactly those bytes;
 * out-of-range lengths are refused before anything is read; real signed messages round-trip.
 */
import { FastCheck as fc, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { DecodeFailure, fromHex, toHex, utf8 } from "../../codec/bytes.ts"
import { decodeEither, encode } from "../../codec/codec.ts"
import { sha256Text } from "../../crypto/sha256.ts"
import { ExecutionCertificate } from "../execution-certificate.ts"
import { NS_NOTARIZE, proposalBytes } from "../messages.ts"
import { dealSharing } from "../../crypto/bls-threshold.ts"
import { sha256 } from "../../crypto/sha256.ts"
import { signerFromSecret } from "../../tx/sign.ts"
import { nobleVerifier } from "../../tx/verify.ts"
import { ed25519BlsSigner, ed25519BlsVerifier } from "../crypto.ts"
import { CODEC_SEED, assertLawsForTag, expectDecodeFailure, printSeed, schemaTags } from "../../test/codec-laws.ts"
import {
  CONSENSUS_MESSAGE_CODEC,
  decodeConsensusMessageBytes,
  decodeWalRecord,
  encodeConsensusMessage,
  encodeWalRecord,
  EXECUTION_CERTIFICATE_CODEC,
  WAL_RECORD_CODEC
} from "../wire.ts"

printSeed("consensus-wire")

describe("consensus wire codec", () => {
  for (const tag of schemaTags(CONSENSUS_MESSAGE_CODEC.schema))
    it(`message ${tag}: round trip, truncations and trailing bytes refused`, () => assertLawsForTag(CONSENSUS_MESSAGE_CODEC, tag, 25))
  for (const tag of schemaTags(WAL_RECORD_CODEC.schema))
    it(`WAL record ${tag}: round trip, truncations and trailing bytes refused`, () => assertLawsForTag(WAL_RECORD_CODEC, tag, 25))
  it("execution certificate: round trip, truncations and trailing bytes refused", () =>
    assertLawsForTag(EXECUTION_CERTIFICATE_CODEC, "ExecutionCertificate", 25))

  it("arbitrary bytes: a DecodeFailure, or a value that re-encodes to exactly those bytes", () => {
    let decoded = 0
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.integer({ min: 0, max: 7 }), (tail, code) => {
        const bytes = Uint8Array.from([code, ...tail])
        const m = decodeEither(CONSENSUS_MESSAGE_CODEC, bytes)
        if (m instanceof DecodeFailure) return
        decoded++
        expect(toHex(encode(CONSENSUS_MESSAGE_CODEC, m))).toBe(toHex(bytes))
      }),
      { seed: CODEC_SEED, numRuns: 400 }
    )
    expect(decoded).toBeGreaterThan(0)
  })

  it("unknown codes, an empty signature and an oversized vote count are DecodeFailures", () => {
    expectDecodeFailure(decodeConsensusMessageBytes(Uint8Array.from([8])))
    expectDecodeFailure(decodeWalRecord(Uint8Array.from([3])))
    // Fetch(view) with a non-canonical varint
    expectDecodeFailure(decodeConsensusMessageBytes(Uint8Array.from([6, 0x80, 0x00])))
    // Nullify: view 1, signer 0, empty signature
    expectDecodeFailure(decodeConsensusMessageBytes(Uint8Array.from([1, 1, 0, 0])))
    // Nullification: view 1, 257 votes (refused at the count)
    const r = decodeConsensusMessageBytes(Uint8Array.from([4, 1, 0x81, 0x02]))
    expectDecodeFailure(r)
    if (r instanceof DecodeFailure) expect(r.reason).toMatch(/exceeds limit 256/)
    // a signer above 255
    expectDecodeFailure(decodeConsensusMessageBytes(Uint8Array.from([1, 1, 0x80, 0x02, 1, 9, 1, 9])))
    // a WAL vote that is a certificate
    const fetch = encodeConsensusMessage({ _tag: "Fetch", view: 3 })
    expectDecodeFailure(decodeWalRecord(Uint8Array.from([0, ...fetch])))
  })

  it("a real signed notarize round-trips and still verifies; its WAL record too", () => {
    const secrets = [0, 1].map((i) => sha256(utf8(`wire-test/${i}`)))
    const dealt = dealSharing(sha256Text("wire-test/dealer"), 2, 2)
    const keys = { verifier: ed25519BlsVerifier({ public_keys: secrets.map((s) => fromHex(signerFromSecret(s).public_key)), sharing: dealt.sharing }, nobleVerifier.verify) }
    const signer = ed25519BlsSigner(1, secrets[1] ?? new Uint8Array(32), dealt.shares[1] ?? new Uint8Array(32))
    const proposal = { view: 5, parent_view: 3, payload: toHex(sha256Text("block")) }
    const vote = { _tag: "Notarize" as const, proposal, signer: 1, signature: signer.sign(NS_NOTARIZE, proposalBytes(proposal)), seed_share: signer.seedShare(5) }
    const back = decodeConsensusMessageBytes(encodeConsensusMessage(vote))
    expect(back).toEqual(vote)
    if (back instanceof DecodeFailure || back._tag !== "Notarize") throw new Error("not a notarize")
    expect(keys.verifier.verify(1, NS_NOTARIZE, proposalBytes(back.proposal), back.signature)).toBe(true)
    expect(keys.verifier.verifySeedShare(1, 5, back.seed_share)).toBe(true)
    const record = { _tag: "Voted" as const, vote }
    expect(decodeWalRecord(encodeWalRecord(record))).toEqual(record)
    expect(Schema.is(ExecutionCertificate)({ _tag: "ExecutionCertificate", item: { height: 1, state_root: proposal.payload, events_root: proposal.payload }, signatures: [] })).toBe(true)
  })
})

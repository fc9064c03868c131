/**
 * The ed25519 rule (engine/tx/verify.ts) on published vector sets, identically for both
 * implementations: RFC 8032 §7.1 (all valid) and the 12 edge cases of "Taming the many EdDSAs"
 * (only case 3 is valid under the strict cofactorless rule). Sources are named in the JSON files.
 */
import * as ed from "@noble/ed25519"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { fromHex, toHex } from "../codec/bytes.ts"
import { signBytes } from "../tx/sign.ts"
import { nobleVerifier, signatureProblem, SMALL_ORDER_ENCODINGS } from "../tx/verify.ts"
import { nodeVerifier } from "../tx/verify-node.ts"
import rfcJson from "./vectors/rfc8032-ed25519.json" with { type: "json" }
import speccheckJson from "./vectors/ed25519-speccheck.json" with { type: "json" }

const Hex = Schema.String.pipe(Schema.pattern(/^([0-9a-f]{2})*$/))
const RfcFile = Schema.Struct({
  source: Schema.String,
  vectors: Schema.Array(Schema.Struct({ name: Schema.String, secret_key: Hex, public_key: Hex, message: Hex, signature: Hex }))
})
const SpeccheckFile = Schema.Struct({
  source: Schema.String,
  cases: Schema.Array(
    Schema.Struct({ index: Schema.Number, condition: Schema.String, message: Hex, public_key: Hex, signature: Hex, strict_valid: Schema.Boolean })
  )
})
const rfc = Schema.decodeUnknownSync(RfcFile)(rfcJson)
const speccheck = Schema.decodeUnknownSync(SpeccheckFile)(speccheckJson)
const verifiers = [nobleVerifier, nodeVerifier]

describe("RFC 8032 §7.1 Ed25519 test vectors", () => {
  it("has the five published vectors", () => expect(rfc.vectors.map((v) => v.name)).toEqual(["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"]))
  for (const v of rfc.vectors) {
    it(`${v.name}: key derivation, signing and verification (both paths)`, () => {
      const secret = fromHex(v.secret_key)
      const message = fromHex(v.message)
      expect(toHex(ed.getPublicKey(secret))).toBe(v.public_key)
      expect(toHex(signBytes(secret, message))).toBe(v.signature)
      for (const verifier of verifiers) {
        expect(verifier.verify(fromHex(v.public_key), message, fromHex(v.signature))).toBe(true)
        const tampered = Uint8Array.from(message.length === 0 ? [0] : message)
        tampered[0] = (tampered[0] ?? 0) ^ 1
        expect(verifier.verify(fromHex(v.public_key), tampered, fromHex(v.signature))).toBe(false)
      }
    })
  }
})

describe("'Taming the many EdDSAs' edge cases (ed25519-speccheck cases.json)", () => {
  it("has the twelve cases, exactly one strictly valid", () => {
    expect(speccheck.cases.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(speccheck.cases.filter((c) => c.strict_valid).map((c) => c.index)).toEqual([3])
  })
  for (const c of speccheck.cases) {
    it(`case ${c.index} (${c.condition}): ${c.strict_valid ? "accepted" : "refused"} by noble and node:crypto alike`, () => {
      const answers = verifiers.map((v) => v.verify(fromHex(c.public_key), fromHex(c.message), fromHex(c.signature)))
      expect(answers).toEqual([c.strict_valid, c.strict_valid])
    })
  }
  it("the byte-level pre-checks alone refuse the small-order, non-canonical and S ≥ L cases", () => {
    const problems = speccheck.cases.map((c) => signatureProblem(fromHex(c.public_key), fromHex(c.signature)))
    expect(problems).toEqual([
      "key_small_order",
      "key_small_order",
      "r_small_order",
      null,
      null,
      null,
      "s_out_of_range",
      "s_out_of_range",
      "r_non_canonical",
      "r_non_canonical",
      "key_non_canonical",
      "key_non_canonical"
    ])
  })
})

describe("the small-order blacklist", () => {
  it("is exactly the 8 torsion points: the multiples of an order-8 point, each with [8]P = identity", () => {
    const listed = new Set(SMALL_ORDER_ENCODINGS.map((b) => toHex(b)))
    expect(listed.size).toBe(8)
    const t = ed.Point.fromBytes(SMALL_ORDER_ENCODINGS[4] ?? new Uint8Array(32), false)
    const generated = new Set<string>()
    let p = ed.Point.ZERO
    for (let i = 0; i < 8; i++) {
      generated.add(p.is0() ? "0100000000000000000000000000000000000000000000000000000000000000" : p.toHex())
      p = p.add(t)
    }
    expect(p.is0()).toBe(true)
    expect(generated).toEqual(listed)
    for (const b of SMALL_ORDER_ENCODINGS) expect(ed.Point.fromBytes(b, false).clearCofactor().is0()).toBe(true)
  })
})

/** Tagged SHA-256 (crypto/tagged-hash.ts) equals SHA-256(SHA-256(tag) ‖ SHA-256(tag) ‖ m) computed by @noble/hashes, at every length. */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { sha256 } from "@noble/hashes/sha2"
import { concatBytes, utf8 } from "../codec/bytes.ts"
import { makeTag, taggedHash, taggedHashPair } from "../crypto/tagged-hash.ts"

const reference = (tag: string, m: Uint8Array): Uint8Array => {
  const t = sha256(utf8(tag))
  return sha256(concatBytes(t, t, m))
}

describe("tagged SHA-256", () => {
  it("matches noble on every message length 0..300 (every padding case)", () => {
    const tag = makeTag("nullspace/test")
    for (let n = 0; n <= 300; n++) {
      const m = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff)
      expect(taggedHash(tag, m)).toEqual(reference("nullspace/test", m))
    }
  })

  it("matches noble on random tags and messages, and the pair form equals the general form", () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (name, m, a, b) => {
        const tag = makeTag(name)
        expect(taggedHash(tag, m)).toEqual(reference(name, m))
        expect(taggedHashPair(tag, a, b)).toEqual(reference(name, concatBytes(a, b)))
      }),
      { numRuns: 200 }
    )
  })

  it("different tags give different digests of the same message", () => {
    const m = new Uint8Array(64)
    expect(taggedHash(makeTag("a"), m)).not.toEqual(taggedHash(makeTag("b"), m))
  })
})

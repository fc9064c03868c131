/** The engine's SHA-256 (crypto/sha256.ts) equals @noble/hashes at every length and the FIPS 180-4 vectors. */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { sha256 as nobleSha256 } from "@noble/hashes/sha2"
import { concatBytes, toHex, utf8 } from "../codec/bytes.ts"
import { sha256, sha256Concat, sha256Text } from "../crypto/sha256.ts"

describe("engine SHA-256", () => {
  it("matches the FIPS 180-4 / NIST example vectors", () => {
    expect(toHex(sha256(new Uint8Array(0)))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    expect(toHex(sha256Text("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    expect(toHex(sha256Text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    )
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  })

  it("matches noble on every message length 0..1100 (every padding case, multi-block)", () => {
    for (let n = 0; n <= 1100; n++) {
      const m = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n * 7 + 3) & 0xff)
      expect(sha256(m)).toEqual(nobleSha256(m))
    }
  })

  it("a digest is a fresh array: later hashes do not change it", () => {
    const a = sha256Text("a")
    const copy = Uint8Array.from(a)
    sha256Text("b")
    sha256Concat(utf8("c"), utf8("d"))
    expect(a).toEqual(copy)
  })

  it("sha256Concat equals noble of the concatenation, and a subarray input hashes its own bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), fc.nat(40), (parts, skip) => {
        const whole = concatBytes(...parts)
        expect(sha256Concat(...parts)).toEqual(nobleSha256(whole))
        const view = whole.subarray(Math.min(skip, whole.length))
        expect(sha256(view)).toEqual(nobleSha256(view))
      }),
      { numRuns: 300 }
    )
  })
})

/**
 * Threshold BLS12-381 (engine/crypto/bls-threshold.ts): a dealt 3-of-4 sharing recovers one and the
 * same signature from any 3 partials, it verifies with the group key, fewer partials recover
 * nothing, a bad partial spoils the recovery (and is caught by its share key), and the seed decides
 * the leader. A BlsCache (decoded keys, hashed messages) changes no answer, even when it holds
 * one entry and evicts on every call. Pairings are slow (~25 ms), so the checks are few and exact.
 */
import { describe, expect, it } from "vitest"
import { bytesEqual, utf8 } from "../../codec/bytes.ts"
import { BlsCache, blsSign, blsVerify, dealSharing, G1_IDENTITY_BYTES, groupKey, recoverSignature, sharePublicKey } from "../../crypto/bls-threshold.ts"
import { sha256 } from "../../crypto/sha256.ts"
import { leaderAfter } from "../leader.ts"
import { NS_SEED, viewBytes } from "../messages.ts"

const dealt = dealSharing(sha256(utf8("bls-test-dealer")), 4, 3)
const share = (i: number): Uint8Array => dealt.shares[i] ?? new Uint8Array(32)
const partial = (i: number, view: number) => ({ index: i, signature: blsSign(share(i), NS_SEED, viewBytes(view)) })

describe("threshold BLS seed", () => {
  const view = 7
  const p = [0, 1, 2, 3].map((i) => partial(i, view))

  it("any 3 of 4 partials recover the same signature, which verifies with the group key", () => {
    const a = recoverSignature(3, [p[0]!, p[1]!, p[2]!])
    const b = recoverSignature(3, [p[3]!, p[1]!, p[0]!])
    expect(a).not.toBeNull()
    expect(bytesEqual(a ?? new Uint8Array(), b ?? new Uint8Array(1))).toBe(true)
    expect(blsVerify(groupKey(dealt.sharing), NS_SEED, viewBytes(view), a ?? new Uint8Array())).toBe(true)
    // not valid for another view: the seed is bound to its view
    expect(blsVerify(groupKey(dealt.sharing), NS_SEED, viewBytes(view + 1), a ?? new Uint8Array())).toBe(false)
  })

  it("two partials recover nothing; duplicate indices are refused", () => {
    expect(recoverSignature(3, [p[0]!, p[1]!])).toBeNull()
    expect(recoverSignature(3, [p[0]!, p[0]!, p[1]!])).toBeNull()
  })

  it("a partial verifies against its own share key only; a wrong one spoils recovery", () => {
    expect(blsVerify(sharePublicKey(dealt.sharing, 1), NS_SEED, viewBytes(view), p[1]!.signature)).toBe(true)
    expect(blsVerify(sharePublicKey(dealt.sharing, 2), NS_SEED, viewBytes(view), p[1]!.signature)).toBe(false)
    const forged = { index: 2, signature: partial(2, view + 1).signature }
    const bad = recoverSignature(3, [p[0]!, p[1]!, forged])
    expect(blsVerify(groupKey(dealt.sharing), NS_SEED, viewBytes(view), bad ?? new Uint8Array())).toBe(false)
  })

  it("malformed input is false or null, never a throw", () => {
    expect(blsVerify(groupKey(dealt.sharing), NS_SEED, viewBytes(view), new Uint8Array(48))).toBe(false)
    expect(blsVerify(new Uint8Array(96), NS_SEED, viewBytes(view), p[0]!.signature)).toBe(false)
    expect(recoverSignature(3, [p[0]!, p[1]!, { index: 2, signature: new Uint8Array(48).fill(7) }])).toBeNull()
    expect(() => dealSharing(new Uint8Array(31), 4, 3)).toThrow(RangeError)
    expect(() => dealSharing(new Uint8Array(32), 4, 5)).toThrow(RangeError)
  })

  it("a BlsCache gives the uncached answers: same signatures, same verdicts, malformed keys not kept", () => {
    const seed = recoverSignature(3, [p[0]!, p[1]!, p[2]!]) ?? new Uint8Array()
    const group = groupKey(dealt.sharing)
    for (const cache of [new BlsCache(), new BlsCache(1)]) {
      expect(bytesEqual(blsSign(share(1), NS_SEED, viewBytes(view), cache), p[1]!.signature)).toBe(true)
      // twice each: the second call answers from the cache (or after an eviction, for entries_max 1)
      for (let round = 0; round < 2; round++) {
        expect(blsVerify(group, NS_SEED, viewBytes(view), seed, cache)).toBe(true)
        expect(blsVerify(group, NS_SEED, viewBytes(view + 1), seed, cache)).toBe(false)
        expect(blsVerify(sharePublicKey(dealt.sharing, 1), NS_SEED, viewBytes(view), p[1]!.signature, cache)).toBe(true)
        expect(blsVerify(sharePublicKey(dealt.sharing, 2), NS_SEED, viewBytes(view), p[1]!.signature, cache)).toBe(false)
        expect(blsVerify(new Uint8Array(96), NS_SEED, viewBytes(view), p[0]!.signature, cache)).toBe(false)
        expect(blsVerify(group, NS_SEED, viewBytes(view), new Uint8Array(48), cache)).toBe(false)
      }
    }
    // a recovery remembered in the cache verifies as its bytes do; a spoiled one still fails
    const cache = new BlsCache()
    const again = recoverSignature(3, [p[3]!, p[2]!, p[1]!], cache) ?? new Uint8Array()
    expect(bytesEqual(again, seed)).toBe(true)
    expect(blsVerify(group, NS_SEED, viewBytes(view), again, cache)).toBe(true)
    expect(blsVerify(group, NS_SEED, viewBytes(view + 1), again, cache)).toBe(false)
    const spoiled = recoverSignature(3, [p[0]!, p[1]!, { index: 2, signature: partial(2, view + 1).signature }], cache) ?? new Uint8Array()
    expect(blsVerify(group, NS_SEED, viewBytes(view), spoiled, cache)).toBe(false)
    expect(() => new BlsCache(0)).toThrow(RangeError)
  })

  it("the leader of view 1 comes from the G1 identity; later leaders from the previous seed", () => {
    expect(G1_IDENTITY_BYTES[0]).toBe(0xc0)
    expect(G1_IDENTITY_BYTES.slice(1).every((b) => b === 0)).toBe(true)
    // be_mod folds big-endian: 0xC0 · 256^47 mod 4 = 0
    expect(leaderAfter(G1_IDENTITY_BYTES, 4)).toBe(0)
    expect(leaderAfter(Uint8Array.from([1, 2]), 7)).toBe(258 % 7)
  })
})

import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Either } from "effect"
import { fromHex, toHex } from "../codec/bytes.ts"
import { defaultChainConfig, makeChainConfig, parseAdminKeys } from "../chain/config.ts"
import { InvalidChainConfig } from "../errors.ts"
import { PublicKey } from "../schema/primitives.ts"
import { actorSigner, signBytes, signerFromSecret, signTransaction } from "../tx/sign.ts"
import { nobleVerifier, publicKeyProblem, signatureProblem, SMALL_ORDER_ENCODINGS, verifyTransaction } from "../tx/verify.ts"
import { nodeVerifier } from "../tx/verify-node.ts"
import { encodeTransaction, readTransaction, signingMessage } from "../tx/transaction.ts"
import { ByteReader, utf8 } from "../codec/bytes.ts"
import { sha256Concat } from "../crypto/sha256.ts"

const SEED = 20261202
const NS = "_NULLSPACE_TX"
const L = 2n ** 252n + 27742317777372353535851937790883648493n
const leBytes = (n: bigint, len = 32): Uint8Array => Uint8Array.from({ length: len }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
const leNumber = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n)
const identity = fromHex("0100000000000000000000000000000000000000000000000000000000000000")
const order2 = fromHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
/** y = p + 1 ≡ 1: a non-canonical encoding of the identity */
const pPlus1 = fromHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
const concat = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b])

describe("ed25519: the reviewed universal forgeries are refused by both paths", () => {
  // F1 of the reliability review: R = identity, S = 0 verifies "for any message" under these keys
  // when only the curve equation is checked ([0]B = identity = R + [k]A for A of small order)
  const zeroS = new Uint8Array(32)
  for (const [name, key, problem] of [
    ["identity 01 00…00", identity, "key_small_order"],
    ["order-2 point", order2, "key_small_order"],
    ["y = p + 1", pPlus1, "key_non_canonical"]
  ] as const) {
    it(`public key = ${name}, R = identity, S = 0`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 100 }), (message) => {
          const sig = concat(identity, zeroS)
          expect(signatureProblem(key, sig)).toBe(problem)
          expect(nobleVerifier.verify(key, message, sig)).toBe(false)
          expect(nodeVerifier.verify(key, message, sig)).toBe(false)
        }),
        { seed: SEED, numRuns: 30 }
      )
    })
  }

  it("a valid signature with S + L (same value mod L) is refused", () => {
    const alice = actorSigner("alice")
    const msg = Uint8Array.from([1, 2, 3])
    const sig = signBytes(alice.secret, msg)
    const sPlusL = leNumber(sig.subarray(32)) + L
    expect(sPlusL < 2n ** 256n).toBe(true)
    const malleated = concat(sig.subarray(0, 32), leBytes(sPlusL))
    for (const v of [nobleVerifier, nodeVerifier]) {
      expect(v.verify(fromHex(alice.public_key), msg, sig)).toBe(true)
      expect(v.verify(fromHex(alice.public_key), msg, malleated)).toBe(false)
    }
  })
})

describe("ed25519: noble (portable) and node:crypto (fast path) agree", () => {
  it("on valid signatures and on every single-byte corruption of key, message or signature", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom("key", "message", "signature", "none"),
        (secret, message, position, flip, target) => {
          const signer = signerFromSecret(secret)
          const pk = fromHex(signer.public_key)
          const sig = signBytes(secret, message)
          const key = Uint8Array.from(pk)
          const msg = Uint8Array.from(message)
          const s = Uint8Array.from(sig)
          if (target === "key") key[position % 32]! ^= flip
          if (target === "signature") s[position % 64]! ^= flip
          if (target === "message" && msg.length > 0) msg[position % msg.length]! ^= flip
          const a = nobleVerifier.verify(key, msg, s)
          const b = nodeVerifier.verify(key, msg, s)
          expect(a).toBe(b)
          if (target === "none" || (target === "message" && msg.length === 0)) expect(a).toBe(true)
          else expect(a).toBe(false)
        }
      ),
      { seed: SEED, numRuns: 300 }
    )
  })

  it("on hostile structure: small-order or non-canonical A or R, S ≥ L, random bytes", () => {
    const hostilePoints = [...SMALL_ORDER_ENCODINGS, pPlus1, fromHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    let refused = 0
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom("A", "R", "S", "AR", "random"),
        fc.nat(hostilePoints.length - 1),
        fc.uint8Array({ minLength: 96, maxLength: 96 }),
        (secret, message, what, which, random) => {
          const signer = signerFromSecret(secret)
          let key = fromHex(signer.public_key)
          let sig = signBytes(secret, message)
          const point = hostilePoints[which] ?? identity
          if (what === "A" || what === "AR") key = point
          if (what === "R" || what === "AR") sig = concat(point, sig.subarray(32))
          if (what === "S") sig = concat(sig.subarray(0, 32), leBytes((leNumber(sig.subarray(32)) % L) + L * BigInt(1 + (which % 15))))
          if (what === "random") {
            key = random.subarray(0, 32)
            sig = random.subarray(32)
          }
          const a = nobleVerifier.verify(key, message, sig)
          expect(nodeVerifier.verify(key, message, sig)).toBe(a)
          expect(a).toBe(false)
          refused++
        }
      ),
      { seed: SEED, numRuns: 400 }
    )
    expect(refused).toBe(400)
  })

  it("rejects wrong-length keys and signatures without throwing", () => {
    for (const v of [nobleVerifier, nodeVerifier]) {
      expect(v.verify(new Uint8Array(31), new Uint8Array(1), new Uint8Array(64))).toBe(false)
      expect(v.verify(new Uint8Array(32), new Uint8Array(1), new Uint8Array(63))).toBe(false)
    }
  })

  it("a signed transaction verifies, survives its binary round trip, and fails under another key", () => {
    const alice = actorSigner("alice")
    const tx = signTransaction(alice, 5n, { _tag: "CasinoDeposit", amount: 1000n })
    expect(verifyTransaction(nodeVerifier, tx, NS)).toBe(true)
    expect(verifyTransaction(nobleVerifier, tx, NS)).toBe(true)
    const back = readTransaction(new ByteReader(encodeTransaction(tx)))
    expect(back).toEqual(tx)
    const forged = { ...tx, public_key: actorSigner("mallory").public_key }
    expect(verifyTransaction(nodeVerifier, forged, NS)).toBe(false)
    expect(verifyTransaction(nobleVerifier, forged, NS)).toBe(false)
  })
})

describe("per-network transaction namespace", () => {
  it("the signed message is varint(len(ns)) || ns || nonce BE || instruction", () => {
    const msg = signingMessage(0x0102n, { _tag: "ProcessEpoch" }, "_NET_A_TX")
    expect(msg[0]).toBe(9)
    expect(new TextDecoder().decode(msg.slice(1, 10))).toBe("_NET_A_TX")
    expect(toHex(msg.slice(10, 18))).toBe("0000000000000102")
    expect(new TextDecoder().decode(signingMessage(0n, { _tag: "ProcessEpoch" }).slice(1, 14))).toBe("_NULLSPACE_TX")
  })

  it("a transaction signed for network A fails verification for network B (both paths)", () => {
    const a = defaultChainConfig([], "_NET_A_TX")
    const b = defaultChainConfig([], "_NET_B_TX")
    const tx = signTransaction(actorSigner("alice"), 0n, { _tag: "CasinoRegister", name: "alice" }, a.transaction_namespace)
    for (const v of [nobleVerifier, nodeVerifier]) {
      expect(verifyTransaction(v, tx, a.transaction_namespace)).toBe(true)
      expect(verifyTransaction(v, tx, b.transaction_namespace)).toBe(false)
    }
  })
})

describe("chain config refuses weak and malformed admin keys (typed error)", () => {
  const weak = [identity, order2, pPlus1, ...SMALL_ORDER_ENCODINGS].map((b) => toHex(b))
  it("every small-order or non-canonical key", () => {
    for (const k of weak) {
      expect(publicKeyProblem(fromHex(k))).not.toBeNull()
      const r = makeChainConfig({ admin_keys: [actorSigner("admin").public_key, k], transaction_namespace: NS })
      expect(Either.isLeft(r)).toBe(true)
      if (Either.isLeft(r)) expect(r.left).toBeInstanceOf(InvalidChainConfig)
      expect(() => defaultChainConfig([PublicKey.make(k)])).toThrow(InvalidChainConfig)
      expect(() => parseAdminKeys(`${actorSigner("admin").public_key},${k}`)).toThrow(InvalidChainConfig)
    }
  })
  it("malformed entries fail the whole list instead of being dropped; good lists parse", () => {
    expect(() => parseAdminKeys("zz,0x1234")).toThrow(InvalidChainConfig)
    expect(() => parseAdminKeys(`${actorSigner("a").public_key} ${actorSigner("a").public_key}`)).toThrow(InvalidChainConfig)
    const good = [actorSigner("a").public_key, actorSigner("b").public_key]
    expect(parseAdminKeys(` 0x${good[0]?.toUpperCase()} ,\n${good[1]} `)).toEqual(good)
    expect(parseAdminKeys("")).toEqual([])
    expect(Either.isLeft(makeChainConfig({ admin_keys: [], transaction_namespace: "" }))).toBe(true)
  })
})

describe("named actors' keys", () => {
  it("are SHA-256(\"nullspace/actor/\" || name) seeds, the same object for the same name, distinct across names", () => {
    const names = Array.from({ length: 40 }, (_, i) => `memo-actor-${i}`)
    const first = names.map(actorSigner)
    for (const [i, s] of first.entries()) {
      // derived afresh, the memo's signer has the same secret and public key
      const fresh = signerFromSecret(s.secret)
      expect(fresh.public_key).toBe(s.public_key)
      expect(actorSigner(names[i] ?? "")).toBe(s)
    }
    expect(new Set(first.map((s) => s.public_key)).size).toBe(names.length)
    // a known derivation: the key of "alice" (conformance vectors use this actor)
    const alice = actorSigner("alice")
    expect(alice.public_key).toBe(signerFromSecret(sha256Concat(utf8("nullspace/actor/"), utf8("alice"))).public_key)
  })
})

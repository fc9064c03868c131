import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { fromHex } from "../codec/bytes.ts"
import { actorSigner, signBytes, signerFromSecret, signTransaction } from "../tx/sign.ts"
import { nobleVerifier, verifyTransaction } from "../tx/verify.ts"
import { nodeVerifier } from "../tx/verify-node.ts"
import { encodeTransaction, readTransaction, signingMessage } from "../tx/transaction.ts"
import { ByteReader } from "../codec/bytes.ts"

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
      { numRuns: 300 }
    )
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
    expect(verifyTransaction(nodeVerifier, tx)).toBe(true)
    expect(verifyTransaction(nobleVerifier, tx)).toBe(true)
    const back = readTransaction(new ByteReader(encodeTransaction(tx)))
    expect(back).toEqual(tx)
    const forged = { ...tx, public_key: actorSigner("mallory").public_key }
    expect(verifyTransaction(nodeVerifier, forged)).toBe(false)
    expect(verifyTransaction(nobleVerifier, forged)).toBe(false)
  })

  it("signatures are domain separated: the signed message starts with the namespace", () => {
    const msg = signingMessage(0n, { _tag: "ProcessEpoch" })
    expect(new TextDecoder().decode(msg.slice(1, 14))).toBe("_NULLSPACE_TX")
    expect(msg[0]).toBe(13)
  })
})

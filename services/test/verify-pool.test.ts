/** The worker pool answers exactly as the single-thread verifiers do, in order, and stays bounded. */
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { fromHex } from "../../engine/codec/bytes.ts"
import { signBytes, signerFromSecret } from "../../engine/tx/sign.ts"
import { nobleVerifier } from "../../engine/tx/verify.ts"
import { nodeVerifier } from "../../engine/tx/verify-node.ts"
import speccheck from "../../engine/test/vectors/ed25519-speccheck.json" with { type: "json" }
import { startVerifyPool, VerifyPoolBusy, VerifyPoolClosed, type VerifyItem, type VerifyPool } from "../node/verify-pool.ts"

const SEED = 20261202

const item = fc
  .tuple(
    fc.uint8Array({ minLength: 32, maxLength: 32 }),
    fc.uint8Array({ maxLength: 120 }),
    fc.constantFrom("valid", "flip-sig", "flip-msg", "weak-key", "short-sig"),
    fc.nat()
  )
  .map(([secret, message, kind, n]): VerifyItem => {
    const pk = fromHex(signerFromSecret(secret).public_key)
    const sig = Uint8Array.from(signBytes(secret, message))
    if (kind === "flip-sig") sig[n % 64]! ^= 1 + (n % 255)
    const msg = Uint8Array.from(message)
    if (kind === "flip-msg" && msg.length > 0) msg[n % msg.length]! ^= 1
    if (kind === "weak-key") return { public_key: fromHex("01" + "00".repeat(31)), message: msg, signature: fromHex("01" + "00".repeat(63)) }
    if (kind === "short-sig") return { public_key: pk, message: msg, signature: sig.subarray(0, 63) }
    return { public_key: pk, message: msg, signature: sig }
  })

describe("verify pool", () => {
  let pool: VerifyPool
  beforeAll(async () => {
    pool = await startVerifyPool({ workers: 3 })
  })
  afterAll(() => pool.close())

  it("gives the single-thread answers, in order, on random batches", async () => {
    let valid = 0
    let invalid = 0
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 60 }), async (items) => {
        const expected = items.map((it) => nodeVerifier.verify(it.public_key, it.message, it.signature))
        expect(items.map((it) => nobleVerifier.verify(it.public_key, it.message, it.signature))).toEqual(expected)
        expect(await pool.verifyBatch(items)).toEqual(expected)
        for (const e of expected) e ? valid++ : invalid++
      }),
      { seed: SEED, numRuns: 25 }
    )
    expect(valid).toBeGreaterThan(0)
    expect(invalid).toBeGreaterThan(0)
  })

  it("gives the single-thread answers on the 12 speccheck edge cases, and on a large batch split across workers", async () => {
    const cases = speccheck.cases.map((c) => ({ public_key: fromHex(c.public_key), message: fromHex(c.message), signature: fromHex(c.signature) }))
    expect(await pool.verifyBatch(cases)).toEqual(speccheck.cases.map((c) => c.strict_valid))
    const big = Array.from({ length: 1_500 }, (_, i) => cases[i % cases.length]!)
    expect(await pool.verifyBatch(big)).toEqual(big.map((it) => nodeVerifier.verify(it.public_key, it.message, it.signature)))
  })

  it("refuses a batch that would overflow its bounded queue, and every batch once closed", async () => {
    const small = await startVerifyPool({ workers: 1, queue_chunks_max: 2 })
    const it1 = { public_key: new Uint8Array(32), message: new Uint8Array(0), signature: new Uint8Array(64) }
    const first = small.verifyBatch(Array.from({ length: 1_024 }, () => it1)) // 2 chunks: one runs, one waits
    await expect(small.verifyBatch(Array.from({ length: 1_024 }, () => it1))).rejects.toBeInstanceOf(VerifyPoolBusy)
    await expect(small.verifyBatch(Array.from({ length: 3 * 512 }, () => it1))).rejects.toBeInstanceOf(VerifyPoolBusy)
    expect(await first).toEqual(Array.from({ length: 1_024 }, () => false))
    expect(await small.verifyBatch([it1])).toEqual([false])
    await small.close()
    await expect(small.verifyBatch([it1])).rejects.toBeInstanceOf(VerifyPoolClosed)
  })
})

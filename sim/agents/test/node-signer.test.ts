/**
 * The node:crypto signer's key import (JWK, the fast path) signs byte-identically to the engine's
 * portable signer for many keys, not only one: seeded actor names, every instruction shape the
 * runner signs most (register, deposit, start, move).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { actorSigner, signTransaction } from "../../../engine/tx/sign.ts"
import { nodeSignTransaction } from "../node-signer.ts"

describe("nodeSignTransaction", () => {
  it("equals signTransaction for seeded signers, nonces and instructions", () => {
    const seed = 0x5eed_8
    console.log(`node-signer property seed ${seed}`)
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 24 }), fc.bigInt({ min: 0n, max: 1n << 40n }), fc.bigInt({ min: 1n, max: 1_000_000n }), (name, nonce, amount) => {
        const s = actorSigner(name)
        for (const ix of [
          { _tag: "CasinoRegister", name: "p" },
          { _tag: "CasinoDeposit", amount },
          { _tag: "StartGame", game_type: 6, bet: amount, session_id: nonce }
        ] as const)
          expect(nodeSignTransaction(s, nonce, ix)).toEqual(signTransaction(s, nonce, ix))
      }),
      { seed, numRuns: 40 }
    )
  })

  it("keeps one key per signer: a second signature with the same signer is the same bytes", () => {
    const s = actorSigner("repeat")
    const ix = { _tag: "CasinoDeposit", amount: 5n } as const
    expect(nodeSignTransaction(s, 3n, ix).signature).toBe(nodeSignTransaction(s, 3n, ix).signature)
    expect(nodeSignTransaction(s, 4n, ix).signature).not.toBe(nodeSignTransaction(s, 3n, ix).signature)
  })
})

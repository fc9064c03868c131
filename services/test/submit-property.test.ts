/**
 * Property: a rejected submission changes nothing (mempool, state root, height, view). Every run
 * starts its own server from genesis and closes it, so runs are independent and fast-check's
 * shrinking and replay of a counterexample (seed + path) reproduce it exactly.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { assertCoveringAsync } from "../../test/coverage.ts"
import { SignatureHex } from "../../engine/schema/primitives.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { encodeSubmission, type DevServer } from "../server.ts"
import { post, signer, snapshot, startTestServer, tx } from "./helpers.ts"

const actors = [0, 1, 2, 3].map((i) => signer(`property/${i}`))

/** how a generated transaction's nonce relates to its account's next executed nonce */
const NonceShift = fc.constantFrom(-1, 0, 0, 1, 2, 3, 64, 200)

const TxSpec = fc.record({
  actor: fc.nat({ max: actors.length - 1 }),
  shift: NonceShift,
  badSignature: fc.nat({ max: 11 }).map((n) => n === 0),
  amount: fc.bigInt({ min: 0n, max: 1_000n })
})

const Op = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("batch" as const), txs: fc.array(TxSpec, { minLength: 1, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("garbage" as const), bytes: fc.uint8Array({ minLength: 0, maxLength: 300 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("block" as const) }) }
)

const REJECTIONS: Record<string, number> = {
  MalformedTransaction: 400,
  BadSignature: 400,
  NonceReplay: 409,
  NonceGap: 400,
  OversizedSubmission: 413,
  MempoolFull: 503
}

describe("property: a rejected submission never changes anything", () => {
  it("holds over random batches of valid and invalid transactions", async () => {
    const seen: Record<string, number> = {}
    await assertCoveringAsync(
      fc.array(Op, { minLength: 1, maxLength: 8 }),
      async (ops) => {
        const server: DevServer = await startTestServer({ config: { mempool: { transactions_max: 40, per_account_max: 64, ttl_blocks: 1_024 } } })
        try {
          for (const op of ops) {
            if (op.kind === "block") {
              await server.produceNow()
              continue
            }
            let body: Uint8Array
            if (op.kind === "garbage") body = op.bytes
            else {
              const txs: Transaction[] = op.txs.map((t) => {
                const who = actors[t.actor]
                if (who === undefined) throw new Error(`no actor ${t.actor}`)
                const next = server.devChain.chain.nonceOf(who.public_key)
                const nonce = next + BigInt(t.shift) < 0n ? 0n : next + BigInt(t.shift)
                const signed = tx(who, nonce, next === 0n && nonce === 0n ? { _tag: "CasinoRegister", name: `p${t.actor}` } : { _tag: "CasinoDeposit", amount: t.amount })
                return t.badSignature ? { ...signed, signature: SignatureHex.make(signed.signature.slice(2) + signed.signature.slice(0, 2)) } : signed
              })
              body = encodeSubmission(txs)
            }
            const before = snapshot(server)
            const r = await post(server, body)
            const outcome = r.status === 200 ? "accepted" : String(r.body["error"])
            seen[outcome] = (seen[outcome] ?? 0) + 1
            if (r.status === 200) {
              expect(server.devChain.mempool.size).toBe(before.mempool_size + Number(r.body["accepted"]))
            } else {
              const tag = String(r.body["error"])
              expect(REJECTIONS[tag]).toBe(r.status)
              expect(snapshot(server)).toEqual(before)
            }
          }
        } finally {
          await server.close()
        }
      },
      () => {
        // both sides of the property were exercised
        expect(seen["accepted"] ?? 0).toBeGreaterThan(0)
        expect(Object.keys(seen).filter((k) => k !== "accepted").length).toBeGreaterThan(2)
      },
      { numRuns: 30 }
    )
  })
})

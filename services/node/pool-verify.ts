/**
 * The worker pool doing the signature part of admission and block verification.
 *
 * Protocol: the pool only ever ADDS successes to the verified-signature cache
 * (engine/tx/verified-cache.ts, keyed by namespace, id and signature). The judge stays the
 * single-thread path: `verifyTransactionCached` at /submit and `verifyBlock` on a block both look
 * a transaction up in that cache and verify it themselves when it is not there. So a signature
 * the pool refused (a forgery, a weak key, a worker that failed) is checked again on the main
 * thread and refused there with the same error, index and message: the pool can make
 * verification faster, never more permissive. Only batches of at least POOL_BATCH_MIN
 * transactions go to the pool (a worker round trip costs more than a few verifications).
 */
import { Context, Effect, Layer } from "effect"
import { fromHex } from "../../engine/codec/bytes.ts"
import { signingMessage, transactionId, type Transaction } from "../../engine/tx/transaction.ts"
import { VerifiedSignatures } from "../../engine/tx/verified-cache.ts"
import { publicKeyProblem } from "../../engine/tx/verify.ts"
import { startVerifyPool, type VerifyItem, type VerifyPool } from "./verify-pool.ts"

/** smaller batches are verified on the calling thread */
export const POOL_BATCH_MIN = 16
/** the most transactions one pre-verification sends to the pool (a block's worth, several blocks on replay) */
export const POOL_PREVERIFY_MAX = 65_536

/**
 * Verify the signatures of `txs` under `namespace` on the pool and remember the successes in
 * `verified`. Resolves to the number of signatures newly remembered; never rejects (a pool failure
 * leaves the work to the single-thread path).
 */
export const preverify = async (pool: VerifyPool, txs: ReadonlyArray<Transaction>, namespace: string, verified: VerifiedSignatures): Promise<number> => {
  if (txs.length < POOL_BATCH_MIN) return 0
  if (txs.length > POOL_PREVERIFY_MAX) throw new RangeError(`preverify: ${txs.length} transactions exceed POOL_PREVERIFY_MAX (${POOL_PREVERIFY_MAX})`)
  const keys: string[] = []
  const items: VerifyItem[] = []
  for (const tx of txs) {
    const key = VerifiedSignatures.key(tx, namespace, transactionId(tx))
    if (verified.has(key)) continue
    const public_key = fromHex(tx.public_key)
    // weak keys never verify; the single-thread path names them
    if (publicKeyProblem(public_key) !== null) continue
    keys.push(key)
    items.push({ public_key, message: signingMessage(tx.nonce, tx.instruction, namespace), signature: fromHex(tx.signature) })
  }
  if (items.length === 0) return 0
  let answers: boolean[]
  try {
    answers = await pool.verifyBatch(items)
  } catch {
    return 0
  }
  let added = 0
  answers.forEach((ok, i) => {
    const key = keys[i]
    if (ok && key !== undefined) {
      verified.add(key)
      added++
    }
  })
  return added
}

/** The node's verify pool, or none (verification stays on the main thread). */
export class NodeVerifyPool extends Context.Tag("nullspace/services/NodeVerifyPool")<NodeVerifyPool, { readonly pool: VerifyPool | null }>() {}

/** No pool: everything verifies on the calling thread (the default for tests and tools). */
export const NoVerifyPool = Layer.succeed(NodeVerifyPool, { pool: null })

/** A pool of `workers` threads for the node's lifetime; 0 workers = no pool. */
export const NodeVerifyPoolLive = (workers: number) =>
  workers <= 0
    ? NoVerifyPool
    : Layer.scoped(
        NodeVerifyPool,
        Effect.map(
          Effect.acquireRelease(
            Effect.promise(() => startVerifyPool({ workers })),
            (pool) => Effect.promise(() => pool.close())
          ),
          (pool) => ({ pool })
        )
      )

/** Pre-verify on the node's pool when there is one and the batch is worth it. */
export const preverifyEffect = (pool: VerifyPool | null, txs: ReadonlyArray<Transaction>, namespace: string, verified: VerifiedSignatures): Effect.Effect<number> =>
  pool === null || txs.length < POOL_BATCH_MIN ? Effect.succeed(0) : Effect.promise(() => preverify(pool, txs, namespace, verified))

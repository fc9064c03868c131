/**
 * Submit processing (chain-and-services.md §3.4, with note 5 applied: signatures ARE verified
 * here), cheapest check first so that refused input costs no signature work (review F7):
 *   1. decode exactly (submission.ts);
 *   2. judge keys, nonces, replays, duplicates and room against the mempool (DevChain.check,
 *      the engine Mempool's rules) — a replayed batch of executed or pending transactions is
 *      refused here;
 *   3. verify every signature under the network's transaction namespace, skipping those in the
 *      verified-signature cache (bounded LRU, engine/tx/verified-cache.ts; keyed by id AND
 *      signature); successes are remembered. With a worker pool (config verify_pool_workers) a
 *      batch is first verified there (node/pool-verify.ts), which only fills the cache;
 *   4. admit the whole batch to the mempool or nothing (re-checks 2).
 * A rejected submission changes nothing.
 */
import { Context, Effect, Layer, Option } from "effect"
import { MempoolFull } from "../../engine/chain/mempool.ts"
import { BadSignature } from "../../engine/errors.ts"
import { transactionId } from "../../engine/tx/transaction.ts"
import { verifyTransactionCached } from "../../engine/tx/verified-cache.ts"
import { SignatureVerifier } from "../../engine/tx/verify.ts"
import type { AdmissionRejected } from "../../engine/chain/mempool.ts"
import { MempoolFeed } from "../fanout/mempool-feed.ts"
import { DevChain } from "../node/dev-chain.ts"
import { preverifyEffect } from "../node/pool-verify.ts"
import { mempoolFullFailure, serviceFailure, transactionFailure, type ApiFailure } from "./errors.ts"
import { ApiMetrics } from "./metrics.ts"
import { decodeSubmission } from "./submission.ts"

export interface SubmitAccepted {
  readonly accepted: number
  readonly tx_ids: ReadonlyArray<string>
}

export interface SubmitShape {
  readonly submit: (body: Uint8Array) => Effect.Effect<SubmitAccepted, ApiFailure>
}

export class Submit extends Context.Tag("nullspace/services/Submit")<Submit, SubmitShape>() {}

const admissionFailure = (r: AdmissionRejected): ApiFailure =>
  r.error instanceof MempoolFull ? mempoolFullFailure(r.error, r.index) : transactionFailure(r.error, r.index)

export const SubmitLive = Layer.effect(
  Submit,
  Effect.gen(function* () {
    const devChain = yield* DevChain
    const verifier = yield* SignatureVerifier
    const metrics = yield* ApiMetrics
    // admitted batches go to /mempool subscribers and the other indexers (when the API runs one)
    const mempool = yield* Effect.serviceOption(MempoolFeed)
    const namespace = devChain.chain.config.transaction_namespace

    const judge = (body: Uint8Array): Effect.Effect<SubmitAccepted, ApiFailure> =>
      Effect.suspend(() => {
        const halted = devChain.halted()
        if (halted !== null) return Effect.fail(serviceFailure("ChainHalted", `the dev chain is halted: ${halted}`))
        const decoded = decodeSubmission(body)
        if ("_tag" in decoded) return Effect.fail(transactionFailure(decoded.error, decoded.index))
        const early = devChain.check(decoded)
        if (early !== null) return Effect.fail(admissionFailure(early))
        const tx_ids = decoded.map((tx) => transactionId(tx))
        // a batch's signatures on the worker pool first (it only remembers successes), then the
        // single-thread judge below, which finds them in the cache and refuses what is not there
        return preverifyEffect(devChain.pool, decoded, namespace, devChain.verified).pipe(
          Effect.zipRight(
            Effect.suspend(() => {
              for (let i = 0; i < decoded.length; i++) {
                const tx = decoded[i]
                if (tx === undefined || !verifyTransactionCached(verifier, tx, namespace, devChain.verified, tx_ids[i]))
                  return Effect.fail(transactionFailure(new BadSignature({ message: `transaction ${i} does not carry a valid signature of its key` }), i))
              }
              return devChain.admit(decoded).pipe(
                Effect.mapError(admissionFailure),
                Effect.tap(() => (Option.isSome(mempool) ? mempool.value.admitted(decoded, tx_ids) : Effect.void)),
                Effect.as({ accepted: decoded.length, tx_ids })
              )
            })
          )
        )
      })

    return {
      submit: (body) =>
        judge(body).pipe(
          Effect.tap((ok) =>
            Effect.sync(() => {
              metrics.submit.accepted_submissions++
              metrics.submit.accepted_transactions += ok.accepted
            })
          ),
          Effect.tapError((f) => Effect.sync(() => metrics.countRejection(f.body.error)))
        )
    }
  })
)

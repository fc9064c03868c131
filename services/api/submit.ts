/**
 * Submit processing (chain-and-services.md §3.4, with note 5 applied: signatures ARE verified
 * here): decode exactly, verify every signature, then admit the whole batch to the dev chain's
 * mempool or nothing. A rejected submission changes nothing.
 */
import { Context, Effect, Layer } from "effect"
import { MempoolFull } from "../../engine/chain/mempool.ts"
import { BadSignature } from "../../engine/errors.ts"
import { transactionId } from "../../engine/tx/transaction.ts"
import { SignatureVerifier, verifyTransaction } from "../../engine/tx/verify.ts"
import { DevChain } from "../node/dev-chain.ts"
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

export const SubmitLive = Layer.effect(
  Submit,
  Effect.gen(function* () {
    const devChain = yield* DevChain
    const verifier = yield* SignatureVerifier
    const metrics = yield* ApiMetrics

    const judge = (body: Uint8Array): Effect.Effect<SubmitAccepted, ApiFailure> =>
      Effect.suspend(() => {
        const halted = devChain.halted()
        if (halted !== null) return Effect.fail(serviceFailure("ChainHalted", `the dev chain is halted: ${halted}`))
        const decoded = decodeSubmission(body)
        if ("_tag" in decoded) return Effect.fail(transactionFailure(decoded.error, decoded.index))
        for (let i = 0; i < decoded.length; i++) {
          if (!verifyTransaction(verifier, decoded[i]!, devChain.chain.config.transaction_namespace))
            return Effect.fail(transactionFailure(new BadSignature({ message: `transaction ${i} does not carry a valid signature of its key` }), i))
        }
        return devChain.admit(decoded).pipe(
          Effect.mapError((r) => (r.error instanceof MempoolFull ? mempoolFullFailure(r.error, r.index) : transactionFailure(r.error, r.index))),
          Effect.as({ accepted: decoded.length, tx_ids: decoded.map((tx) => transactionId(tx)) })
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

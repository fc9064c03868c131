/**
 * The casino chain as the relayer sees it: the API's bridge reads (services/bridge/http.ts), the
 * admin key's nonce, and admin-signed submissions that are followed until they executed (the
 * key's nonce moved past them). Whether an instruction succeeded is read back from state (a
 * deposit source credited, a withdrawal fulfilled or refunded), never assumed from admission.
 */
import { Context, Duration, Effect, Layer, Schema } from "effect"
import { BridgeWithdrawal } from "../../engine/economy/bridge/bridge.ts"
import type { Instruction } from "../../engine/tx/instruction.ts"
import { signTransaction, type Signer } from "../../engine/tx/sign.ts"
import { TRANSACTION_NAMESPACE } from "../../engine/chain/constants.ts"
import { encodeSubmission } from "../api/submission.ts"
import { BridgeAnswer, BridgeWithdrawalAnswer } from "./http.ts"
import { CasinoApiUnavailable, CasinoExecutionTimeout, CasinoSubmitRejected, describeError } from "./errors.ts"

const REQUEST_TIMEOUT_MS = 10_000
/** at most this many instructions per submission (the API's per-submission limit is far above) */
export const SUBMIT_BATCH_MAX = 64

export interface BridgeView {
  readonly now_s: bigint
  readonly next_withdrawal_id: bigint
  readonly paused: boolean
}

/** a withdrawal record as the chain holds it, and whether it was refunded (then it is never fulfilled) */
export type WithdrawalRead = BridgeWithdrawal & { readonly refunded: boolean }

export interface CasinoApiShape {
  readonly bridge: () => Effect.Effect<BridgeView, CasinoApiUnavailable>
  readonly withdrawal: (id: bigint) => Effect.Effect<WithdrawalRead | null, CasinoApiUnavailable>
  readonly depositCredited: (sourceHex: string) => Effect.Effect<boolean, CasinoApiUnavailable>
  /** sign with the admin key, submit as one batch, wait until every one executed */
  readonly submitAdmin: (ixs: ReadonlyArray<Instruction>) => Effect.Effect<void, CasinoApiUnavailable | CasinoSubmitRejected | CasinoExecutionTimeout>
  readonly adminKey: string
}

export class CasinoApi extends Context.Tag("nullspace/services/bridge/CasinoApi")<CasinoApi, CasinoApiShape>() {}

const decodeBridge = Schema.decodeUnknown(BridgeAnswer)
const decodeWithdrawalAnswer = Schema.decodeUnknown(BridgeWithdrawalAnswer)
const decodeWithdrawal = Schema.decodeUnknown(BridgeWithdrawal)
const decodeDeposit = Schema.decodeUnknown(Schema.Struct({ credited: Schema.Boolean }))
const decodeAccount = Schema.decodeUnknown(Schema.Struct({ nonce: Schema.BigInt }))
const decodeRejection = Schema.decodeUnknownEither(Schema.Struct({ error: Schema.String, message: Schema.String }))

export interface CasinoApiOptions {
  readonly api_url: string
  readonly signer: Signer
  readonly namespace?: string
  /** how long a submission may take to execute */
  readonly execution_timeout_ms: number
}

export const casinoApiLayer = (o: CasinoApiOptions): Layer.Layer<CasinoApi> =>
  Layer.succeed(
    CasinoApi,
    (() => {
      const base = o.api_url.replace(/\/$/, "")
      const namespace = o.namespace ?? TRANSACTION_NAMESPACE
      const request = (p: string, init?: RequestInit) =>
        Effect.tryPromise({
          try: async () => {
            const res = await fetch(`${base}${p}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
            const body: unknown = await res.json()
            return { status: res.status, body }
          },
          catch: (e) => new CasinoApiUnavailable({ message: `${p}: ${describeError(e)}` })
        })
      const getOk = <A>(p: string, decode: (u: unknown) => Effect.Effect<A, unknown>) =>
        request(p).pipe(
          Effect.flatMap(({ status, body }) =>
            status === 200
              ? decode(body).pipe(Effect.mapError((e) => new CasinoApiUnavailable({ message: `${p}: unexpected answer: ${describeError(e)}` })))
              : Effect.fail(new CasinoApiUnavailable({ message: `${p}: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}` }))
          )
        )
      const nonce = () => Effect.map(getOk(`/account/${o.signer.public_key}`, decodeAccount), (a) => a.nonce)
      return {
        adminKey: o.signer.public_key,
        bridge: () =>
          Effect.map(getOk("/bridge", decodeBridge), (b) => ({
            now_s: BigInt(b.now_s),
            next_withdrawal_id: BigInt(b.state.next_withdrawal_id),
            paused: b.policy.bridge_paused
          })),
        withdrawal: (id) =>
          Effect.flatMap(getOk(`/bridge/withdrawal/${id}`, decodeWithdrawalAnswer), (a) =>
            a.withdrawal === null
              ? Effect.succeed(null)
              : decodeWithdrawal(a.withdrawal).pipe(
                  Effect.map((w) => ({ ...w, refunded: a.status === "refunded" })),
                  Effect.mapError((e) => new CasinoApiUnavailable({ message: `/bridge/withdrawal/${id}: unexpected answer: ${describeError(e)}` }))
                )
          ),
        depositCredited: (sourceHex) => Effect.map(getOk(`/bridge/deposit/${sourceHex.replace(/^0x/, "")}`, decodeDeposit), (a) => a.credited),
        submitAdmin: (ixs) =>
          Effect.gen(function* () {
            if (ixs.length === 0) return
            const first = yield* nonce()
            const txs = ixs.slice(0, SUBMIT_BATCH_MAX).map((ix, i) => signTransaction(o.signer, first + BigInt(i), ix, namespace))
            const { status, body } = yield* request("/submit", {
              method: "POST",
              body: new Uint8Array(encodeSubmission(txs)),
              headers: { "content-type": "application/octet-stream" }
            })
            if (status !== 200) {
              const r = decodeRejection(body)
              return yield* Effect.fail(
                new CasinoSubmitRejected({ error: r._tag === "Right" ? r.right.error : `HTTP ${status}`, message: r._tag === "Right" ? r.right.message : JSON.stringify(body).slice(0, 300) })
              )
            }
            const target = first + BigInt(txs.length)
            const deadline = Date.now() + o.execution_timeout_ms
            // bounded by the execution timeout: poll the nonce until the batch executed
            while ((yield* nonce()) < target) {
              if (Date.now() > deadline) return yield* Effect.fail(new CasinoExecutionTimeout({ message: `nonce ${target} not reached within ${o.execution_timeout_ms} ms` }))
              yield* Effect.sleep(Duration.millis(50))
            }
          })
      }
    })()
  )

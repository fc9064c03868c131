/**
 * The bridge's read routes on the API (what the relayer reads; mounted by services/api/routes.ts):
 *   GET /bridge                    bridge state, refund totals, what is outstanding, the bridge policy and the
 *                                  chain clock at the executed view
 *   GET /bridge/withdrawal/:id     one withdrawal record (or null), its status (pending, finalized,
 *                                  refunded) and its refund row (or null)
 *   GET /bridge/deposit/:source    whether a deposit source (hex, 1–64 bytes) was credited
 * Rows are encoded with the engine's own schemas; nothing here decides a rule.
 */
import { HttpRouter, HttpServerResponse } from "@effect/platform"
import { Effect, Schema } from "effect"
import { clockAt } from "../../engine/chain/clock.ts"
import { BridgeRefund, BridgeRefundTotals, BridgeState, BridgeWithdrawal, bridgeDepositSources } from "../../engine/economy/bridge/bridge.ts"
import { policyState } from "../../engine/economy/policy-state.ts"
import { readBridge, readBridgeWithdrawal } from "../../engine/read/read-model.ts"
import { BridgeWithdrawalStatus } from "../../engine/read/views.ts"
import { serviceFailure } from "../api/errors.ts"
import { parseU64Decimal } from "../api/u64-param.ts"
import { DevChain } from "../node/dev-chain.ts"

const encodeState = Schema.encodeSync(BridgeState)
const encodeWithdrawal = Schema.encodeSync(BridgeWithdrawal)
const encodeRefund = Schema.encodeSync(BridgeRefund)
const encodeRefundTotals = Schema.encodeSync(BridgeRefundTotals)

const json = (status: number, body: unknown) => HttpServerResponse.text(JSON.stringify(body), { status, contentType: "application/json" })
const invalid = (message: string) => {
  const f = serviceFailure("InvalidParameter", message)
  return json(f.status, f.body)
}

export const BridgePolicyView = Schema.Struct({
  bridge_paused: Schema.Boolean,
  bridge_daily_limit: Schema.String,
  bridge_daily_limit_per_account: Schema.String,
  bridge_min_withdraw: Schema.String,
  bridge_max_withdraw: Schema.String,
  bridge_delay_secs: Schema.String
})

/** the /bridge answer */
export const BridgeAnswer = Schema.Struct({
  height: Schema.String,
  view: Schema.String,
  now_s: Schema.String,
  state: Schema.encodedSchema(BridgeState),
  refunds: Schema.encodedSchema(BridgeRefundTotals),
  /** withdrawn − deposited − refunded (never below 0) */
  outstanding: Schema.String,
  policy: BridgePolicyView
})

/** the /bridge/withdrawal/:id answer */
export const BridgeWithdrawalAnswer = Schema.Struct({
  id: Schema.String,
  withdrawal: Schema.NullOr(Schema.encodedSchema(BridgeWithdrawal)),
  status: Schema.NullOr(BridgeWithdrawalStatus),
  refund: Schema.NullOr(Schema.encodedSchema(BridgeRefund))
})

export const bridgeRouter = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/bridge",
    Effect.map(DevChain, (c) => {
      const p = policyState.get(c.chain.store)
      const b = readBridge(c.chain.store)
      return json(200, {
        height: c.chain.height.toString(),
        view: c.chain.view.toString(),
        now_s: clockAt(c.chain.view).now_s.toString(),
        state: encodeState(b.state),
        refunds: encodeRefundTotals(b.refunds),
        outstanding: b.outstanding.toString(),
        policy: {
          bridge_paused: p.bridge_paused,
          bridge_daily_limit: p.bridge_daily_limit.toString(),
          bridge_daily_limit_per_account: p.bridge_daily_limit_per_account.toString(),
          bridge_min_withdraw: p.bridge_min_withdraw.toString(),
          bridge_max_withdraw: p.bridge_max_withdraw.toString(),
          bridge_delay_secs: p.bridge_delay_secs.toString()
        }
      })
    })
  ),
  HttpRouter.get(
    "/bridge/withdrawal/:id",
    Effect.gen(function* () {
      const params = yield* HttpRouter.params
      const id = parseU64Decimal(params["id"] ?? "")
      if (id === null) return invalid("id must be a decimal u64")
      const c = yield* DevChain
      const w = readBridgeWithdrawal(c.chain.store, id)
      return json(200, {
        id: id.toString(),
        withdrawal: w === undefined ? null : encodeWithdrawal(w.withdrawal),
        status: w === undefined ? null : w.status,
        refund: w === undefined || w.refund === null ? null : encodeRefund(w.refund)
      })
    })
  ),
  HttpRouter.get(
    "/bridge/deposit/:source",
    Effect.gen(function* () {
      const params = yield* HttpRouter.params
      const source = (params["source"] ?? "").toLowerCase()
      if (!/^(?:[0-9a-f]{2}){1,64}$/.test(source)) return invalid("source must be 1..64 bytes of hex")
      const c = yield* DevChain
      const row = bridgeDepositSources.get(c.chain.store, source)
      return json(200, { source, credited: row !== undefined, credited_ts: row === undefined ? null : row.credited_ts.toString() })
    })
  )
)

/** Bridge state and withdrawal records (economy.md §1.9, §2.31–2.33). */
import { Schema } from "effect"
import { PublicKey, U64 } from "../../schema/primitives.ts"
import { defineSingleton, defineTable } from "../../state/store.ts"
import { BridgeRefundReason } from "./refund-reason.ts"

export const BridgeState = Schema.Struct({
  daily_day: U64,
  daily_withdrawn: U64,
  total_withdrawn: U64,
  total_deposited: U64,
  next_withdrawal_id: U64
})
export type BridgeState = typeof BridgeState.Type

export const bridgeState = defineSingleton("bridge_state", BridgeState, () => ({
  daily_day: 0n,
  daily_withdrawn: 0n,
  total_withdrawn: 0n,
  total_deposited: 0n,
  next_withdrawal_id: 0n
}))

export const BridgeWithdrawal = Schema.Struct({
  id: U64,
  player: PublicKey,
  amount: U64,
  destination: Schema.Uint8ArrayFromHex,
  requested_ts: U64,
  available_ts: U64,
  fulfilled: Schema.Boolean
})
export type BridgeWithdrawal = typeof BridgeWithdrawal.Type

export const bridgeWithdrawals = defineTable("bridge_withdrawal", BridgeWithdrawal)

/** processed deposit source identifiers (hex), so a deposit can never be credited twice (B12) */
export const bridgeDepositSources = defineTable("bridge_deposit_source", Schema.Struct({ credited_ts: U64 }))

/**
 * Refunded withdrawals, keyed by withdrawal id (economy.md §2.34). Kept apart from the withdrawal
 * record so that chains without refunds keep their exact state bytes: a withdrawal is refunded
 * iff it has a row here, and then it is never fulfilled.
 */
export const BridgeRefund = Schema.Struct({
  amount: U64,
  reason: BridgeRefundReason,
  admin: PublicKey,
  refunded_ts: U64
})
export type BridgeRefund = typeof BridgeRefund.Type

export const bridgeRefunds = defineTable("bridge_refund", BridgeRefund)

/** running totals of refunds: withdrawn − deposited − refunded is what the EVM side may still hold */
export const BridgeRefundTotals = Schema.Struct({ total_refunded: U64, refund_count: U64 })
export type BridgeRefundTotals = typeof BridgeRefundTotals.Type

export const bridgeRefundTotals = defineSingleton("bridge_refund_totals", BridgeRefundTotals, () => ({ total_refunded: 0n, refund_count: 0n }))

/**
 * Why a pending bridge withdrawal is refunded (economy.md §2.34): the lockbox owner cancelled it,
 * the relayer blocked it (over its ceiling, undeliverable destination) past its deadline, or an
 * operator decided. The order is the wire order (one byte: the index).
 */
import { Schema } from "effect"

export const BRIDGE_REFUND_REASONS = ["cancelled_on_lockbox", "blocked_by_relayer", "operator"] as const

export const BridgeRefundReason = Schema.Literal(...BRIDGE_REFUND_REASONS)
export type BridgeRefundReason = typeof BridgeRefundReason.Type

/**
 * RefundBridgeWithdrawal (economy.md §2.34): the bridge operator (an admin key, authorised by
 * dispatch like FinalizeBridgeWithdrawal) returns a pending withdrawal's RNG to its player when
 * the EVM side will never release it — the lockbox owner cancelled it, or the relayer blocked it
 * (over its ceiling, an undeliverable destination). Exactly once: a refunded withdrawal has a
 * `bridge_refund` row, and neither a second refund nor a finalization is accepted afterwards; a
 * finalized one cannot be refunded. The RNG BridgeWithdraw burned is minted back (house
 * `chips_minted`), so the supply laws hold; the refunded total lowers what deposits may bring
 * back. Daily withdrawal counters are not given back (the cap counts requests). Allowed while
 * the bridge is paused: a pause stops flows, it must not trap RNG.
 */
import { U64_MAX } from "../../codec/bytes.ts"
import { AmountOverflow, BridgeWithdrawalAlreadyFinalized, BridgeWithdrawalAlreadyRefunded, BridgeWithdrawalNotFound, PlayerNotFound } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { players } from "../../casino/player.ts"
import { bridgeRefunds, bridgeRefundTotals, bridgeWithdrawals } from "./bridge.ts"

export const refundBridgeWithdrawal: Handler<"RefundBridgeWithdrawal"> = (ctx, ix) => {
  const key = ix.withdrawal_id.toString()
  const w = bridgeWithdrawals.get(ctx.store, key)
  if (w === undefined) return new BridgeWithdrawalNotFound({ message: `no withdrawal ${ix.withdrawal_id}` })
  if (bridgeRefunds.has(ctx.store, key)) return new BridgeWithdrawalAlreadyRefunded({ message: `withdrawal ${ix.withdrawal_id} was already refunded` })
  if (w.fulfilled) return new BridgeWithdrawalAlreadyFinalized({ message: `withdrawal ${ix.withdrawal_id} was finalized: its RNG left for the EVM chain` })
  const p = players.get(ctx.store, w.player)
  if (p === undefined) return new PlayerNotFound({ message: "the withdrawing player is not registered" })
  if (p.chips + w.amount > U64_MAX) return new AmountOverflow({ message: "the refund would overflow the player's chips" })
  const h = house.get(ctx.store)
  if (h.chips_minted + w.amount > U64_MAX) return new AmountOverflow({ message: "the refund would overflow chips minted" })
  const totals = bridgeRefundTotals.get(ctx.store)
  players.put(ctx.store, w.player, { ...p, chips: p.chips + w.amount })
  house.put(ctx.store, { ...h, chips_minted: h.chips_minted + w.amount })
  bridgeRefunds.put(ctx.store, key, { amount: w.amount, reason: ix.reason, admin: ctx.signer, refunded_ts: ctx.clock.now_s })
  bridgeRefundTotals.put(ctx.store, { total_refunded: totals.total_refunded + w.amount, refund_count: totals.refund_count + 1n })
  ctx.emit({ _tag: "BridgeWithdrawalRefunded", id: w.id, admin: ctx.signer, player: w.player, amount: w.amount, reason: ix.reason, refunded_ts: ctx.clock.now_s })
  return undefined
}

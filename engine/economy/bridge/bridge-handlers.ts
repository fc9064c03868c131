/**
 * The bridge (economy.md §2.31–2.33). Withdrawals lock RNG for the EVM chain within daily caps and
 * after a delay; deposits credit RNG coming back. Fixes (B12): deposits respect the pause, each
 * `source` is credited at most once, and deposits can never exceed what was withdrawn (the EVM
 * side is canonical: nothing arrives that did not leave, and nothing refunded arrives). Paused by
 * default: phase 1 is an island. Refunds live in bridge-refund.ts.
 */
import { toHex } from "../../codec/bytes.ts"
import { BridgeWithdrawalAlreadyRefunded, InstructionDisabled, InsufficientFunds, InvalidMove, PlayerNotFound, RateLimited } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { players } from "../../casino/player.ts"
import { policyState } from "../policy-state.ts"
import { bridgeDepositSources, bridgeRefunds, bridgeRefundTotals, bridgeState, bridgeWithdrawals } from "./bridge.ts"

const paused = () => new InstructionDisabled({ message: "Bridge is paused" })

export const bridgeWithdraw: Handler<"BridgeWithdraw"> = (ctx, ix) => {
  const policy = policyState.get(ctx.store)
  if (ix.amount === 0n) return new InvalidMove({ message: "withdraw a positive amount" })
  if (ix.destination.length !== 20 && ix.destination.length !== 32) return new InvalidMove({ message: "destination must be 20 or 32 bytes" })
  if (policy.bridge_paused) return paused()
  if (policy.bridge_daily_limit === 0n || policy.bridge_daily_limit_per_account === 0n) return new InstructionDisabled({ message: "Bridge limits not configured" })
  if (policy.bridge_min_withdraw > 0n && ix.amount < policy.bridge_min_withdraw) return new InvalidMove({ message: `below the minimum ${policy.bridge_min_withdraw}` })
  if (policy.bridge_max_withdraw > 0n && ix.amount > policy.bridge_max_withdraw) return new InvalidMove({ message: `above the maximum ${policy.bridge_max_withdraw}` })
  const stored = players.get(ctx.store, ctx.signer)
  if (stored === undefined) return new PlayerNotFound({ message: "register first" })
  if (stored.chips < ix.amount) return new InsufficientFunds({ message: "Insufficient RNG", required: ix.amount, available: stored.chips })
  const day = ctx.clock.day
  const b0 = bridgeState.get(ctx.store)
  const b = b0.daily_day === day ? b0 : { ...b0, daily_day: day, daily_withdrawn: 0n }
  const p = stored.bridge_daily_day === day ? stored : { ...stored, bridge_daily_day: day, bridge_daily_withdrawn: 0n }
  if (b.daily_withdrawn + ix.amount > policy.bridge_daily_limit) return new RateLimited({ message: "Bridge daily cap reached" })
  if (p.bridge_daily_withdrawn + ix.amount > policy.bridge_daily_limit_per_account) return new RateLimited({ message: "Account bridge daily cap reached" })
  const id = b.next_withdrawal_id
  const available_ts = ctx.clock.now_s + policy.bridge_delay_secs
  players.put(ctx.store, ctx.signer, { ...p, chips: p.chips - ix.amount, bridge_daily_withdrawn: p.bridge_daily_withdrawn + ix.amount })
  bridgeState.put(ctx.store, {
    ...b,
    daily_withdrawn: b.daily_withdrawn + ix.amount,
    total_withdrawn: b.total_withdrawn + ix.amount,
    next_withdrawal_id: id + 1n
  })
  bridgeWithdrawals.put(ctx.store, id.toString(), {
    id,
    player: ctx.signer,
    amount: ix.amount,
    destination: ix.destination,
    requested_ts: ctx.clock.now_s,
    available_ts,
    fulfilled: false
  })
  house.update(ctx.store, (h) => ({ ...h, chips_burned: h.chips_burned + ix.amount }))
  ctx.emit({
    _tag: "BridgeWithdrawalRequested",
    id,
    player: ctx.signer,
    amount: ix.amount,
    destination: ix.destination,
    requested_ts: ctx.clock.now_s,
    available_ts
  })
  return undefined
}

export const bridgeDeposit: Handler<"BridgeDeposit"> = (ctx, ix) => {
  const policy = policyState.get(ctx.store)
  if (ix.amount === 0n) return new InvalidMove({ message: "deposit a positive amount" })
  if (ix.source.length === 0) return new InvalidMove({ message: "a deposit names its source transaction" })
  if (policy.bridge_paused) return paused()
  const p = players.get(ctx.store, ix.recipient)
  if (p === undefined) return new PlayerNotFound({ message: "the recipient is not registered" })
  const sourceKey = toHex(ix.source)
  if (bridgeDepositSources.has(ctx.store, sourceKey)) return new InvalidMove({ message: "this source was already credited" })
  const b = bridgeState.get(ctx.store)
  // refunded withdrawals never reached the EVM side: they cannot come back as deposits (§2.34)
  const refunded = bridgeRefundTotals.get(ctx.store).total_refunded
  if (b.total_deposited + ix.amount + refunded > b.total_withdrawn) {
    const outstanding = b.total_withdrawn - b.total_deposited - refunded
    return new InvalidMove({ message: `deposits cannot exceed withdrawals (${outstanding > 0n ? outstanding : 0n} outstanding)` })
  }
  players.put(ctx.store, ix.recipient, { ...p, chips: p.chips + ix.amount })
  bridgeState.put(ctx.store, { ...b, total_deposited: b.total_deposited + ix.amount })
  bridgeDepositSources.put(ctx.store, sourceKey, { credited_ts: ctx.clock.now_s })
  house.update(ctx.store, (h) => ({ ...h, chips_minted: h.chips_minted + ix.amount }))
  ctx.emit({ _tag: "BridgeDepositCredited", admin: ctx.signer, player: ix.recipient, amount: ix.amount, source: ix.source })
  return undefined
}

export const finalizeBridgeWithdrawal: Handler<"FinalizeBridgeWithdrawal"> = (ctx, ix) => {
  if (ix.source.length === 0) return new InvalidMove({ message: "finalization names its source transaction" })
  const w = bridgeWithdrawals.get(ctx.store, ix.withdrawal_id.toString())
  if (w === undefined) return new InvalidMove({ message: `no withdrawal ${ix.withdrawal_id}` })
  if (bridgeRefunds.has(ctx.store, ix.withdrawal_id.toString())) return new BridgeWithdrawalAlreadyRefunded({ message: `withdrawal ${ix.withdrawal_id} was refunded: it can never be finalized` })
  if (w.fulfilled) return new InvalidMove({ message: "withdrawal already fulfilled" })
  if (ctx.clock.now_s < w.available_ts) return new RateLimited({ message: `withdrawal delay not elapsed (available at ${w.available_ts})` })
  bridgeWithdrawals.put(ctx.store, ix.withdrawal_id.toString(), { ...w, fulfilled: true })
  ctx.emit({ _tag: "BridgeWithdrawalFinalized", id: w.id, admin: ctx.signer, amount: w.amount, source: ix.source, fulfilled_ts: ctx.clock.now_s })
  return undefined
}

/**
 * Swap (economy.md §2.3): constant product with the fee kept in the pool, a dynamic sell tax
 * that is burned, per-account daily caps by direction, slippage protection. Atomic: every check
 * happens before any write.
 */
import { InsufficientFunds, InvalidBet, InvalidMove, PlayerNotFound } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { players } from "../../casino/player.ts"
import { policyState } from "../policy-state.ts"
import { bpsOf } from "../../math.ts"
import { dailyAllowance, quote, sellTaxBps } from "./math.ts"
import { ammPool } from "./pool.ts"
import { invalidAmm, poolProblem } from "./validity.ts"

export const swap: Handler<"Swap"> = (ctx, ix) => {
  const stored = players.get(ctx.store, ctx.signer)
  if (stored === undefined) return new PlayerNotFound({ message: "register before swapping" })
  if (ix.amount_in === 0n) return new InvalidBet({ message: "a swap needs a positive amount" })
  const policy = policyState.get(ctx.store)
  const pool = ammPool.get(ctx.store)
  if (poolProblem(pool) !== null) return invalidAmm(pool)
  if (pool.reserve_rng === 0n || pool.reserve_vusdt === 0n) return new InvalidMove({ message: "AMM has zero liquidity" })
  const p = stored.daily_flow_day === ctx.clock.day ? stored : { ...stored, daily_flow_day: ctx.clock.day, daily_net_buy: 0n, daily_net_sell: 0n }
  const fee_bps = BigInt(pool.fee_basis_points)

  if (ix.is_buying_rng) {
    if (p.vusdt_balance < ix.amount_in)
      return new InsufficientFunds({ message: "Insufficient vUSDT", required: ix.amount_in, available: p.vusdt_balance })
    const allowed = dailyAllowance(p.vusdt_balance, pool.reserve_vusdt, policy.max_daily_buy_bps_balance, policy.max_daily_buy_bps_pool)
    const after = p.daily_net_buy + ix.amount_in
    if (after > allowed) return new InvalidMove({ message: `Daily buy limit exceeded (${after} > ${allowed})` })
    const q = quote(ix.amount_in, pool.reserve_vusdt, pool.reserve_rng, fee_bps)
    if (q === null) return invalidAmm(pool)
    if (q.out < ix.min_amount_out) return new InvalidMove({ message: `Slippage limit exceeded (${q.out} < ${ix.min_amount_out})` })
    const next = { ...pool, reserve_vusdt: pool.reserve_vusdt + ix.amount_in, reserve_rng: pool.reserve_rng - q.out }
    players.put(ctx.store, ctx.signer, { ...p, vusdt_balance: p.vusdt_balance - ix.amount_in, chips: p.chips + q.out, daily_net_buy: after })
    ammPool.put(ctx.store, next)
    house.update(ctx.store, (h) => ({ ...h, accumulated_fees_vusdt: h.accumulated_fees_vusdt + q.fee }))
    ctx.emit({
      _tag: "AmmSwapped",
      player: ctx.signer,
      is_buying_rng: true,
      amount_in: ix.amount_in,
      amount_out: q.out,
      fee_amount: q.fee,
      burned_amount: 0n,
      reserve_rng: next.reserve_rng,
      reserve_vusdt: next.reserve_vusdt
    })
    return undefined
  }

  if (p.chips < ix.amount_in) return new InsufficientFunds({ message: "Insufficient RNG", required: ix.amount_in, available: p.chips })
  const allowed = dailyAllowance(p.chips, pool.reserve_rng, policy.max_daily_sell_bps_balance, policy.max_daily_sell_bps_pool)
  const after = p.daily_net_sell + ix.amount_in
  if (after > allowed) return new InvalidMove({ message: `Daily sell limit exceeded (${after} > ${allowed})` })
  const tax = sellTaxBps(policy, pool.reserve_rng, after)
  const burned = bpsOf(ix.amount_in, tax)
  const net_in = ix.amount_in - burned
  const q = quote(net_in, pool.reserve_rng, pool.reserve_vusdt, fee_bps)
  if (q === null) return invalidAmm(pool)
  if (q.out < ix.min_amount_out) return new InvalidMove({ message: `Slippage limit exceeded (${q.out} < ${ix.min_amount_out})` })
  const next = { ...pool, reserve_rng: pool.reserve_rng + net_in, reserve_vusdt: pool.reserve_vusdt - q.out }
  players.put(ctx.store, ctx.signer, { ...p, chips: p.chips - ix.amount_in, vusdt_balance: p.vusdt_balance + q.out, daily_net_sell: after })
  ammPool.put(ctx.store, next)
  house.update(ctx.store, (h) => ({
    ...h,
    total_burned: h.total_burned + burned,
    chips_burned: h.chips_burned + burned,
    accumulated_fees_rng: h.accumulated_fees_rng + q.fee
  }))
  ctx.emit({
    _tag: "AmmSwapped",
    player: ctx.signer,
    is_buying_rng: false,
    amount_in: ix.amount_in,
    amount_out: q.out,
    fee_amount: q.fee,
    burned_amount: burned,
    reserve_rng: next.reserve_rng,
    reserve_vusdt: next.reserve_vusdt
  })
  return undefined
}

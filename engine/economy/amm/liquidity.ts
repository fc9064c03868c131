/**
 * AddLiquidity / RemoveLiquidity (economy.md §2.4–2.5, §3.4). A deposit takes only what the
 * minted shares are worth (rounded up, in the pool's favour) and leaves the excess of the
 * non-binding side with the player (B28: no silent donation). The first deposit locks
 * MINIMUM_LIQUIDITY shares forever.
 */
import { InsufficientFunds, InvalidMove, PlayerNotFound } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { players } from "../../casino/player.ts"
import { depositForShares, isqrt, sharesForDeposit } from "./math.ts"
import { MINIMUM_LIQUIDITY, ammPool, lpBalances } from "./pool.ts"
import { invalidAmm, poolProblem } from "./validity.ts"

export const addLiquidity: Handler<"AddLiquidity"> = (ctx, ix) => {
  const pool = ammPool.get(ctx.store)
  if (poolProblem(pool) !== null) return invalidAmm(pool)
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register before providing liquidity" })
  if (ix.rng_amount === 0n || ix.usdt_amount === 0n) return new InvalidMove({ message: "Zero liquidity not allowed" })
  if (p.chips < ix.rng_amount) return new InsufficientFunds({ message: "Insufficient funds (RNG)", required: ix.rng_amount, available: p.chips })
  if (p.vusdt_balance < ix.usdt_amount)
    return new InsufficientFunds({ message: "Insufficient funds (vUSDT)", required: ix.usdt_amount, available: p.vusdt_balance })
  let minted: bigint
  let rng: bigint
  let usdt: bigint
  let total: bigint
  if (pool.total_shares === 0n) {
    const s = isqrt(ix.rng_amount * ix.usdt_amount)
    if (s <= MINIMUM_LIQUIDITY) return new InvalidMove({ message: "Initial liquidity too small" })
    minted = s - MINIMUM_LIQUIDITY
    rng = ix.rng_amount
    usdt = ix.usdt_amount
    total = s
  } else {
    minted = sharesForDeposit(ix.rng_amount, ix.usdt_amount, pool.reserve_rng, pool.reserve_vusdt, pool.total_shares)
    if (minted === 0n) return new InvalidMove({ message: "Deposit too small" })
    rng = depositForShares(minted, pool.reserve_rng, pool.total_shares)
    usdt = depositForShares(minted, pool.reserve_vusdt, pool.total_shares)
    total = pool.total_shares + minted
  }
  const next = { ...pool, reserve_rng: pool.reserve_rng + rng, reserve_vusdt: pool.reserve_vusdt + usdt, total_shares: total }
  const lp = (lpBalances.get(ctx.store, ctx.signer)?.shares ?? 0n) + minted
  players.put(ctx.store, ctx.signer, { ...p, chips: p.chips - rng, vusdt_balance: p.vusdt_balance - usdt })
  ammPool.put(ctx.store, next)
  lpBalances.put(ctx.store, ctx.signer, { shares: lp })
  ctx.emit({
    _tag: "LiquidityAdded",
    player: ctx.signer,
    rng_amount: rng,
    vusdt_amount: usdt,
    shares_minted: minted,
    total_shares: next.total_shares,
    reserve_rng: next.reserve_rng,
    reserve_vusdt: next.reserve_vusdt,
    lp_balance: lp
  })
  return undefined
}

export const removeLiquidity: Handler<"RemoveLiquidity"> = (ctx, ix) => {
  if (ix.shares === 0n) return new InvalidMove({ message: "Remove a positive number of shares" })
  const pool = ammPool.get(ctx.store)
  if (poolProblem(pool) !== null) return invalidAmm(pool)
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register before removing liquidity" })
  const held = lpBalances.get(ctx.store, ctx.signer)?.shares ?? 0n
  if (held < ix.shares) return new InsufficientFunds({ message: "Not enough LP shares", required: ix.shares, available: held })
  const rng = (ix.shares * pool.reserve_rng) / pool.total_shares
  const usdt = (ix.shares * pool.reserve_vusdt) / pool.total_shares
  const next = { ...pool, reserve_rng: pool.reserve_rng - rng, reserve_vusdt: pool.reserve_vusdt - usdt, total_shares: pool.total_shares - ix.shares }
  players.put(ctx.store, ctx.signer, { ...p, chips: p.chips + rng, vusdt_balance: p.vusdt_balance + usdt })
  ammPool.put(ctx.store, next)
  if (held === ix.shares) lpBalances.delete(ctx.store, ctx.signer)
  else lpBalances.put(ctx.store, ctx.signer, { shares: held - ix.shares })
  ctx.emit({
    _tag: "LiquidityRemoved",
    player: ctx.signer,
    rng_amount: rng,
    vusdt_amount: usdt,
    shares_burned: ix.shares,
    total_shares: next.total_shares,
    reserve_rng: next.reserve_rng,
    reserve_vusdt: next.reserve_vusdt,
    lp_balance: held - ix.shares
  })
  return undefined
}

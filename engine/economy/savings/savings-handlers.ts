/** DepositSavings / WithdrawSavings / ClaimSavingsRewards (economy.md §2.11–2.12). */
import { InsufficientFunds, InvalidBet, InvalidMove, PlayerNotFound } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { players } from "../../casino/player.ts"
import { distribute, emptySavingsBalance, settle, sync } from "./distribute.ts"
import { savingsBalances, savingsPool } from "./savings.ts"

export const depositSavings: Handler<"DepositSavings"> = (ctx, ix) => {
  if (ix.amount === 0n) return new InvalidBet({ message: "deposit a positive amount" })
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register first" })
  if (p.vusdt_balance < ix.amount) return new InsufficientFunds({ message: "Insufficient vUSDT", required: ix.amount, available: p.vusdt_balance })
  const pool = savingsPool.get(ctx.store)
  const settled = settle(savingsBalances.get(ctx.store, ctx.signer) ?? emptySavingsBalance(), pool)
  // the new deposit joins at the current accumulator; interest that waited for depositors
  // (B24) is then spread over everyone deposited, this deposit included
  const after = sync({ ...settled, deposit_balance: settled.deposit_balance + ix.amount }, pool)
  players.put(ctx.store, ctx.signer, { ...p, vusdt_balance: p.vusdt_balance - ix.amount })
  savingsPool.put(ctx.store, distribute({ ...pool, total_deposits: pool.total_deposits + ix.amount }))
  savingsBalances.put(ctx.store, ctx.signer, after)
  ctx.emit({ _tag: "SavingsDeposited", player: ctx.signer, amount: ix.amount, new_balance: after.deposit_balance })
  return undefined
}

export const withdrawSavings: Handler<"WithdrawSavings"> = (ctx, ix) => {
  if (ix.amount === 0n) return new InvalidBet({ message: "withdraw a positive amount" })
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register first" })
  const pool = savingsPool.get(ctx.store)
  const settled = settle(savingsBalances.get(ctx.store, ctx.signer) ?? emptySavingsBalance(), pool)
  if (settled.deposit_balance < ix.amount)
    return new InsufficientFunds({ message: "Insufficient savings balance", required: ix.amount, available: settled.deposit_balance })
  const bal = sync({ ...settled, deposit_balance: settled.deposit_balance - ix.amount }, pool)
  players.put(ctx.store, ctx.signer, { ...p, vusdt_balance: p.vusdt_balance + ix.amount })
  savingsPool.put(ctx.store, { ...pool, total_deposits: pool.total_deposits - ix.amount })
  savingsBalances.put(ctx.store, ctx.signer, bal)
  ctx.emit({ _tag: "SavingsWithdrawn", player: ctx.signer, amount: ix.amount, new_balance: bal.deposit_balance })
  return undefined
}

export const claimSavingsRewards: Handler<"ClaimSavingsRewards"> = (ctx) => {
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register first" })
  const pool = savingsPool.get(ctx.store)
  const bal = settle(savingsBalances.get(ctx.store, ctx.signer) ?? emptySavingsBalance(), pool)
  const amount = bal.unclaimed_rewards
  if (amount === 0n) return new InvalidMove({ message: "No savings rewards to claim" })
  if (pool.total_rewards_paid + amount > pool.total_rewards_accrued) return new InvalidMove({ message: "Savings rewards exceed what was accrued" })
  players.put(ctx.store, ctx.signer, { ...p, vusdt_balance: p.vusdt_balance + amount })
  savingsPool.put(ctx.store, { ...pool, total_rewards_paid: pool.total_rewards_paid + amount })
  savingsBalances.put(ctx.store, ctx.signer, { ...bal, unclaimed_rewards: 0n })
  house.update(ctx.store, (h) => ({ ...h, vusdt_minted: h.vusdt_minted + amount }))
  ctx.emit({ _tag: "SavingsRewardsClaimed", player: ctx.signer, amount })
  return undefined
}

/**
 * Vault instructions (economy.md §2.6–2.9, §3.8, §3.10): create, deposit and withdraw
 * collateral, borrow and repay vUSDT. Borrowing is limited by the account tier's maximum LTV at
 * the borrow price (the lower of spot and a deviating oracle) and by the system debt ceiling.
 */
import { InsufficientFunds, InvalidBet, InvalidMove, PlayerNotFound } from "../../errors.ts"
import type { Handler, TxContext } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { players } from "../../casino/player.ts"
import { ammPool } from "../amm/pool.ts"
import { oracleState } from "../oracle/oracle.ts"
import { borrowPrice, collateralValue } from "../oracle/price.ts"
import { policyState } from "../policy-state.ts"
import { stakers } from "../staking/staker.ts"
import { touchVault } from "./ledger.ts"
import { maxLtvBps } from "./tier.ts"
import { vaults, type Vault } from "./vault.ts"
import { BPS, bpsOf, mulDivDown } from "../../math.ts"

const noVault = () => new InvalidMove({ message: "No vault: create one first" })

/** the most this owner may owe against `collateral` right now */
export const maxDebt = (ctx: TxContext, owner: string, collateral: bigint): bigint => {
  const policy = policyState.get(ctx.store)
  const price = borrowPrice(policy, ammPool.get(ctx.store), oracleState.get(ctx.store), ctx.clock.now_s)
  if (price.den === 0n) return 0n
  const ltv = maxLtvBps(policy, players.get(ctx.store, owner), stakers.get(ctx.store, owner)?.balance ?? 0n, ctx.clock.now_s)
  return mulDivDown(collateral * price.num, ltv, price.den * BPS)
}

export const createVault: Handler<"CreateVault"> = (ctx) => {
  if (!players.has(ctx.store, ctx.signer)) return new PlayerNotFound({ message: "register before opening a vault (B20)" })
  if (vaults.has(ctx.store, ctx.signer)) return new InvalidMove({ message: "Vault already exists" })
  const v: Vault = { collateral_rng: 0n, debt_vusdt: 0n, last_accrual_ts: ctx.clock.now_s, interest_remainder: 0n, created_ts: ctx.clock.now_s }
  vaults.put(ctx.store, ctx.signer, v)
  ctx.emit({ _tag: "VaultCreated", player: ctx.signer })
  return undefined
}

export const depositCollateral: Handler<"DepositCollateral"> = (ctx, ix) => {
  if (ix.amount === 0n) return new InvalidBet({ message: "deposit a positive amount" })
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register first" })
  const v = vaults.get(ctx.store, ctx.signer)
  if (v === undefined) return noVault()
  if (p.chips < ix.amount) return new InsufficientFunds({ message: "Insufficient RNG", required: ix.amount, available: p.chips })
  const next = { ...v, collateral_rng: v.collateral_rng + ix.amount }
  players.put(ctx.store, ctx.signer, { ...p, chips: p.chips - ix.amount })
  vaults.put(ctx.store, ctx.signer, next)
  ctx.emit({ _tag: "CollateralDeposited", player: ctx.signer, amount: ix.amount, new_collateral: next.collateral_rng })
  return undefined
}

export const withdrawCollateral: Handler<"WithdrawCollateral"> = (ctx, ix) => {
  if (ix.amount === 0n) return new InvalidBet({ message: "withdraw a positive amount" })
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register first" })
  const stored = vaults.get(ctx.store, ctx.signer)
  if (stored === undefined) return noVault()
  if (stored.collateral_rng < ix.amount)
    return new InsufficientFunds({ message: "Not enough collateral", required: ix.amount, available: stored.collateral_rng })
  const v = touchVault(ctx, ctx.signer, stored)
  const left = v.collateral_rng - ix.amount
  if (v.debt_vusdt > maxDebt(ctx, ctx.signer, left)) return new InvalidMove({ message: "Withdrawal would exceed the maximum LTV" })
  players.put(ctx.store, ctx.signer, { ...p, chips: p.chips + ix.amount })
  vaults.put(ctx.store, ctx.signer, { ...v, collateral_rng: left })
  ctx.emit({ _tag: "CollateralWithdrawn", player: ctx.signer, amount: ix.amount, new_collateral: left })
  return undefined
}

export const borrowUsdt: Handler<"BorrowUSDT"> = (ctx, ix) => {
  if (ix.amount === 0n) return new InvalidBet({ message: "borrow a positive amount" })
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register first" })
  const stored = vaults.get(ctx.store, ctx.signer)
  if (stored === undefined) return noVault()
  const v = touchVault(ctx, ctx.signer, stored)
  const policy = policyState.get(ctx.store)
  const newDebt = v.debt_vusdt + ix.amount
  if (newDebt > maxDebt(ctx, ctx.signer, v.collateral_rng)) return new InvalidMove({ message: "Borrow exceeds the maximum LTV" })
  if (policy.debt_ceiling_bps === 0) return new InvalidMove({ message: "Borrowing is switched off (debt ceiling 0)" })
  const pool = ammPool.get(ctx.store)
  const h = house.get(ctx.store)
  if (pool.total_shares > 0n) {
    const ceiling = bpsOf(pool.reserve_vusdt, policy.debt_ceiling_bps)
    if (h.total_vusdt_debt + ix.amount > ceiling) return new InvalidMove({ message: `System debt ceiling reached (${ceiling})` })
  }
  vaults.put(ctx.store, ctx.signer, { ...v, debt_vusdt: newDebt })
  players.put(ctx.store, ctx.signer, { ...p, vusdt_balance: p.vusdt_balance + ix.amount })
  house.put(ctx.store, { ...h, total_vusdt_debt: h.total_vusdt_debt + ix.amount, vusdt_minted: h.vusdt_minted + ix.amount })
  ctx.emit({ _tag: "VusdtBorrowed", player: ctx.signer, amount: ix.amount, new_debt: newDebt })
  return undefined
}

export const repayUsdt: Handler<"RepayUSDT"> = (ctx, ix) => {
  if (ix.amount === 0n) return new InvalidBet({ message: "repay a positive amount" })
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register first" })
  const stored = vaults.get(ctx.store, ctx.signer)
  if (stored === undefined) return noVault()
  const v = touchVault(ctx, ctx.signer, stored)
  const repay = ix.amount < v.debt_vusdt ? ix.amount : v.debt_vusdt
  if (repay === 0n) return new InvalidMove({ message: "No debt to repay" })
  if (p.vusdt_balance < repay) return new InsufficientFunds({ message: "Insufficient vUSDT", required: repay, available: p.vusdt_balance })
  const next = { ...v, debt_vusdt: v.debt_vusdt - repay, interest_remainder: v.debt_vusdt === repay ? 0n : v.interest_remainder }
  vaults.put(ctx.store, ctx.signer, next)
  players.put(ctx.store, ctx.signer, { ...p, vusdt_balance: p.vusdt_balance - repay })
  house.update(ctx.store, (h) => ({ ...h, total_vusdt_debt: h.total_vusdt_debt - repay, vusdt_burned: h.vusdt_burned + repay }))
  ctx.emit({ _tag: "VusdtRepaid", player: ctx.signer, amount: repay, new_debt: next.debt_vusdt })
  return undefined
}

export { collateralValue }

/** LiquidateVault (economy.md §2.10): anyone with the vUSDT may liquidate an unhealthy vault. */
import { InsufficientFunds, InvalidMove, PlayerNotFound } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { players } from "../../casino/player.ts"
import { ammPool } from "../amm/pool.ts"
import { oracleState } from "../oracle/oracle.ts"
import { liquidationPrice } from "../oracle/price.ts"
import { policyState } from "../policy-state.ts"
import { touchVault } from "./ledger.ts"
import { planLiquidation } from "./liquidation.ts"
import { vaults } from "./vault.ts"

export const liquidateVault: Handler<"LiquidateVault"> = (ctx, ix) => {
  const liquidator = players.get(ctx.store, ctx.signer)
  if (liquidator === undefined) return new PlayerNotFound({ message: "register before liquidating" })
  const stored = vaults.get(ctx.store, ix.target)
  if (stored === undefined) return new InvalidMove({ message: "No vault for that key" })
  const v = touchVault(ctx, ix.target, stored)
  const policy = policyState.get(ctx.store)
  const price = liquidationPrice(policy, ammPool.get(ctx.store), oracleState.get(ctx.store), ctx.clock.now_s)
  const plan = planLiquidation(v.debt_vusdt, v.collateral_rng, price, policy)
  if (typeof plan === "string") return new InvalidMove({ message: plan })
  // read the liquidator again: it may be the vault's owner, whose record touchVault left unchanged
  const payer = players.get(ctx.store, ctx.signer) ?? liquidator
  if (payer.vusdt_balance < plan.repay)
    return new InsufficientFunds({ message: "Insufficient vUSDT to liquidate", required: plan.repay, available: payer.vusdt_balance })
  const next = { ...v, debt_vusdt: v.debt_vusdt - plan.repay, collateral_rng: v.collateral_rng - plan.seized }
  vaults.put(ctx.store, ix.target, next)
  players.put(ctx.store, ctx.signer, { ...payer, vusdt_balance: payer.vusdt_balance - plan.repay, chips: payer.chips + plan.to_liquidator })
  house.update(ctx.store, (h) => ({
    ...h,
    total_vusdt_debt: h.total_vusdt_debt - plan.repay,
    vusdt_burned: h.vusdt_burned + plan.repay,
    penalty_rng: h.penalty_rng + plan.to_house
  }))
  ctx.emit({
    _tag: "VaultLiquidated",
    player: ctx.signer,
    target: ix.target,
    repay_amount: plan.repay,
    collateral_seized: plan.seized,
    remaining_debt: next.debt_vusdt,
    remaining_collateral: next.collateral_rng,
    penalty_to_house: plan.to_house
  })
  return undefined
}

/**
 * Liquidation (economy.md §3.11) with the repayment solved so the vault lands on the target LTV
 * after seizure (B5 fixed: a liquidation never leaves a vault less healthy):
 *   r = ⌈(D·10⁴ − G·V)·10⁴ / (10⁸ − G·(10⁴ + P))⌉, capped by the debt and by ⌊V·10⁴/(10⁴ + P)⌋.
 * The liquidator repays r vUSDT and receives r·(1 + W) worth of collateral; the rest of the
 * seized r·(1 + P) (the stability share) goes to the house as RNG (B6: no vUSDT is created from nothing).
 * Pure: returns the plan or why the vault is not liquidatable.
 */
import { BPS, divUp, mulDivDown } from "../../math.ts"
import type { Price } from "../amm/math.ts"
import type { Policy } from "../policy.ts"

export interface LiquidationPlan {
  readonly repay: bigint
  readonly seized: bigint
  readonly to_liquidator: bigint
  readonly to_house: bigint
}

/** LTV in bps at `price` (null when the collateral is worth nothing: unbounded) */
export const ltvBps = (debt: bigint, collateral: bigint, price: Price): bigint | null => {
  const cv = price.den === 0n ? 0n : (collateral * price.num) / price.den
  return cv === 0n ? null : mulDivDown(debt, BPS, cv)
}

export const isLiquidatable = (debt: bigint, collateral: bigint, price: Price, policy: Policy): boolean => {
  if (debt === 0n) return false
  const ltv = ltvBps(debt, collateral, price)
  return ltv === null || ltv > BigInt(policy.liquidation_threshold_bps)
}

export const planLiquidation = (debt: bigint, collateral: bigint, price: Price, policy: Policy): LiquidationPlan | string => {
  if (!isLiquidatable(debt, collateral, price, policy)) return "Vault is not eligible for liquidation"
  const cv = price.den === 0n ? 0n : (collateral * price.num) / price.den
  const G = BigInt(policy.liquidation_target_bps)
  const P = BigInt(policy.liquidation_penalty_bps)
  const W = BigInt(policy.liquidation_reward_bps)
  const denominator = BPS * BPS - G * (BPS + P)
  const numerator = (debt * BPS - G * cv) * BPS
  let repay = denominator > 0n && numerator > 0n ? divUp(numerator, denominator) : debt
  if (repay > debt) repay = debt
  const maxRepay = mulDivDown(cv, BPS, BPS + P)
  if (repay > maxRepay) repay = maxRepay
  if (repay === 0n) return "Vault collateral is too small to liquidate (bad debt: retire it from the recovery pool)"
  const seizeValue = mulDivDown(repay, BPS + P, BPS)
  const seizedRaw = mulDivDown(seizeValue, price.den, price.num)
  const seized = seizedRaw < collateral ? seizedRaw : collateral
  const rewardRaw = mulDivDown(mulDivDown(repay, BPS + W, BPS), price.den, price.num)
  const to_liquidator = rewardRaw < seized ? rewardRaw : seized
  return { repay, seized, to_liquidator, to_house: seized - to_liquidator }
}

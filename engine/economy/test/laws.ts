/**
 * The economy's conservation and solvency laws as functions of one snapshot, and the per-
 * transaction facts the properties compare against (liquidation eligibility, borrow limits,
 * daily swap allowances), written from economy.md §3 rather than borrowed from the handlers.
 */
import { accrue } from "../vault/accrue.ts"
import { borrowPrice, liquidationPrice } from "../oracle/price.ts"
import type { Price } from "../amm/math.ts"
import { ISSUANCE_CAP } from "../tournament/payout.ts"
import type { Policy } from "../policy.ts"
import { sum, type Snap } from "./harness.ts"

const BPS = 10_000n
const SCALE = 10n ** 18n

export interface SupplyLedger {
  readonly held: bigint
  readonly issued: bigint
}

/** RNG: Σ chips + Σ collateral + Σ staked + reserve + house game balance + reward pool + penalty RNG vs minted − burned */
export const rngLedger = (s: Snap): SupplyLedger => ({
  held:
    sum([...s.players.values()].map((p) => p.chips)) +
    sum([...s.vaults.values()].map((v) => v.collateral_rng)) +
    sum([...s.stakers.values()].map((x) => x.balance)) +
    s.pool.reserve_rng +
    s.house.game_balance +
    s.house.staking_reward_pool +
    s.house.penalty_rng,
  issued: s.house.chips_minted - s.house.chips_burned
})

/** vUSDT: Σ balances + reserve + savings deposits + recovery pool vs minted − burned */
export const vusdtLedger = (s: Snap): SupplyLedger => ({
  held: sum([...s.players.values()].map((p) => p.vusdt_balance)) + s.pool.reserve_vusdt + s.savingsPool.total_deposits + s.house.recovery_pool_vusdt,
  issued: s.house.vusdt_minted - s.house.vusdt_burned
})

/** what depositors could claim right now: stored unclaimed plus what the accumulator owes each */
export const savingsOwed = (s: Snap): bigint =>
  sum([...s.savings.values()].map((b) => b.unclaimed_rewards + (b.deposit_balance * s.savingsPool.reward_per_share_x18 - b.reward_debt_x18) / SCALE))

/** what stakers could claim right now */
export const stakingOwed = (s: Snap): bigint =>
  sum([...s.stakers.values()].map((x) => x.unclaimed_rewards + (x.voting_power * s.house.staking_reward_per_voting_power_x18 - x.reward_debt_x18) / SCALE))

export const creditsHeld = (s: Snap): bigint => sum([...s.players.values()].map((p) => p.freeroll_credits + p.freeroll_credits_locked))

export const ISSUANCE_LIMIT = ISSUANCE_CAP

/** prize pools reserved by tournaments still running */
export const reservedPrizes = (s: Snap): bigint => sum([...s.tournaments.values()].filter((t) => t.phase === "active").map((t) => t.prize_pool))

export const collateralValue = (collateral: bigint, p: Price): bigint => (p.den === 0n ? 0n : (collateral * p.num) / p.den)

export interface LiquidationOutlook {
  readonly debt: bigint
  readonly collateral: bigint
  readonly price: Price
  /** §3.11: cv > 0 and ⌊debt·10⁴/cv⌋ > threshold */
  readonly above: boolean
  /** the collateral is worth less than 1 + P vUSDT units: nothing can be repaid (bad debt) */
  readonly dust: boolean
  /** debt·(10⁴+P) ≤ value·10⁴: a penalty-paying liquidation can still lower the LTV */
  readonly healable: boolean
}

/** the target vault as LiquidateVault at `now_s` will see it: interest accrued, at the liquidation price */
export const liquidationOutlook = (pre: Snap, target: string, now_s: bigint): LiquidationOutlook | undefined => {
  const stored = pre.vaults.get(target)
  if (stored === undefined) return undefined
  const v = accrue(stored, now_s, pre.policy.stability_fee_apr_bps).vault
  const price = liquidationPrice(pre.policy, pre.pool, pre.oracle, now_s)
  const cv = collateralValue(v.collateral_rng, price)
  const P = BigInt(pre.policy.liquidation_penalty_bps)
  return {
    debt: v.debt_vusdt,
    collateral: v.collateral_rng,
    price,
    above: v.debt_vusdt > 0n && cv > 0n && (v.debt_vusdt * BPS) / cv > BigInt(pre.policy.liquidation_threshold_bps),
    dust: cv * BPS < BPS + P,
    healable: v.debt_vusdt * (BPS + P) * price.den <= v.collateral_rng * price.num * BPS
  }
}

export const ACCOUNT_MATURE_SECS = 2_592_000n
export const MATURE_STAKE_MIN = 1_000n

/** §3.13: the mature LTV needs 30 days of age and 1,000 RNG staked */
export const maxLtvFor = (s: Snap, key: string, now_s: bigint): bigint => {
  const p = s.players.get(key)
  const staked = s.stakers.get(key)?.balance ?? 0n
  if (p === undefined || p.created_ts === 0n) return BigInt(s.policy.max_ltv_bps_new)
  const age = now_s > p.created_ts ? now_s - p.created_ts : 0n
  return age >= ACCOUNT_MATURE_SECS && staked >= MATURE_STAKE_MIN ? BigInt(s.policy.max_ltv_bps_mature) : BigInt(s.policy.max_ltv_bps_new)
}

export const borrowPriceAt = (s: Snap, now_s: bigint): Price => borrowPrice(s.policy, s.pool, s.oracle, now_s)

/**
 * §3.3 with decision B21, as a predicate on the day's post-trade counter `after`, written from the
 * spec's text and not from the handler's formula (no division, so it shares no rounding code):
 * - a cap of 0 bps forbids the direction (B21): nothing may have been traded;
 * - the counter may reach `after` when after·10⁴ ≤ balance·b and after·10⁴ ≤ reserve·q, which is
 *   "after ≤ min(⌊balance·b/10⁴⌋, ⌊reserve·q/10⁴⌋)" for integers;
 * - when that minimum is 0 (either product below 10⁴) while balance and reserve are positive, the
 *   allowance is 1.
 * Balance and reserve are the pre-trade values.
 */
export const withinDailyCap = (after: bigint, balance: bigint, reserve: bigint, balance_bps: number, pool_bps: number): boolean => {
  if (balance_bps === 0 || pool_bps === 0) return after === 0n
  const byBalance = balance * BigInt(balance_bps)
  const byPool = reserve * BigInt(pool_bps)
  if (after * 10_000n <= byBalance && after * 10_000n <= byPool) return true
  const minimumIsZero = byBalance < 10_000n || byPool < 10_000n
  return minimumIsZero && balance > 0n && reserve > 0n && after <= 1n
}

/** the bounds of §4.2 as the engine enforces them (including max LTV below the threshold) */
export const policyIsValid = (p: Policy): boolean =>
  p.sell_tax_min_bps <= p.sell_tax_mid_bps &&
  p.sell_tax_mid_bps <= p.sell_tax_max_bps &&
  p.sell_tax_max_bps <= 10_000 &&
  p.sell_tax_outflow_low_bps <= p.sell_tax_outflow_mid_bps &&
  [p.max_daily_sell_bps_balance, p.max_daily_sell_bps_pool, p.max_daily_buy_bps_balance, p.max_daily_buy_bps_pool].every((b) => b <= 10_000) &&
  p.max_ltv_bps_new <= p.max_ltv_bps_mature &&
  p.max_ltv_bps_mature < p.liquidation_threshold_bps &&
  p.liquidation_threshold_bps <= 10_000 &&
  p.liquidation_target_bps <= p.liquidation_threshold_bps &&
  p.liquidation_penalty_bps <= 10_000 &&
  p.liquidation_reward_bps + p.liquidation_stability_bps === p.liquidation_penalty_bps &&
  p.stability_fee_apr_bps <= 10_000 &&
  p.debt_ceiling_bps <= 10_000 &&
  p.credit_immediate_bps <= 10_000 &&
  (p.credit_vest_secs > 0n || p.credit_immediate_bps === 10_000) &&
  p.oracle_max_deviation_bps <= 10_000 &&
  (p.bridge_max_withdraw === 0n || p.bridge_min_withdraw <= p.bridge_max_withdraw) &&
  (p.bridge_daily_limit > 0n || p.bridge_daily_limit_per_account === 0n) &&
  (p.bridge_daily_limit === 0n || p.bridge_daily_limit_per_account <= p.bridge_daily_limit)

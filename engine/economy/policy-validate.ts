/** Policy bounds (economy.md §4.2), checked in the spec's order; the first violation is reported. */
import type { Policy } from "./policy.ts"

export const policyProblem = (p: Policy): string | null => {
  if (!(p.sell_tax_min_bps <= p.sell_tax_mid_bps && p.sell_tax_mid_bps <= p.sell_tax_max_bps && p.sell_tax_max_bps <= 10_000))
    return "invalid sell tax configuration"
  if (p.sell_tax_outflow_low_bps > p.sell_tax_outflow_mid_bps) return "invalid sell tax outflow thresholds"
  if ([p.max_daily_sell_bps_balance, p.max_daily_sell_bps_pool, p.max_daily_buy_bps_balance, p.max_daily_buy_bps_pool].some((b) => b > 10_000))
    return "invalid daily flow caps"
  if (!(p.max_ltv_bps_new <= p.max_ltv_bps_mature && p.max_ltv_bps_mature <= 10_000)) return "invalid LTV configuration"
  if (!(p.liquidation_threshold_bps <= 10_000 && p.liquidation_target_bps <= p.liquidation_threshold_bps)) return "invalid liquidation thresholds"
  // a vault must be liquidatable before it can be borrowed into insolvency: max LTV below the threshold
  if (p.max_ltv_bps_mature >= p.liquidation_threshold_bps) return "invalid LTV configuration"
  if (p.liquidation_penalty_bps > 10_000) return "invalid liquidation penalty"
  if (p.liquidation_reward_bps + p.liquidation_stability_bps !== p.liquidation_penalty_bps) return "liquidation split mismatch"
  if (p.stability_fee_apr_bps > 10_000) return "invalid stability fee"
  if (p.debt_ceiling_bps > 10_000) return "invalid debt ceiling"
  if (p.credit_immediate_bps > 10_000) return "invalid credit vesting"
  // B8: a zero vesting window with locked credits would strand them forever
  if (p.credit_vest_secs === 0n && p.credit_immediate_bps !== 10_000) return "invalid credit vesting"
  if (p.oracle_max_deviation_bps > 10_000) return "invalid oracle deviation"
  if (p.bridge_max_withdraw > 0n && p.bridge_min_withdraw > p.bridge_max_withdraw) return "invalid bridge min/max"
  if (p.bridge_daily_limit === 0n && p.bridge_daily_limit_per_account !== 0n) return "invalid bridge daily limits"
  if (p.bridge_daily_limit > 0n && p.bridge_daily_limit_per_account > p.bridge_daily_limit) return "bridge per-account limit exceeds daily limit"
  return null
}

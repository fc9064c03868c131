/**
 * The policy record (economy.md §4.2): the admin-tunable parameters of the economy, in wire order.
 * Validation of a proposed policy lives with the SetPolicy handler; this file holds the shape and
 * the defaults; the binary form is POLICY_CODEC (engine/codec/economy-records.ts).
 */
import { Schema } from "effect"
import { U16, U64 } from "../schema/primitives.ts"

export const Policy = Schema.Struct({
  sell_tax_min_bps: U16,
  sell_tax_mid_bps: U16,
  sell_tax_max_bps: U16,
  sell_tax_outflow_low_bps: U16,
  sell_tax_outflow_mid_bps: U16,
  max_daily_sell_bps_balance: U16,
  max_daily_sell_bps_pool: U16,
  max_daily_buy_bps_balance: U16,
  max_daily_buy_bps_pool: U16,
  max_ltv_bps_new: U16,
  max_ltv_bps_mature: U16,
  liquidation_threshold_bps: U16,
  liquidation_target_bps: U16,
  liquidation_penalty_bps: U16,
  liquidation_reward_bps: U16,
  liquidation_stability_bps: U16,
  stability_fee_apr_bps: U16,
  debt_ceiling_bps: U16,
  credit_immediate_bps: U16,
  credit_vest_secs: U64,
  credit_expiry_secs: U64,
  bridge_paused: Schema.Boolean,
  bridge_daily_limit: U64,
  bridge_daily_limit_per_account: U64,
  bridge_min_withdraw: U64,
  bridge_max_withdraw: U64,
  bridge_delay_secs: U64,
  oracle_enabled: Schema.Boolean,
  oracle_max_deviation_bps: U16,
  oracle_stale_secs: U64
})
export type Policy = typeof Policy.Type

export const DEFAULT_POLICY: Policy = {
  sell_tax_min_bps: 300,
  sell_tax_mid_bps: 500,
  sell_tax_max_bps: 1_000,
  sell_tax_outflow_low_bps: 100,
  sell_tax_outflow_mid_bps: 500,
  max_daily_sell_bps_balance: 300,
  max_daily_sell_bps_pool: 15,
  max_daily_buy_bps_balance: 600,
  max_daily_buy_bps_pool: 30,
  max_ltv_bps_new: 3_000,
  max_ltv_bps_mature: 4_500,
  liquidation_threshold_bps: 6_000,
  liquidation_target_bps: 4_500,
  liquidation_penalty_bps: 1_000,
  liquidation_reward_bps: 400,
  liquidation_stability_bps: 600,
  stability_fee_apr_bps: 800,
  debt_ceiling_bps: 3_000,
  credit_immediate_bps: 2_000,
  credit_vest_secs: 15_552_000n,
  credit_expiry_secs: 15_552_000n,
  bridge_paused: true,
  bridge_daily_limit: 0n,
  bridge_daily_limit_per_account: 0n,
  bridge_min_withdraw: 0n,
  bridge_max_withdraw: 0n,
  bridge_delay_secs: 0n,
  oracle_enabled: false,
  oracle_max_deviation_bps: 500,
  oracle_stale_secs: 900n
}

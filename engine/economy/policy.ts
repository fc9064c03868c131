/**
 * The policy record (economy.md §4.2): the admin-tunable parameters of the economy, in wire order.
 * Validation of a proposed policy lives with the SetPolicy handler; this file holds the shape,
 * the defaults and the canonical binary form.
 */
import { Schema } from "effect"
import { type ByteReader, type ByteWriter } from "../codec/bytes.ts"
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

export const writePolicy = (w: ByteWriter, p: Policy): void => {
  w.u16(p.sell_tax_min_bps).u16(p.sell_tax_mid_bps).u16(p.sell_tax_max_bps)
  w.u16(p.sell_tax_outflow_low_bps).u16(p.sell_tax_outflow_mid_bps)
  w.u16(p.max_daily_sell_bps_balance).u16(p.max_daily_sell_bps_pool)
  w.u16(p.max_daily_buy_bps_balance).u16(p.max_daily_buy_bps_pool)
  w.u16(p.max_ltv_bps_new).u16(p.max_ltv_bps_mature)
  w.u16(p.liquidation_threshold_bps).u16(p.liquidation_target_bps).u16(p.liquidation_penalty_bps)
  w.u16(p.liquidation_reward_bps).u16(p.liquidation_stability_bps)
  w.u16(p.stability_fee_apr_bps).u16(p.debt_ceiling_bps).u16(p.credit_immediate_bps)
  w.u64(p.credit_vest_secs).u64(p.credit_expiry_secs)
  w.bool(p.bridge_paused).u64(p.bridge_daily_limit).u64(p.bridge_daily_limit_per_account)
  w.u64(p.bridge_min_withdraw).u64(p.bridge_max_withdraw).u64(p.bridge_delay_secs)
  w.bool(p.oracle_enabled).u16(p.oracle_max_deviation_bps).u64(p.oracle_stale_secs)
}

export const readPolicy = (r: ByteReader): Policy => ({
  sell_tax_min_bps: r.u16(),
  sell_tax_mid_bps: r.u16(),
  sell_tax_max_bps: r.u16(),
  sell_tax_outflow_low_bps: r.u16(),
  sell_tax_outflow_mid_bps: r.u16(),
  max_daily_sell_bps_balance: r.u16(),
  max_daily_sell_bps_pool: r.u16(),
  max_daily_buy_bps_balance: r.u16(),
  max_daily_buy_bps_pool: r.u16(),
  max_ltv_bps_new: r.u16(),
  max_ltv_bps_mature: r.u16(),
  liquidation_threshold_bps: r.u16(),
  liquidation_target_bps: r.u16(),
  liquidation_penalty_bps: r.u16(),
  liquidation_reward_bps: r.u16(),
  liquidation_stability_bps: r.u16(),
  stability_fee_apr_bps: r.u16(),
  debt_ceiling_bps: r.u16(),
  credit_immediate_bps: r.u16(),
  credit_vest_secs: r.u64(),
  credit_expiry_secs: r.u64(),
  bridge_paused: r.bool(),
  bridge_daily_limit: r.u64(),
  bridge_daily_limit_per_account: r.u64(),
  bridge_min_withdraw: r.u64(),
  bridge_max_withdraw: r.u64(),
  bridge_delay_secs: r.u64(),
  oracle_enabled: r.bool(),
  oracle_max_deviation_bps: r.u16(),
  oracle_stale_secs: r.u64()
})

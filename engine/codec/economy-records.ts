/**
 * Codecs of the economy records that travel inside instructions and events: the policy record
 * (economy.md §4.2, fields in wire order: 19 u16 basis-point fields, two u64 credit durations, the
 * bridge block bool + five u64, the oracle block bool + u16 + u64), the treasury allocation (six
 * u64 buckets in TREASURY_BUCKETS order) and the vesting table (per bucket: start, duration,
 * released, each u64).
 */
import { Policy } from "../economy/policy.ts"
import { TreasuryAllocation, TreasuryVesting, VestingSchedule } from "../economy/treasury-records.ts"
import { bool, u16, u64 } from "./primitives.ts"
import { struct } from "./struct.ts"

export const POLICY_CODEC = struct("policy", Policy, {
  sell_tax_min_bps: u16,
  sell_tax_mid_bps: u16,
  sell_tax_max_bps: u16,
  sell_tax_outflow_low_bps: u16,
  sell_tax_outflow_mid_bps: u16,
  max_daily_sell_bps_balance: u16,
  max_daily_sell_bps_pool: u16,
  max_daily_buy_bps_balance: u16,
  max_daily_buy_bps_pool: u16,
  max_ltv_bps_new: u16,
  max_ltv_bps_mature: u16,
  liquidation_threshold_bps: u16,
  liquidation_target_bps: u16,
  liquidation_penalty_bps: u16,
  liquidation_reward_bps: u16,
  liquidation_stability_bps: u16,
  stability_fee_apr_bps: u16,
  debt_ceiling_bps: u16,
  credit_immediate_bps: u16,
  credit_vest_secs: u64,
  credit_expiry_secs: u64,
  bridge_paused: bool,
  bridge_daily_limit: u64,
  bridge_daily_limit_per_account: u64,
  bridge_min_withdraw: u64,
  bridge_max_withdraw: u64,
  bridge_delay_secs: u64,
  oracle_enabled: bool,
  oracle_max_deviation_bps: u16,
  oracle_stale_secs: u64
})

export const ALLOCATION_CODEC = struct("treasury allocation", TreasuryAllocation, {
  auction: u64,
  liquidity: u64,
  bonus: u64,
  player: u64,
  treasury: u64,
  team: u64
})

const SCHEDULE_CODEC = struct("vesting schedule", VestingSchedule, { start_ts: u64, duration_secs: u64, released: u64 })

export const VESTING_CODEC = struct("treasury vesting", TreasuryVesting, {
  auction: SCHEDULE_CODEC,
  liquidity: SCHEDULE_CODEC,
  bonus: SCHEDULE_CODEC,
  player: SCHEDULE_CODEC,
  treasury: SCHEDULE_CODEC,
  team: SCHEDULE_CODEC
})

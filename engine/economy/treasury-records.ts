/** Treasury allocation buckets and their vesting schedules (economy.md §1.9, §5.4). */
import { Schema } from "effect"
import { U64 } from "../schema/primitives.ts"

export const TREASURY_BUCKETS = ["auction", "liquidity", "bonus", "player", "treasury", "team"] as const
export type TreasuryBucket = (typeof TREASURY_BUCKETS)[number]

export const TreasuryAllocation = Schema.Struct({
  auction: U64,
  liquidity: U64,
  bonus: U64,
  player: U64,
  treasury: U64,
  team: U64
})
export type TreasuryAllocation = typeof TreasuryAllocation.Type

export const VestingSchedule = Schema.Struct({ start_ts: U64, duration_secs: U64, released: U64 })
export type VestingSchedule = typeof VestingSchedule.Type

export const TreasuryVesting = Schema.Struct({
  auction: VestingSchedule,
  liquidity: VestingSchedule,
  bonus: VestingSchedule,
  player: VestingSchedule,
  treasury: VestingSchedule,
  team: VestingSchedule
})
export type TreasuryVesting = typeof TreasuryVesting.Type

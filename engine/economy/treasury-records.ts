/** Treasury allocation buckets and their vesting schedules (economy.md §1.9, §5.4). */
import { Schema } from "effect"
import { type ByteReader, type ByteWriter } from "../codec/bytes.ts"
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

export const writeAllocation = (w: ByteWriter, a: TreasuryAllocation): void => {
  for (const b of TREASURY_BUCKETS) w.u64(a[b])
}
export const readAllocation = (r: ByteReader): TreasuryAllocation => ({
  auction: r.u64(),
  liquidity: r.u64(),
  bonus: r.u64(),
  player: r.u64(),
  treasury: r.u64(),
  team: r.u64()
})
const writeSchedule = (w: ByteWriter, s: VestingSchedule): void => {
  w.u64(s.start_ts).u64(s.duration_secs).u64(s.released)
}
const readSchedule = (r: ByteReader): VestingSchedule => ({ start_ts: r.u64(), duration_secs: r.u64(), released: r.u64() })
export const writeVesting = (w: ByteWriter, v: TreasuryVesting): void => {
  for (const b of TREASURY_BUCKETS) writeSchedule(w, v[b])
}
export const readVesting = (r: ByteReader): TreasuryVesting => ({
  auction: readSchedule(r),
  liquidity: readSchedule(r),
  bonus: readSchedule(r),
  player: readSchedule(r),
  treasury: readSchedule(r),
  team: readSchedule(r)
})

/** Linear vesting of a treasury bucket (economy.md §3.17). */
import type { VestingSchedule } from "../treasury-records.ts"

export const vested = (total: bigint, s: VestingSchedule, now_s: bigint): bigint => {
  if (total === 0n) return 0n
  if (s.duration_secs === 0n) return total
  if (now_s <= s.start_ts) return 0n
  const elapsed = now_s - s.start_ts
  return elapsed >= s.duration_secs ? total : (total * elapsed) / s.duration_secs
}

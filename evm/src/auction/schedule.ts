/**
 * The block schedule (evm.md §6.2). Defect 4 fixed: the reference defaults put migration (end +
 * 200) before claims (end + 400); here claims open at end + 200, migration at end + 400 and the
 * sweep at migration + 400, and any order other than start < end ≤ claim ≤ migration < sweep is
 * refused.
 */
import { EvmScriptError } from "../errors.ts"

export interface ScheduleOffsets {
  readonly startOffset: bigint
  readonly duration: bigint
  readonly claimOffset: bigint
  readonly migrationOffset: bigint
  readonly sweepOffset: bigint
}

export const DEFAULT_OFFSETS: ScheduleOffsets = { startOffset: 30n, duration: 7200n, claimOffset: 200n, migrationOffset: 400n, sweepOffset: 400n }

export interface Schedule {
  readonly current: bigint
  readonly start: bigint
  readonly end: bigint
  readonly claim: bigint
  readonly migration: bigint
  readonly sweep: bigint
}

export const buildSchedule = (current: bigint, o: ScheduleOffsets = DEFAULT_OFFSETS): Schedule => {
  const start = current + o.startOffset
  const end = start + o.duration
  const s = { current, start, end, claim: end + o.claimOffset, migration: end + o.migrationOffset, sweep: end + o.migrationOffset + o.sweepOffset }
  validateSchedule(s)
  return s
}

export const validateSchedule = (s: Schedule): void => {
  const ok = s.current <= s.start && s.start < s.end && s.end <= s.claim && s.claim <= s.migration && s.migration < s.sweep
  if (!ok) throw new EvmScriptError("InvalidSchedule", `blocks must satisfy start < end ≤ claim ≤ migration < sweep: ${JSON.stringify(s, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`)
}

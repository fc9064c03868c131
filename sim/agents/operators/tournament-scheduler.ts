/**
 * Tournament scheduler (simulations.md §7.1): 240 freerolls a day, each a 6-minute slot with one
 * registration minute then 300 s of play; tournament id = slot number.
 *
 *   cycle_ms = 86,400,000 / 240 = 360,000; registration_ms = 60,000; active_ms = 300,000
 *   slot = ⌊now_ms / cycle_ms⌋; start = slot·cycle + registration; end = start + active
 *
 * Each turn: end every active tournament whose end has passed (read from chain, so tournaments
 * started in an earlier window are ended too — the rebuild's fix of the reference's previous-slot
 * bug, scheduleOf(id) from the id itself), then start the current slot when its play minute has
 * come and it is neither active nor complete (at most `starts_per_day_max` a day).
 */
import { tournaments } from "../../../engine/economy/tournament/tournament.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import type { AgentView } from "../agent.ts"
import type { OperatorDuty } from "./operator.ts"

export const CYCLE_MS = 360_000n
export const ACTIVE_MS = 300_000n
export const REGISTRATION_MS = CYCLE_MS - ACTIVE_MS
/** tournaments ended per turn at most (a bound on the scan's output) */
const ENDS_PER_TURN_MAX = 16

export interface Schedule {
  readonly slot: bigint
  readonly slot_start_ms: bigint
  readonly start_ms: bigint
  readonly end_ms: bigint
}

export const slotAt = (now_ms: bigint): bigint => now_ms / CYCLE_MS

export const scheduleOf = (slot: bigint): Schedule => {
  const slot_start_ms = slot * CYCLE_MS
  const start_ms = slot_start_ms + REGISTRATION_MS
  return { slot, slot_start_ms, start_ms, end_ms: start_ms + ACTIVE_MS }
}

/** is the slot of `now_ms` still taking registrations? */
export const registering = (now_ms: bigint): boolean => now_ms - scheduleOf(slotAt(now_ms)).slot_start_ms < REGISTRATION_MS

/** the scheduler's decisions at one moment (pure: also used by the `ops tournaments` command) */
export const schedulerActions = (view: Pick<AgentView, "state" | "clock">, starts_left: number): Instruction[] => {
  const now_ms = view.clock.now_s * 1_000n
  const out: Instruction[] = []
  for (const t of tournaments.values(view.state)) {
    if (out.length >= ENDS_PER_TURN_MAX) break
    if (t.phase === "active" && now_ms >= t.end_time_ms) out.push({ _tag: "CasinoEndTournament", tournament_id: t.id })
  }
  const s = scheduleOf(slotAt(now_ms))
  const current = tournaments.get(view.state, s.slot.toString())
  if (starts_left > 0 && now_ms >= s.start_ms && now_ms < s.end_ms && current?.phase !== "active" && current?.phase !== "complete" && (current?.players.length ?? 0) > 0)
    out.push({ _tag: "CasinoStartTournament", tournament_id: s.slot, start_time_ms: s.start_ms, end_time_ms: s.end_ms })
  return out
}

export const tournamentScheduler = (starts_per_day_max: number): OperatorDuty => {
  let starts_day = -1
  let starts = 0
  return {
    next: (view) => {
      if (view.day !== starts_day) {
        starts_day = view.day
        starts = 0
      }
      const ixs = schedulerActions(view, starts_per_day_max - starts)
      // one at a time: the agent is asked again once it lands
      const first = ixs.slice(0, 1)
      if (first[0]?._tag === "CasinoStartTournament") starts++
      return first
    }
  }
}

/** Small helpers shared by the ecosystem archetypes (simulations.md §4.2, §5). */
import type { RandomStream } from "../../engine/random/stream.ts"
import type { Action, DayAgenda } from "./player-core.ts"

/** an active day in a random non-freeroll window (window 0 holds the freerolls) */
export const activeDay = (windows_per_day: number, rng: RandomStream, sessions: number, actions: ReadonlyArray<Action>, freerolls = 0): DayAgenda => ({
  window: windows_per_day > 1 ? 1 + rng.bounded(windows_per_day - 1) : 0,
  sessions,
  actions,
  freerolls,
  freeroll_sessions: 10
})

/** The Lurker archetype (simulations.md §2.2): nearly idle. */
import { phase1Profile, type Phase1Options } from "./phase1-day.ts"
import type { Profile } from "./player-core.ts"

export const LURKER_RANGES = {
  kind: "lurker",
  sessions: [0, 1],
  swaps: [0, 1],
  vault: [0, 0],
  liquidity: [0, 0],
  stake: [0, 0],
  savings: [0, 0],
  freerolls: [0, 0],
  stake_bps: [100, 200]
} as const

export const lurkerProfile = (o: Phase1Options): Profile => phase1Profile(LURKER_RANGES, o)

/** The Casual archetype (simulations.md §2.2): light player. */
import { phase1Profile, type Phase1Options } from "./phase1-day.ts"
import type { Profile } from "./player-core.ts"

export const CASUAL_RANGES = {
  kind: "casual",
  sessions: [1, 4],
  swaps: [0, 1],
  vault: [0, 0],
  liquidity: [0, 0],
  stake: [0, 0],
  savings: [0, 0],
  freerolls: [0, 0],
  stake_bps: [100, 400]
} as const

export const casualProfile = (o: Phase1Options): Profile => phase1Profile(CASUAL_RANGES, o)

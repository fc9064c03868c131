/** The Grinder archetype (simulations.md §2.2): heavy player, little DeFi. */
import { phase1Profile, type Phase1Options } from "./phase1-day.ts"
import type { Profile } from "./player-core.ts"

export const GRINDER_RANGES = {
  kind: "grinder",
  sessions: [6, 14],
  swaps: [0, 1],
  vault: [0, 0],
  liquidity: [0, 0],
  stake: [0, 0],
  savings: [0, 0],
  freerolls: [0, 1],
  stake_bps: [100, 300]
} as const

export const grinderProfile = (o: Phase1Options): Profile => phase1Profile(GRINDER_RANGES, o)

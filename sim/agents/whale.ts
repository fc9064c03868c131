/** The Whale archetype (simulations.md §2.2): plays and trades, borrows, occasionally stakes. */
import { phase1Profile, type Phase1Options } from "./phase1-day.ts"
import type { Profile } from "./player-core.ts"

export const WHALE_RANGES = {
  kind: "whale",
  sessions: [3, 6],
  swaps: [1, 3],
  vault: [1, 2],
  liquidity: [0, 1],
  stake: [0, 1],
  savings: [0, 1],
  freerolls: [0, 1],
  stake_bps: [200, 800]
} as const

export const whaleProfile = (o: Phase1Options): Profile => phase1Profile(WHALE_RANGES, o)

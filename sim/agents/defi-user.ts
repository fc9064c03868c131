/** The DeFi archetype (simulations.md §2.2): trader, LP and borrower who also parks vUSDT in savings. */
import { phase1Profile, type Phase1Options } from "./phase1-day.ts"
import type { Profile } from "./player-core.ts"

export const DEFI_RANGES = {
  kind: "defi",
  sessions: [1, 3],
  swaps: [2, 5],
  vault: [1, 3],
  liquidity: [0, 2],
  stake: [0, 0],
  savings: [1, 1],
  freerolls: [0, 0],
  stake_bps: [100, 300]
} as const

export const defiProfile = (o: Phase1Options): Profile => phase1Profile(DEFI_RANGES, o)

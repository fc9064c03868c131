/**
 * The Subscriber archetype (simulations.md §2.2): a heavy player who stakes and pays for
 * membership (daily freeroll limit 1 → 10, granted by the membership operator), so enters several
 * freerolls a day.
 */
import { phase1Profile, type Phase1Options } from "./phase1-day.ts"
import type { Profile } from "./player-core.ts"

export const SUBSCRIBER_RANGES = {
  kind: "subscriber",
  sessions: [8, 16],
  swaps: [0, 1],
  vault: [0, 0],
  liquidity: [0, 0],
  stake: [1, 1],
  savings: [0, 0],
  freerolls: [1, 4],
  stake_bps: [100, 300]
} as const

export const subscriberProfile = (o: Phase1Options): Profile => phase1Profile(SUBSCRIBER_RANGES, { ...o, member: true })

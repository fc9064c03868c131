/**
 * The ecosystem whale (simulations.md §4.2): a large vault, liquidity on both sides, and every
 * active day one of buy RNG / sell RNG / hold with equal odds, sized at the top of the daily cap;
 * it plays the high-variance tables.
 */
import { addLiquidity, swap, vaultBorrow } from "./actions.ts"
import { activeDay } from "./ecosystem-day.ts"
import type { Action, Profile } from "./player-core.ts"

export const ecoWhaleProfile = (): Profile => ({
  kind: "eco_whale",
  games: { craps: 2, roulette: 2, ultimate_holdem: 1, sic_bo: 1 },
  stake_bps: [300, 800],
  stake_min: 20n,
  stake_max: 5_000n,
  planDay: (_day, w, rng) => {
    const pick = rng.bounded(3)
    const trade: Action[] = pick === 0 ? [swap(1_000, 50_000, "buy")] : pick === 1 ? [swap(1_000, 50_000, "sell")] : []
    return activeDay(w, rng, 4, [vaultBorrow(500, 1_500, 7_000), addLiquidity(200, 1_000), ...trade])
  }
})

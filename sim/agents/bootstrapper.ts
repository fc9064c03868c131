/**
 * The liquidity bootstrapper (simulations.md §4.2): once it holds chips, opens a vault, borrows at
 * a conservative share of its headroom and adds the borrowed vUSDT with matching RNG to the AMM;
 * the pool itself is seeded by the admin (SeedAmm, FinalizeAmmBootstrap: the island's operators).
 * Afterwards it tops the position up now and then and plays a little.
 */
import { addLiquidity, vaultBorrow } from "./actions.ts"
import { chanceBps } from "./draw.ts"
import { activeDay } from "./ecosystem-day.ts"
import type { Profile } from "./player-core.ts"

export const bootstrapperProfile = (): Profile => ({
  kind: "bootstrapper",
  games: { baccarat: 1, roulette: 1 },
  stake_bps: [50, 100],
  stake_min: 5n,
  stake_max: 100n,
  planDay: (day, w, rng) =>
    day === 0 || chanceBps(rng, 2_000) ? activeDay(w, rng, 3, [vaultBorrow(300, 600, 5_000), addLiquidity(100, 400)]) : { window: null, sessions: 0, actions: [] }
})

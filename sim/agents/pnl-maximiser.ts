/**
 * The PnL maximiser (simulations.md §4.2 and §5.1): Banker bets at baccarat (the lowest edge of
 * the simple bets), many sessions a day, and a stake of 1,000 for 1,000 views whenever it can.
 */
import { stakeStep } from "./actions.ts"
import { activeDay } from "./ecosystem-day.ts"
import type { Profile } from "./player-core.ts"

export const pnlMaximiserProfile = (): Profile => ({
  kind: "pnl_maximiser",
  games: { baccarat: 1 },
  stake_bps: [100, 200],
  stake_min: 10n,
  stake_max: 2_000n,
  planDay: (_day, w, rng) => activeDay(w, rng, 20, [stakeStep(100, 1_000, 1, 2)])
})

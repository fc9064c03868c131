/**
 * Retail (simulations.md §4.2): each active day one of leverage (collateral, borrow, buy RNG with
 * the loan) 30 %, trade (a swap either way) 30 %, play (blackjack and the other tables) 40 %.
 */
import { swap, vaultBorrow } from "./actions.ts"
import { chanceBps } from "./draw.ts"
import { activeDay } from "./ecosystem-day.ts"
import type { Profile } from "./player-core.ts"

export const retailProfile = (active_bps: number): Profile => ({
  kind: "retail",
  games: { blackjack: 4, three_card: 1, video_poker: 1, casino_war: 1, hilo: 1 },
  stake_bps: [100, 400],
  stake_min: 5n,
  stake_max: 500n,
  planDay: (_day, w, rng) => {
    if (!chanceBps(rng, active_bps)) return { window: null, sessions: 0, actions: [] }
    const roll = rng.bounded(10)
    if (roll < 3) return activeDay(w, rng, 1, [vaultBorrow(100, 300, 8_000), swap(50, 300, "buy")])
    if (roll < 6) return activeDay(w, rng, 1, [swap(50, 500)])
    return activeDay(w, rng, 4, [])
  }
})

/**
 * The tournament grinder (simulations.md §4.2) and the freeroll entrant: every day it enters as
 * many freerolls as its membership allows (free 1, member 10, 3 in the first week), plays its
 * sessions from the tournament stack (Banker bets and blackjack, as the reference grinders), and
 * plays a few cash sessions to keep its proof of play.
 */
import { activeDay } from "./ecosystem-day.ts"
import type { Profile } from "./player-core.ts"

export const tournamentGrinderProfile = (): Profile => ({
  kind: "tournament_grinder",
  games: { baccarat: 3, blackjack: 2, hilo: 1, casino_war: 1 },
  stake_bps: [200, 500],
  stake_min: 5n,
  stake_max: 200n,
  planDay: (_day, w, rng) => ({ ...activeDay(w, rng, 3, [], 10), window: 0 })
})

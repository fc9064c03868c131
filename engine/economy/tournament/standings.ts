/**
 * Tournament play (docs/economy.md T1–T5): which tournament a session plays in, and the exact
 * top-10 of the running tournament.
 *
 *  - A tournament **runs** from CasinoStartTournament (phase active) until its end time:
 *    phase = active and chain time (ms) < end_time_ms. A session started by a player whose
 *    `active_tournament` runs is a tournament session for its whole life (T1).
 *  - Standing of an entrant: (tournament chips, the view the stack reached that figure, key),
 *    ordered as casino/leaderboard.ts orders every board.
 *  - The top-10 after one entrant's stack changed from `before` to `after`: if the entrant rose
 *    or is unlisted, placing the new standing is exact (nobody else moved); if a listed entrant
 *    fell, the board is rebuilt from every entrant (≤ MAX_TOURNAMENT_PLAYERS reads), because the
 *    11th may now belong on it.
 */
import { compareStandings, placeStanding, sameBoard, topStandings, type Standing } from "../../casino/leaderboard.ts"
import { players, type Player } from "../../casino/player.ts"
import type { PublicKey } from "../../schema/primitives.ts"
import type { StateStore } from "../../state/store.ts"
import { tournaments, type Tournament } from "./tournament.ts"

export const MAX_TOURNAMENT_PLAYERS = 1_000

export const isRunning = (t: Tournament, now_ms: bigint): boolean => t.phase === "active" && now_ms < t.end_time_ms

/** the tournament `p` is playing in right now, or null (cash play) */
export const runningTournamentOf = (store: StateStore, p: Player, now_ms: bigint): Tournament | null => {
  if (p.active_tournament === null) return null
  const t = tournaments.get(store, p.active_tournament.toString())
  return t !== undefined && isRunning(t, now_ms) ? t : null
}

export const standingOf = (key: PublicKey, p: Player): Standing => ({ player: key, chips: p.tournament.chips, since_view: p.tournament.reached_view })

/** every entrant still holding a stack of `t`, in board order */
export const rankEntrants = (store: StateStore, t: Tournament): Array<{ readonly key: PublicKey; readonly p: Player; readonly standing: Standing }> => {
  if (t.players.length > MAX_TOURNAMENT_PLAYERS) throw new Error(`tournament ${t.id} holds ${t.players.length} > ${MAX_TOURNAMENT_PLAYERS} players`)
  return t.players
    .flatMap((key) => {
      const p = players.get(store, key)
      return p === undefined || p.active_tournament !== t.id ? [] : [{ key, p, standing: standingOf(key, p) }]
    })
    .sort((a, b) => compareStandings(a.standing, b.standing))
}

export const rebuildLeaderboard = (store: StateStore, t: Tournament): Standing[] => topStandings(rankEntrants(store, t).map((r) => r.standing))

/**
 * The board after `after` replaced `before` (the player record must already hold `after`).
 * Writes the tournament and returns the new entries when the board changed, else null.
 */
export const updateTournamentLeaderboard = (store: StateStore, t: Tournament, before: Standing, after: Standing): Standing[] | null => {
  if (before.player !== after.player) throw new Error("a standing update names two players")
  const listed = t.leaderboard.some((e) => e.player === after.player)
  const fell = compareStandings(after, before) > 0
  const next = listed && fell ? rebuildLeaderboard(store, t) : placeStanding(t.leaderboard, after)
  if (sameBoard(t.leaderboard, next)) return null
  tournaments.put(store, t.id.toString(), { ...t, leaderboard: next })
  return next
}

/**
 * Leaderboards (economy.md §1.9, §1.10 tag 12, §2.1, §2.2; chain-and-services.md §2.5 event 24):
 * bounded standings ordered by one strict total order, so every node builds the same board.
 *
 *   order: chips descending, then `since_view` ascending (who reached the figure first), then
 *          the smaller key (unique, so no two standings ever compare equal)
 *
 *  - the cash leaderboard (`CasinoLeaderboard`, a singleton) lists at most LEADERBOARD_SIZE
 *    players by their cash chips **as of their last leaderboard update** (registration, a faucet
 *    claim, a completed cash session). A listed player whose chips fall is re-ranked with the
 *    lower figure; an unlisted player enters when an update ranks them above the last entry. It
 *    is not a live scan of every player (that is unbounded); docs/economy.md T6.
 *  - the tournament top-10 (`Tournament.leaderboard`) uses the same order and is exact at all
 *    times (tournament/standings.ts rebuilds it from ≤ 1,000 entrants when a listed stack falls).
 * Pure functions plus the singleton; the executor emits `LeaderboardUpdated` when a board changes.
 */
import { Schema } from "effect"
import { PublicKey, U64 } from "../schema/primitives.ts"
import { defineSingleton, type StateStore } from "../state/store.ts"

export const LEADERBOARD_SIZE = 10

export const Standing = Schema.Struct({ player: PublicKey, chips: U64, since_view: U64 })
export type Standing = typeof Standing.Type

export const Leaderboard = Schema.Struct({ entries: Schema.Array(Standing).pipe(Schema.maxItems(LEADERBOARD_SIZE)) })
export type Leaderboard = typeof Leaderboard.Type

export const cashLeaderboard = defineSingleton("leaderboard", Leaderboard, () => ({ entries: [] }))

/** the board order: negative when `a` ranks above `b`; 0 only for the same player */
export const compareStandings = (a: Standing, b: Standing): number => {
  if (a.chips !== b.chips) return a.chips > b.chips ? -1 : 1
  if (a.since_view !== b.since_view) return a.since_view < b.since_view ? -1 : 1
  return a.player < b.player ? -1 : a.player > b.player ? 1 : 0
}

/** the best `limit` of `standings` (each player at most once), in board order */
export const topStandings = (standings: ReadonlyArray<Standing>, limit: number = LEADERBOARD_SIZE): Standing[] =>
  [...standings].sort(compareStandings).slice(0, limit)

/** the board with `s` (re)placed: the player's old entry is dropped, `s` inserted, the tail cut */
export const placeStanding = (entries: ReadonlyArray<Standing>, s: Standing, limit: number = LEADERBOARD_SIZE): Standing[] =>
  topStandings([...entries.filter((e) => e.player !== s.player), s], limit)

export const sameBoard = (a: ReadonlyArray<Standing>, b: ReadonlyArray<Standing>): boolean =>
  a.length === b.length && a.every((e, i) => e.player === b[i]?.player && e.chips === b[i]?.chips && e.since_view === b[i]?.since_view)

/**
 * Record a player's cash chips on the cash board; returns the new entries when the board changed
 * (the caller emits LeaderboardUpdated), null when it did not.
 */
export const updateCashLeaderboard = (store: StateStore, player: PublicKey, chips: bigint, view: bigint): Standing[] | null => {
  const board = cashLeaderboard.get(store)
  const old = board.entries.find((e) => e.player === player)
  const since_view = old !== undefined && old.chips === chips ? old.since_view : view
  const standing = { player, chips, since_view }
  // fast path (the common case): an unlisted player who does not beat the last entry of a full board
  const last = board.entries[board.entries.length - 1]
  if (old === undefined && board.entries.length >= LEADERBOARD_SIZE && last !== undefined && compareStandings(standing, last) > 0) return null
  const next = placeStanding(board.entries, standing)
  if (sameBoard(board.entries, next)) return null
  cashLeaderboard.put(store, { entries: next })
  return next
}

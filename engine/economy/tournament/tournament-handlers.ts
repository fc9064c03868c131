/**
 * Freerolls and tournaments (economy.md §2.17–2.20). Fixes (B9): starting an unknown tournament
 * opens it empty (the admin is not enrolled); the prize is reserved at start and what is not paid
 * (no players, rounding dust) returns to the issuance budget at the end; a tournament cannot end
 * before its end time; a player cannot join while in another unfinished tournament.
 * Play (docs/economy.md T1–T5): entrants play from their tournament stacks while it runs
 * (games/session.ts); start rebuilds the top 10; end forfeits open tournament sessions, ranks by
 * final stack (ties: who reached it first, then the smaller key), pays credits, stores the final
 * top 10 and resets the stacks. Tournament chips never become cash chips.
 */
import { AlreadyInTournament, InvalidBet, InvalidMove, PlayerNotFound, TournamentLimitReached, TournamentNotRegistering } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { EMPTY_TOURNAMENT_STACK, players, type Player } from "../../casino/player.ts"
import { LEADERBOARD_SIZE, sameBoard } from "../../casino/leaderboard.ts"
import { forfeitTournamentSession } from "../../games/session.ts"
import { PublicKey } from "../../schema/primitives.ts"
import { policyState } from "../policy-state.ts"
import { award, creditTranches, expire, settleCredits } from "./credits.ts"
import { payouts, prizeFor, proofOfPlayBps } from "./payout.ts"
import { MAX_TOURNAMENT_PLAYERS, rankEntrants, rebuildLeaderboard } from "./standings.ts"
import { tournaments, type Tournament } from "./tournament.ts"

export const TOURNAMENT_DURATION_MS = 300_000n
export const TOURNAMENT_JOIN_COOLDOWN_SECS = 300n
export const TRIAL_DAILY_LIMIT = 3
export const ACCOUNT_TIER_NEW_SECS = 604_800n
export { MAX_TOURNAMENT_PLAYERS }
export const STARTING_CHIPS = 1_000n
export const STARTING_SHIELDS = 3
export const STARTING_DOUBLES = 3

const fresh = (id: bigint, phase: Tournament["phase"]): Tournament => ({
  id,
  phase,
  start_view: 0n,
  start_time_ms: 0n,
  end_time_ms: 0n,
  players: [],
  prize_pool: 0n,
  starting_chips: STARTING_CHIPS,
  starting_shields: STARTING_SHIELDS,
  starting_doubles: STARTING_DOUBLES,
  leaderboard: []
})

const leaveTournament = (p: Player): Player => ({
  ...p,
  active_tournament: null,
  tournament: EMPTY_TOURNAMENT_STACK,
  active_shield: false,
  active_double: false,
  active_super: false
})

export const setTournamentLimit: Handler<"CasinoSetTournamentLimit"> = (ctx, ix) => {
  if (ix.daily_limit === 0) return new InvalidBet({ message: "the daily tournament limit must be at least 1" })
  const p = players.get(ctx.store, ix.player)
  if (p === undefined) return new PlayerNotFound({ message: "no such player" })
  players.put(ctx.store, ix.player, { ...p, daily_limit: ix.daily_limit })
  ctx.emit({ _tag: "TournamentLimitSet", admin: ctx.signer, player: ix.player, daily_limit: ix.daily_limit })
  return undefined
}

export const joinTournament: Handler<"CasinoJoinTournament"> = (ctx, ix) => {
  const stored = players.get(ctx.store, ctx.signer)
  if (stored === undefined) return new PlayerNotFound({ message: "register first" })
  const now = ctx.clock.now_s
  const p0 = ctx.clock.day > stored.last_tournament_ts / 86_400n ? { ...stored, tournaments_played_today: 0 } : stored
  if (p0.last_tournament_ts > 0n && now - p0.last_tournament_ts < TOURNAMENT_JOIN_COOLDOWN_SECS)
    return new TournamentLimitReached({ message: `Tournament join cooldown: ${TOURNAMENT_JOIN_COOLDOWN_SECS} s between joins` })
  const base = p0.daily_limit === 0 ? 1 : p0.daily_limit
  const age = now > p0.created_ts ? now - p0.created_ts : 0n
  const limit = age < ACCOUNT_TIER_NEW_SECS ? Math.min(base, TRIAL_DAILY_LIMIT) : base
  if (p0.tournaments_played_today >= limit)
    return new TournamentLimitReached({ message: `Daily tournament limit reached (${p0.tournaments_played_today}/${limit})` })
  if (p0.active_tournament !== null && p0.active_tournament !== ix.tournament_id) {
    const other = tournaments.get(ctx.store, p0.active_tournament.toString())
    if (other !== undefined && other.phase !== "complete") return new AlreadyInTournament({ message: `already in tournament ${p0.active_tournament}` })
  }
  const t = tournaments.get(ctx.store, ix.tournament_id.toString()) ?? fresh(ix.tournament_id, "registration")
  if (t.phase !== "registration") return new TournamentNotRegistering({ message: `tournament ${ix.tournament_id} is not registering` })
  if (t.players.includes(ctx.signer)) return new AlreadyInTournament({ message: "already joined" })
  if (t.players.length >= MAX_TOURNAMENT_PLAYERS) return new TournamentNotRegistering({ message: "tournament is full" })
  const policy = policyState.get(ctx.store)
  const credits = expire({ player: p0, tranches: creditTranches.get(ctx.store, ctx.signer)?.tranches ?? [] }, now, policy)
  players.put(ctx.store, ctx.signer, {
    ...credits.player,
    tournaments_played_today: p0.tournaments_played_today + 1,
    last_tournament_ts: now,
    active_tournament: ix.tournament_id
  })
  if (credits.tranches.length === 0) creditTranches.delete(ctx.store, ctx.signer)
  tournaments.put(ctx.store, ix.tournament_id.toString(), { ...t, players: [...t.players, ctx.signer].sort() })
  ctx.emit({ _tag: "PlayerJoined", tournament_id: ix.tournament_id, player: ctx.signer })
  return undefined
}

export const startTournament: Handler<"CasinoStartTournament"> = (ctx, ix) => {
  const t = tournaments.get(ctx.store, ix.tournament_id.toString()) ?? fresh(ix.tournament_id, "registration")
  if (t.phase === "active") return new InvalidMove({ message: "Tournament already active" })
  if (t.phase === "complete") return new InvalidMove({ message: "Tournament already complete" })
  const end = ix.end_time_ms >= ix.start_time_ms && ix.end_time_ms - ix.start_time_ms === TOURNAMENT_DURATION_MS ? ix.end_time_ms : ix.start_time_ms + TOURNAMENT_DURATION_MS
  const h = house.get(ctx.store)
  const prize = prizeFor(h.total_issuance)
  house.put(ctx.store, { ...h, total_issuance: h.total_issuance + prize })
  for (const key of t.players) {
    const p = players.get(ctx.store, key)
    if (p === undefined) continue
    players.put(ctx.store, key, {
      ...p,
      tournament: { chips: t.starting_chips, shields: t.starting_shields, doubles: t.starting_doubles, session: null, reached_view: ctx.clock.view },
      active_tournament: ix.tournament_id,
      active_shield: false,
      active_double: false,
      active_super: false,
      aura_meter: 0
    })
  }
  const started: Tournament = {
    ...t,
    phase: "active",
    start_view: ctx.clock.view,
    start_time_ms: ix.start_time_ms,
    end_time_ms: end,
    prize_pool: prize
  }
  const leaderboard = rebuildLeaderboard(ctx.store, started)
  tournaments.put(ctx.store, ix.tournament_id.toString(), { ...started, leaderboard })
  ctx.emit({ _tag: "TournamentStarted", admin: ctx.signer, tournament_id: ix.tournament_id, start_view: ctx.clock.view, prize_pool: prize })
  if (!sameBoard(t.leaderboard, leaderboard)) ctx.emit({ _tag: "LeaderboardUpdated", tournament_id: ix.tournament_id, entries: leaderboard })
  return undefined
}

export const endTournament: Handler<"CasinoEndTournament"> = (ctx, ix) => {
  const t = tournaments.get(ctx.store, ix.tournament_id.toString())
  if (t === undefined || t.phase !== "active") return new InvalidMove({ message: `tournament ${ix.tournament_id} is not active` })
  const now_ms = ctx.clock.now_s * 1_000n
  if (now_ms < t.end_time_ms) return new InvalidMove({ message: `tournament ${ix.tournament_id} runs until ${t.end_time_ms} ms` })
  const now = ctx.clock.now_s
  const policy = policyState.get(ctx.store)
  // open tournament sessions are forfeited first (T2): their stakes stay lost, stacks are final
  for (const key of t.players) {
    const p = players.get(ctx.store, key)
    if (p === undefined || p.active_tournament !== t.id || p.tournament.session === null) continue
    players.put(ctx.store, key, forfeitTournamentSession(ctx, p, p.tournament.session))
  }
  const ranked = rankEntrants(ctx.store, t)
  const final_board = ranked.slice(0, LEADERBOARD_SIZE).map((r) => r.standing)
  const pays = payouts(
    t.prize_pool,
    ranked.map((r) => proofOfPlayBps(r.p, now))
  )
  let paid = 0n
  const rankings = ranked.map((r, i) => {
    const prize = pays[i] ?? 0n
    paid += prize
    const credited = award({ player: r.p, tranches: creditTranches.get(ctx.store, r.key)?.tranches ?? [] }, prize, now, policy)
    const settled = settleCredits(credited, now)
    const left = settled.player.active_tournament === ix.tournament_id ? leaveTournament(settled.player) : settled.player
    players.put(ctx.store, r.key, left)
    if (settled.tranches.length > 0) creditTranches.put(ctx.store, r.key, { tranches: settled.tranches })
    else creditTranches.delete(ctx.store, r.key)
    return { player: PublicKey.make(r.key), chips: r.p.tournament.chips, prize }
  })
  house.update(ctx.store, (h) => ({ ...h, total_issuance: h.total_issuance - (t.prize_pool - paid) }))
  tournaments.put(ctx.store, ix.tournament_id.toString(), { ...t, phase: "complete", leaderboard: final_board })
  ctx.emit({ _tag: "TournamentEnded", admin: ctx.signer, tournament_id: ix.tournament_id, rankings })
  if (!sameBoard(t.leaderboard, final_board)) ctx.emit({ _tag: "LeaderboardUpdated", tournament_id: ix.tournament_id, entries: final_board })
  return undefined
}

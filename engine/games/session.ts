/**
 * Game sessions (games-a.md §1.1–1.2): StartGame and GameMove, the one instruction path every
 * game runs through. The executor owns all chip movements:
 *  - a session plays from one stack for its whole life: the cash chips, or — when its player's
 *    tournament is running at StartGame — the tournament stack (docs/economy.md T1). Tournament
 *    chips never touch the cash chips or the house ledger (P28);
 *  - start: the bet is charged (bet 0 only for bet-by-move games, which refuse a non-zero start);
 *  - each step's charge is taken (refused with InsufficientFunds if the stack is short, changing
 *    nothing) and its credit is paid; on completion the play record is updated, the tournament
 *    modifiers captured at start apply (T3) and every armed modifier (shield, double, super) is
 *    cleared;
 *  - super sessions (player.active_super at start) pay a 20 % fee with every stake, get the fee of
 *    a refunded unplayed stake back, and at completion draw the game's multiplier, which lifts
 *    every played return (super-mode/ledger.ts, docs/games/super-mode.md);
 *  - a settled session leaves state; its final record is the GameCompleted event's `session` (S1);
 *  - session ids strictly increase per player, so a settled id is never reused (S2).
 * A session's move counter increases by exactly one per accepted move and seeds its outcomes (N1).
 */
import { InvalidBet, InstructionUnsupported, NotInTournament, SessionComplete, SessionExists, SessionNotFound, SessionNotOwned, PlayerNotFound, AmountOverflow } from "../errors.ts"
import type { Handler, HandlerResult, TxContext } from "../execute/context.ts"
import { defineTable } from "../state/store.ts"
import { GAME_TYPES } from "../tx/instruction.ts"
import { isGameError, type GameStep } from "./game.ts"
import { GAMES } from "./registry.ts"
import { insufficient, recordGameFlow } from "../casino/ledger.ts"
import { updateCashLeaderboard } from "../casino/leaderboard.ts"
import { tournamentModifierEffect } from "../casino/modifiers.ts"
import { players, type Player } from "../casino/player.ts"
import { isRunning, runningTournamentOf, standingOf, updateTournamentLeaderboard } from "../economy/tournament/standings.ts"
import { tournaments } from "../economy/tournament/tournament.ts"
import { U64_MAX } from "../codec/bytes.ts"
import { GameSession } from "./session-record.ts"
import {
  ObservedOutcomes,
  SUPER_MOVE_NUMBER,
  SUPER_PURPOSE,
  chargeSuper,
  creditSuper,
  newSuperRecord,
  settleSuper,
  type SuperSettlement
} from "./super-mode.ts"

export { GameSession }

export const sessions = defineTable("session", GameSession)

const sessionKey = (id: bigint): string => id.toString()

/** an open session (a settled one has left state: read its GameCompleted event) */
export const getSession = (ctx: Pick<TxContext, "store">, id: bigint): GameSession | undefined => sessions.get(ctx.store, sessionKey(id))

const nowMs = (ctx: TxContext): bigint => ctx.clock.now_s * 1_000n

/** the stack a session plays from */
const stackOf = (p: Player, session: GameSession): bigint => (session.tournament_id === null ? p.chips : p.tournament.chips)

const withStack = (p: Player, session: GameSession, chips: bigint, view: bigint): Player => {
  if (session.tournament_id === null) return chips === p.chips ? p : { ...p, chips }
  if (chips === p.tournament.chips) return p
  return { ...p, tournament: { ...p.tournament, chips, reached_view: view } }
}

/**
 * Apply a game step's chip flows to the session's stack (and, for cash, the house); error =
 * nothing applied. `stake` is what the step wagers beyond its own charge (the start bet), `drew`
 * whether the step drew any outcome (a non-completing step that drew none can only credit refunds).
 */
const applyStep = (
  ctx: TxContext,
  player: Player,
  session: GameSession,
  s: GameStep<unknown>,
  move_number: number,
  stake: bigint,
  drew: boolean
): HandlerResult => {
  const staked = stake + s.charge
  let record = session.super_mode
  let fee = 0n
  if (record !== null) {
    const c = chargeSuper(record, staked)
    if (c instanceof InvalidBet) return c
    record = c.record
    fee = c.fee
  }
  const charged = staked + fee
  const available = stackOf(player, session)
  if (available < charged) return insufficient(charged, available, session.tournament_id === null ? "chips" : "tournament chips")
  let credited = s.credit
  let settlement: SuperSettlement | null = null
  if (record !== null) {
    const c = creditSuper(record, s, drew)
    if (c instanceof InvalidBet) return c
    record = c.record
    credited += c.fee_refund
    if (s.complete) {
      settlement = settleSuper(record, session.game_type, ctx.outcomes.forMove(session.id, SUPER_MOVE_NUMBER, SUPER_PURPOSE))
      record = settlement.record
      credited += settlement.bonus
    }
  }
  let shielded = false
  let doubled = false
  if (s.complete && session.tournament_id !== null) {
    const net = session.total_credited + credited - (session.total_charged + charged)
    const effect = tournamentModifierEffect(session, player.tournament, net, credited)
    credited += effect.extra
    shielded = effect.shielded
    doubled = effect.doubled
  }
  const chips = available - charged + credited
  if (chips > U64_MAX) return new AmountOverflow({ message: "the chip balance would exceed 2^64-1" })
  const next: GameSession = {
    ...session,
    state: s.state,
    move_count: move_number,
    is_complete: s.complete,
    total_charged: session.total_charged + charged,
    total_credited: session.total_credited + credited,
    super_mode: record
  }
  // a cash session's completion sets its chips with the rest: one copy of the record
  let p: Player = s.complete && session.tournament_id === null ? player : withStack(player, session, chips, ctx.clock.view)
  if (s.complete) {
    const played_s = ctx.clock.now_s - next.created_view * 3n
    p = {
      ...p,
      chips: session.tournament_id === null ? chips : p.chips,
      active_session: p.active_session === session.id ? null : p.active_session,
      active_shield: false,
      active_double: false,
      active_super: false,
      sessions_played: p.sessions_played + 1n,
      play_seconds: p.play_seconds + (played_s > 1n ? played_s : 1n),
      last_session_ts: ctx.clock.now_s
    }
    if (session.tournament_id !== null) {
      if (shielded && p.tournament.shields <= 0) throw new Error("a shield was used with none left")
      if (doubled && p.tournament.doubles <= 0) throw new Error("a double was used with none left")
      p = {
        ...p,
        tournament: {
          ...p.tournament,
          session: null,
          shields: p.tournament.shields - (shielded ? 1 : 0),
          doubles: p.tournament.doubles - (doubled ? 1 : 0)
        }
      }
    }
  }
  players.put(ctx.store, session.player, p)
  if (s.complete) sessions.delete(ctx.store, sessionKey(session.id))
  else sessions.put(ctx.store, sessionKey(session.id), next)
  if (session.tournament_id === null) recordGameFlow(ctx.store, charged, credited)
  ctx.emit({
    _tag: "GameMoved",
    session_id: session.id,
    player: session.player,
    move_number,
    charged,
    credited,
    logs: s.complete ? [] : [...s.logs]
  })
  if (settlement !== null && record !== null)
    ctx.emit({
      _tag: "SuperSettled",
      session_id: session.id,
      player: session.player,
      game_type: session.game_type,
      multiplier_tenths: settlement.multiplier_tenths,
      lifted: record.lifted,
      bonus: settlement.bonus,
      fees: record.fees_paid - record.fees_refunded
    })
  if (s.complete)
    ctx.emit({
      _tag: "GameCompleted",
      session_id: session.id,
      player: session.player,
      game_type: session.game_type,
      payout: next.total_credited - next.total_charged,
      total_charged: next.total_charged,
      total_credited: next.total_credited,
      final_chips: stackOf(p, session),
      logs: [...s.logs],
      tournament_id: session.tournament_id,
      was_shielded: shielded,
      was_doubled: doubled,
      forfeited: false,
      session: next
    })
  updateBoards(ctx, player, p, session, s.complete)
  return undefined
}

/** the cash board at a cash session's completion; the tournament top 10 whenever a stack moved */
const updateBoards = (ctx: TxContext, before: Player, after: Player, session: GameSession, completed: boolean): void => {
  if (session.tournament_id === null) {
    if (!completed) return
    const entries = updateCashLeaderboard(ctx.store, session.player, after.chips, ctx.clock.view)
    if (entries !== null) ctx.emit({ _tag: "LeaderboardUpdated", tournament_id: null, entries })
    return
  }
  if (after.tournament.chips === before.tournament.chips && after.tournament.reached_view === before.tournament.reached_view) return
  const t = tournaments.get(ctx.store, session.tournament_id.toString())
  if (t === undefined) throw new Error(`tournament ${session.tournament_id} of session ${session.id} is gone`)
  const entries = updateTournamentLeaderboard(ctx.store, t, standingOf(session.player, before), standingOf(session.player, after))
  if (entries !== null) ctx.emit({ _tag: "LeaderboardUpdated", tournament_id: t.id, entries })
}

export const startGame: Handler<"StartGame"> = (ctx, ix) => {
  const player = players.get(ctx.store, ctx.signer)
  if (player === undefined) return new PlayerNotFound({ message: "register before playing" })
  const game_type = GAME_TYPES[ix.game_type]
  if (game_type === undefined) return new InstructionUnsupported({ message: `unknown game type ${ix.game_type}` })
  const game = GAMES[game_type]
  if (game === undefined) return new InstructionUnsupported({ message: `${game_type} is not available yet` })
  if (game.betByMove && ix.bet !== 0n) return new InvalidBet({ message: `${game_type} takes its bets by move: start with bet 0` })
  if (!game.betByMove && ix.bet === 0n) return new InvalidBet({ message: "Bet must be greater than zero" })
  if (player.last_session_id !== null && ix.session_id <= player.last_session_id)
    return new SessionExists({ message: `session ids increase per player: the next must be above ${player.last_session_id}` })
  if (sessions.has(ctx.store, sessionKey(ix.session_id))) return new SessionExists({ message: `session ${ix.session_id} already exists` })
  const t = runningTournamentOf(ctx.store, player, nowMs(ctx))
  if (t !== null && player.tournament.session !== null)
    return new SessionExists({ message: `finish tournament session ${player.tournament.session} before starting another` })
  const stack = t === null ? player.chips : player.tournament.chips
  const what = t === null ? "chips" : "tournament chips"
  const super_mode = player.active_super ? newSuperRecord() : null
  if (super_mode !== null) {
    const c = chargeSuper(super_mode, ix.bet)
    if (c instanceof InvalidBet) return c
    if (stack < ix.bet + c.fee) return insufficient(ix.bet + c.fee, stack, what)
  } else if (stack < ix.bet) return insufficient(ix.bet, stack, what)
  const io = new ObservedOutcomes(ctx.outcomes.forMove(ix.session_id, 0, "game"))
  const init = game.init(ix.bet, io)
  if (isGameError(init)) return init
  const session: GameSession = {
    id: ix.session_id,
    player: ctx.signer,
    game_type,
    bet: ix.bet,
    state: init.state,
    move_count: 0,
    created_view: ctx.clock.view,
    is_complete: false,
    total_charged: 0n,
    total_credited: 0n,
    super_mode,
    tournament_id: t === null ? null : t.id,
    shield: t !== null && player.active_shield && player.tournament.shields > 0,
    double: t !== null && player.active_double && player.tournament.doubles > 0
  }
  ctx.emit({ _tag: "GameStarted", session_id: ix.session_id, player: ctx.signer, game_type, bet: ix.bet, tournament_id: session.tournament_id })
  const started: Player = {
    ...player,
    active_session: ix.session_id,
    last_session_id: ix.session_id,
    tournament: t === null ? player.tournament : { ...player.tournament, session: ix.session_id }
  }
  return applyStep(ctx, started, session, init, 0, ix.bet, io.draws > 0)
}

export const gameMove: Handler<"GameMove"> = (ctx, ix) => {
  const session = sessions.get(ctx.store, sessionKey(ix.session_id))
  if (session === undefined) return new SessionNotFound({ message: `no open session ${ix.session_id}` })
  if (session.player !== ctx.signer) return new SessionNotOwned({ message: "only the session's player may move" })
  if (session.is_complete) return new SessionComplete({ message: "the session is complete" })
  if (session.tournament_id !== null) {
    const t = tournaments.get(ctx.store, session.tournament_id.toString())
    if (t === undefined || !isRunning(t, nowMs(ctx)))
      return new NotInTournament({ message: `tournament ${session.tournament_id} has closed: session ${session.id} is frozen and is forfeited when the tournament ends` })
  }
  const game = GAMES[session.game_type]
  const player = players.get(ctx.store, ctx.signer)
  if (game === undefined || player === undefined) return new SessionNotFound({ message: "the session's game or player is gone" })
  const move_number = session.move_count + 1
  const io = new ObservedOutcomes(ctx.outcomes.forMove(ix.session_id, move_number, "game"))
  const s = game.move(session.state, ix.payload, io)
  if (isGameError(s)) return s
  return applyStep(ctx, player, session, s, move_number, 0n, io.draws > 0)
}

/**
 * A tournament session still open when its tournament ends is forfeited (T2): what it staked
 * stays lost (a refund would make abandoning a losing hand free), nothing more is credited, it
 * does not count as a played session, and it leaves state with a GameCompleted{forfeited}.
 * Returns the player with the session detached.
 */
export const forfeitTournamentSession = (ctx: TxContext, p: Player, session_id: bigint): Player => {
  const session = sessions.get(ctx.store, sessionKey(session_id))
  if (session === undefined || session.tournament_id === null) throw new Error(`tournament session ${session_id} is not open`)
  sessions.delete(ctx.store, sessionKey(session_id))
  const left: Player = {
    ...p,
    active_session: p.active_session === session_id ? null : p.active_session,
    tournament: { ...p.tournament, session: null }
  }
  ctx.emit({
    _tag: "GameCompleted",
    session_id,
    player: session.player,
    game_type: session.game_type,
    payout: session.total_credited - session.total_charged,
    total_charged: session.total_charged,
    total_credited: session.total_credited,
    final_chips: left.tournament.chips,
    logs: [],
    tournament_id: session.tournament_id,
    was_shielded: false,
    was_doubled: false,
    forfeited: true,
    session
  })
  return left
}

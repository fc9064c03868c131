/**
 * Game sessions (games-a.md §1.1–1.2): StartGame and GameMove, the one instruction path every
 * game runs through. The executor owns all chip movements:
 *  - start: the bet is charged (bet 0 only for bet-by-move games, which refuse a non-zero start);
 *  - each step's charge is taken (refused with InsufficientFunds if the player is short, changing
 *    nothing) and its credit is paid; on completion the play record is updated and every armed
 *    modifier (shield, double, super) is cleared;
 *  - super sessions (player.active_super at start) pay a 20 % fee with every stake, get the fee of
 *    a refunded unplayed stake back, and at completion draw the game's multiplier, which lifts
 *    every played return (super-mode/ledger.ts, docs/games/super-mode.md).
 * A session's move counter increases by exactly one per accepted move and seeds its outcomes (N1).
 */
import { Schema } from "effect"
import { InvalidBet, InstructionUnsupported, SessionComplete, SessionExists, SessionNotFound, SessionNotOwned, PlayerNotFound, AmountOverflow } from "../errors.ts"
import type { Handler, HandlerResult, TxContext } from "../execute/context.ts"
import { PublicKey, U64 } from "../schema/primitives.ts"
import { defineTable } from "../state/store.ts"
import { GAME_TYPES } from "../tx/instruction.ts"
import { isGameError, type GameStep } from "./game.ts"
import { GAMES } from "./registry.ts"
import { insufficient, recordGameFlow } from "../casino/ledger.ts"
import { players, type Player } from "../casino/player.ts"
import { U64_MAX } from "../codec/bytes.ts"
import {
  ObservedOutcomes,
  SUPER_MOVE_NUMBER,
  SUPER_PURPOSE,
  SuperRecord,
  chargeSuper,
  creditSuper,
  newSuperRecord,
  settleSuper,
  type SuperSettlement
} from "./super-mode.ts"

export const GameSession = Schema.Struct({
  id: U64,
  player: PublicKey,
  game_type: Schema.Literal(...GAME_TYPES),
  bet: U64,
  /** the game's own state, in its schema's encoded form */
  state: Schema.Unknown,
  move_count: Schema.Int,
  created_view: U64,
  is_complete: Schema.Boolean,
  /** every chip taken: stakes and super fees */
  total_charged: U64,
  /** every chip given: refunds (with their fees), returns and the super lift */
  total_credited: U64,
  /** super mode's record; null for a session started without super armed */
  super_mode: Schema.NullOr(SuperRecord)
})
export type GameSession = typeof GameSession.Type

export const sessions = defineTable("session", GameSession)

const sessionKey = (id: bigint): string => id.toString()

export const getSession = (ctx: Pick<TxContext, "store">, id: bigint): GameSession | undefined => sessions.get(ctx.store, sessionKey(id))

/**
 * Apply a game step's chip flows to the player and the house; error = nothing applied.
 * `stake` is what the step wagers beyond its own charge (the start bet), `drew` whether the step
 * drew any outcome (a non-completing step that drew none can only credit refunds).
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
  if (player.chips < charged) return insufficient(charged, player.chips)
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
  const chips = player.chips - charged + credited
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
  let p: Player = { ...player, chips }
  if (s.complete) {
    const played_s = ctx.clock.now_s - next.created_view * 3n
    p = {
      ...p,
      active_session: null,
      active_shield: false,
      active_double: false,
      active_super: false,
      sessions_played: p.sessions_played + 1n,
      play_seconds: p.play_seconds + (played_s > 1n ? played_s : 1n),
      last_session_ts: ctx.clock.now_s
    }
  }
  players.put(ctx.store, session.player, p)
  sessions.put(ctx.store, sessionKey(session.id), next)
  recordGameFlow(ctx.store, charged, credited)
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
      final_chips: p.chips,
      logs: [...s.logs]
    })
  return undefined
}

export const startGame: Handler<"StartGame"> = (ctx, ix) => {
  const player = players.get(ctx.store, ctx.signer)
  if (player === undefined) return new PlayerNotFound({ message: "register before playing" })
  const game_type = GAME_TYPES[ix.game_type]!
  const game = GAMES[game_type]
  if (game === undefined) return new InstructionUnsupported({ message: `${game_type} is not available yet` })
  if (game.betByMove && ix.bet !== 0n) return new InvalidBet({ message: `${game_type} takes its bets by move: start with bet 0` })
  if (!game.betByMove && ix.bet === 0n) return new InvalidBet({ message: "Bet must be greater than zero" })
  const super_mode = player.active_super ? newSuperRecord() : null
  if (super_mode !== null) {
    const c = chargeSuper(super_mode, ix.bet)
    if (c instanceof InvalidBet) return c
    if (player.chips < ix.bet + c.fee) return insufficient(ix.bet + c.fee, player.chips)
  } else if (player.chips < ix.bet) return insufficient(ix.bet, player.chips)
  if (sessions.has(ctx.store, sessionKey(ix.session_id))) return new SessionExists({ message: `session ${ix.session_id} already exists` })
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
    super_mode
  }
  ctx.emit({ _tag: "GameStarted", session_id: ix.session_id, player: ctx.signer, game_type, bet: ix.bet })
  return applyStep(ctx, { ...player, active_session: ix.session_id }, session, init, 0, ix.bet, io.draws > 0)
}

export const gameMove: Handler<"GameMove"> = (ctx, ix) => {
  const session = sessions.get(ctx.store, sessionKey(ix.session_id))
  if (session === undefined) return new SessionNotFound({ message: `no session ${ix.session_id}` })
  if (session.player !== ctx.signer) return new SessionNotOwned({ message: "only the session's player may move" })
  if (session.is_complete) return new SessionComplete({ message: "the session is complete" })
  const game = GAMES[session.game_type]
  const player = players.get(ctx.store, ctx.signer)
  if (game === undefined || player === undefined) return new SessionNotFound({ message: "the session's game or player is gone" })
  const move_number = session.move_count + 1
  const io = new ObservedOutcomes(ctx.outcomes.forMove(ix.session_id, move_number, "game"))
  const s = game.move(session.state, ix.payload, io)
  if (isGameError(s)) return s
  return applyStep(ctx, player, session, s, move_number, 0n, io.draws > 0)
}

/**
 * Game sessions (games-a.md §1.1–1.2): StartGame and GameMove, the one instruction path every
 * game runs through. The executor owns all chip movements:
 *  - start: the bet is charged (bet 0 only for bet-by-move games, which refuse a non-zero start);
 *  - each step's charge is taken (refused with InsufficientFunds if the player is short, changing
 *    nothing) and its credit is paid; on completion the play record is updated.
 * A session's move counter increases by exactly one per accepted move and seeds its outcomes.
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
  total_charged: U64,
  total_credited: U64
})
export type GameSession = typeof GameSession.Type

export const sessions = defineTable("session", GameSession)

const sessionKey = (id: bigint): string => id.toString()

export const getSession = (ctx: Pick<TxContext, "store">, id: bigint): GameSession | undefined => sessions.get(ctx.store, sessionKey(id))

/** Apply a game step's chip flows to the player and the house; error = nothing applied. */
const applyStep = (
  ctx: TxContext,
  player: Player,
  session: GameSession,
  s: GameStep<unknown>,
  move_number: number,
  alreadyCharged: bigint
): HandlerResult => {
  if (player.chips < s.charge) return insufficient(s.charge, player.chips)
  const chips = player.chips - s.charge + s.credit
  if (chips > U64_MAX) return new AmountOverflow({ message: "the chip balance would exceed 2^64-1" })
  const next: GameSession = {
    ...session,
    state: s.state,
    move_count: move_number,
    is_complete: s.complete,
    total_charged: session.total_charged + s.charge + alreadyCharged,
    total_credited: session.total_credited + s.credit
  }
  let p: Player = { ...player, chips }
  if (s.complete) {
    const played_s = ctx.clock.now_s - next.created_view * 3n
    p = {
      ...p,
      active_session: null,
      sessions_played: p.sessions_played + 1n,
      play_seconds: p.play_seconds + (played_s > 1n ? played_s : 1n),
      last_session_ts: ctx.clock.now_s
    }
  }
  players.put(ctx.store, session.player, p)
  sessions.put(ctx.store, sessionKey(session.id), next)
  recordGameFlow(ctx.store, s.charge + alreadyCharged, s.credit)
  ctx.emit({
    _tag: "GameMoved",
    session_id: session.id,
    player: session.player,
    move_number,
    charged: s.charge + alreadyCharged,
    credited: s.credit,
    logs: s.complete ? [] : [...s.logs]
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
  if (player.chips < ix.bet) return insufficient(ix.bet, player.chips)
  if (sessions.has(ctx.store, sessionKey(ix.session_id))) return new SessionExists({ message: `session ${ix.session_id} already exists` })
  const init = game.init(ix.bet, ctx.outcomes.forMove(ix.session_id, 0, "game"))
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
    total_credited: 0n
  }
  ctx.emit({ _tag: "GameStarted", session_id: ix.session_id, player: ctx.signer, game_type, bet: ix.bet })
  const charged: Player = { ...player, chips: player.chips - ix.bet, active_session: ix.session_id }
  return applyStep(ctx, charged, session, init, 0, ix.bet)
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
  const s = game.move(session.state, ix.payload, ctx.outcomes.forMove(ix.session_id, move_number, "game"))
  if (isGameError(s)) return s
  return applyStep(ctx, player, session, s, move_number, 0n)
}

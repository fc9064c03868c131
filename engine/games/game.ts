/**
 * What a game is: a pure state machine over its own typed state.
 *  - `init` runs when a session starts (the executor has already charged the start bet);
 *  - `move` decodes a move payload and applies it, legal only in the stages the game allows;
 *  - each step says what to charge (mid-game wagers, checked against the player's chips),
 *    what to credit (refunds and the final return) and whether the session is complete.
 * Games never touch balances or the store; the session executor (games/session.ts) does.
 */
import { Either, Schema } from "effect"
import { InvalidMove, InvalidPayload } from "../errors.ts"
import { fastCodec } from "../state/fast-codec.ts"
import type { GameType } from "../tx/instruction.ts"
import type { OutcomeSource } from "./outcomes.ts"

export type GameError = InvalidMove | InvalidPayload

export interface GameStep<S> {
  readonly state: S
  /** chips to take from the player now (in-game wagers) */
  readonly charge: bigint
  /** chips to give to the player now (refunds, the final return) */
  readonly credit: bigint
  /**
   * the part of `credit` that hands back unplayed stakes (a side bet lowered inside a dealing
   * move): super mode returns its fee and never lifts it (N21). Absent = none declared; a step that
   * neither completes nor draws is read as refunding its whole credit anyway.
   */
  readonly refund?: bigint
  readonly complete: boolean
  readonly logs: ReadonlyArray<string>
}

export interface GameRules<S, I, M, MI> {
  readonly name: GameType
  readonly stateSchema: Schema.Schema<S, I>
  readonly moveSchema: Schema.Schema<M, MI>
  /** bet-by-move games start with bet 0; every other game needs a positive start bet */
  readonly betByMove: boolean
  readonly init: (bet: bigint, io: OutcomeSource) => GameStep<S> | GameError
  readonly decodeMove: (payload: Uint8Array) => M | InvalidPayload
  readonly encodeMove: (move: M) => Uint8Array
  readonly move: (state: S, move: M, io: OutcomeSource) => GameStep<S> | GameError
}

export const step = <S>(state: S, fields: Partial<Omit<GameStep<S>, "state">> = {}): GameStep<S> => ({
  state,
  charge: fields.charge ?? 0n,
  credit: fields.credit ?? 0n,
  complete: fields.complete ?? false,
  logs: fields.logs ?? []
})

export const isGameError = (x: unknown): x is GameError => x instanceof InvalidMove || x instanceof InvalidPayload

export const invalidMove = (message: string): InvalidMove => new InvalidMove({ message })
export const invalidPayload = (message: string): InvalidPayload => new InvalidPayload({ message })

/** A game with its state kept in encoded (JSON-safe) form, as sessions store it. */
export interface StoredGame {
  readonly name: GameType
  readonly betByMove: boolean
  readonly init: (bet: bigint, io: OutcomeSource) => GameStep<unknown> | GameError
  readonly move: (stored: unknown, payload: Uint8Array, io: OutcomeSource) => GameStep<unknown> | GameError
}

export const storedGame = <S, I, M, MI>(rules: GameRules<S, I, M, MI>): StoredGame => {
  // the state is decoded and encoded on every move: the compiled codec builds the same values
  // as Schema and defers to it whenever it cannot decide (state/fast-codec.ts)
  const fast = fastCodec(rules.stateSchema)
  const schemaEncode = Schema.encodeSync(rules.stateSchema)
  const schemaDecode = Schema.decodeUnknownEither(rules.stateSchema)
  const encode = (s: S): I => fast.encode(s) ?? schemaEncode(s)
  const decode = (u: unknown): Either.Either<S, unknown> => {
    const s = fast.decode(u)
    return s === undefined ? schemaDecode(u) : Either.right(s)
  }
  const encodeStep = (s: GameStep<S> | GameError): GameStep<unknown> | GameError =>
    isGameError(s) ? s : { ...s, state: encode(s.state) }
  return {
    name: rules.name,
    betByMove: rules.betByMove,
    init: (bet, io) => encodeStep(rules.init(bet, io)),
    move: (stored, payload, io) => {
      const state = decode(stored)
      if (Either.isLeft(state)) return invalidPayload(`unreadable ${rules.name} state`)
      const m = rules.decodeMove(payload)
      if (m instanceof InvalidPayload) return m
      return encodeStep(rules.move(state.right, m, io))
    }
  }
}

/**
 * A game player: how an agent plays one session of one game, from the session's state as the
 * read model shows it. `open` sizes the session (the StartGame bet and the moves that need no
 * state, sent in the same turn); `next` reads the session's stored state and returns the next
 * move, or undefined when the strategy has nothing to send. Legality is the engine's: a player
 * only chooses among moves; the engine's own predicates and strategy code decide what is offered
 * (sim/fairness strategies for blackjack, Ultimate Hold'em, video poker, Hi-Lo, three card).
 *
 * `cover` is how many times the stake the stack must hold before a session opens (mid-game
 * wagers: doubles, splits, plays, the war raise), so a strategy move is rarely unaffordable; when
 * it is, `next` falls back to the move that wagers nothing more.
 */
import { Either, Schema } from "effect"
import { fastCodec } from "../../../engine/state/fast-codec.ts"
import type { RandomStream } from "../../../engine/random/stream.ts"
import type { GameType } from "../../../engine/tx/instruction.ts"

export interface Opening {
  readonly bet: bigint
  readonly moves: ReadonlyArray<Uint8Array>
}

export interface MoveContext {
  /** chips the session plays from right now (cash or tournament stack) */
  readonly stack: bigint
  readonly rng: RandomStream
}

export interface GamePlayer {
  readonly game: GameType
  /** the stack must hold cover × stake to open */
  readonly cover: bigint
  readonly open: (stake: bigint, rng: RandomStream) => Opening
  readonly next: (state: unknown, ctx: MoveContext) => Uint8Array | undefined
}

/**
 * decode a session's stored state with the game's own schema (undefined if it is not this
 * game's): the engine's compiled codec first, Schema where it cannot decide (as sessions do)
 */
export const stateDecoder = <S, I>(schema: Schema.Schema<S, I>): ((stored: unknown) => S | undefined) => {
  const fast = fastCodec(schema)
  const decode = Schema.decodeUnknownEither(schema)
  return (stored) => {
    const quick = fast.decode(stored)
    if (quick !== undefined) return quick
    const r = decode(stored)
    return Either.isRight(r) ? r.right : undefined
  }
}

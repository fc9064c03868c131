/**
 * The parts the games' move codecs share. A payload is one action byte and that action's fields,
 * with no trailing bytes; each game writes its actions down once, as a tagged-union table in its
 * own `moves.ts` (engine/codec/union.ts), and `movePayloadCodec` turns the table into the game's
 * `encodeMove` / `decodeMove`. In the bet-list games (roulette, sic bo, baccarat, craps) a bet is a
 * type code byte, for some games a number/target byte, then a positive u64 amount; a batch is a
 * count byte of 1 to the game's limit and that many bets.
 */
import { Schema } from "effect"
import { DecodeFailure, U64_MAX } from "../codec/bytes.ts"
import { decodeEither, encode, refine, type Codec } from "../codec/codec.ts"
import { u64, vec } from "../codec/primitives.ts"
import { type UnionCodec } from "../codec/union.ts"
import { InvalidPayload } from "../errors.ts"
import { invalidPayload } from "./game.ts"

/** the largest stake when stakes must fit a signed 64-bit delta */
export const SIGNED_STAKE_MAX = (1n << 63n) - 1n

const amountIn = (min: bigint, max: bigint) => Schema.BigIntFromSelf.pipe(Schema.betweenBigInt(min, max))

/** a u64 amount that must be positive */
export const positiveAmount = (noun = "a bet amount"): Codec<bigint> =>
  refine(u64, amountIn(1n, U64_MAX), (a) => (a === 0n ? `${noun} must be positive` : undefined))

/** a u64 amount that must be positive and at most 2^63 - 1 */
export const stake = (noun = "a bet amount"): Codec<bigint> =>
  refine(u64, amountIn(1n, SIGNED_STAKE_MAX), (a) =>
    a === 0n ? `${noun} must be positive` : a > SIGNED_STAKE_MAX ? `${noun} must be at most 2^63 - 1` : undefined
  )

/** a u64 amount of at most 2^63 - 1 (zero allowed) */
export const signedRangeAmount = (noun = "an amount"): Codec<bigint> =>
  refine(u64, amountIn(0n, SIGNED_STAKE_MAX), (a) => (a > SIGNED_STAKE_MAX ? `${noun} must be at most 2^63 - 1` : undefined))

/** a count byte of 1 to `max`, then that many bets */
export const betBatch = <B>(bet: Codec<B>, max: number): Codec<ReadonlyArray<B>> => vec(bet, { count: "u8", min: 1, max })

export interface MovePayloadCodec<M> {
  readonly game: string
  readonly codec: UnionCodec<M>
  readonly encode: (m: M) => Uint8Array
  /** the move, or InvalidPayload naming the game and the failing byte */
  readonly decode: (payload: Uint8Array) => M | InvalidPayload
}

export const movePayloadCodec = <M>(game: string, codec: UnionCodec<M>): MovePayloadCodec<M> => ({
  game,
  codec,
  encode: (m) => encode(codec, m, 16),
  decode: (payload) => {
    const m = decodeEither(codec, payload)
    return m instanceof DecodeFailure ? invalidPayload(`${game} move: ${m.message}`) : m
  }
})

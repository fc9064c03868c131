/**
 * Baccarat moves (games-a.md §2) and their payload bytes, one table for both directions:
 *   [0, bet] place · [1] deal · [2] clear bets · [3, count, count × bet]
 * where a bet is [type (index in bets.ts BET_TYPES), amount u64 in 1..2^63-1] and a batch holds
 * 1 to one-per-bet-type bets.
 */
import { Schema } from "effect"
import { enumU8 } from "../../codec/primitives.ts"
import { struct } from "../../codec/struct.ts"
import { taggedUnion } from "../../codec/union.ts"
import { U64 } from "../../schema/primitives.ts"
import { betBatch, movePayloadCodec, stake } from "../move-codec.ts"
import { BET_TYPES } from "./bets.ts"

export const Bet = Schema.Struct({ type: Schema.Literal(...BET_TYPES), amount: U64 })
export type BaccaratBet = typeof Bet.Type

export const BaccaratMove = Schema.Union(
  Schema.TaggedStruct("PlaceBet", { bet: Bet }),
  Schema.TaggedStruct("Deal", {}),
  Schema.TaggedStruct("ClearBets", {}),
  Schema.TaggedStruct("Batch", { bets: Schema.Array(Bet) })
)
export type BaccaratMove = typeof BaccaratMove.Type

const bet = struct("baccarat bet", Bet, { type: enumU8("bet type", BET_TYPES), amount: stake() })

export const BACCARAT_MOVES = movePayloadCodec(
  "baccarat",
  taggedUnion("baccarat move", BaccaratMove, [
    { code: 0, tag: "PlaceBet", fields: { bet } },
    { code: 1, tag: "Deal" },
    { code: 2, tag: "ClearBets" },
    { code: 3, tag: "Batch", fields: { bets: betBatch(bet, BET_TYPES.length) } }
  ])
)
export const encodeBaccaratMove = BACCARAT_MOVES.encode
export const decodeBaccaratMove = BACCARAT_MOVES.decode

/**
 * Craps moves (games-a.md §5) and their payload bytes, one table for both directions:
 *   [0, bet] place · [1, u64 amount] add odds · [2] roll · [3] clear bets · [4, count, count × bet]
 * where a bet is [type code (bets.ts BET_CODES), target u8, amount u64 in 1..2^63-1] and a batch
 * holds 1 to MAX_BETS bets.
 */
import { Schema } from "effect"
import { enumU8, u8 } from "../../codec/primitives.ts"
import { struct } from "../../codec/struct.ts"
import { taggedUnion } from "../../codec/union.ts"
import { betBatch, movePayloadCodec, stake } from "../move-codec.ts"
import { BET_CODES, BET_TYPES } from "./bets.ts"

export const MAX_BETS = 20

/** A bet as a player places it (the wire form). */
const PlacedBet = Schema.Struct({ type: Schema.Literal(...BET_TYPES), target: Schema.Int, amount: Schema.BigIntFromSelf })
export type PlacedBet = typeof PlacedBet.Type

export const CrapsMove = Schema.Union(
  Schema.TaggedStruct("PlaceBet", { bet: PlacedBet }),
  Schema.TaggedStruct("AddOdds", { amount: Schema.BigIntFromSelf }),
  Schema.TaggedStruct("Roll", {}),
  Schema.TaggedStruct("ClearBets", {}),
  Schema.TaggedStruct("Batch", { bets: Schema.Array(PlacedBet) })
)
export type CrapsMove = typeof CrapsMove.Type

const amount = stake("an amount")
const bet = struct("craps bet", PlacedBet, {
  type: enumU8("bet type", BET_TYPES, BET_TYPES.map((t) => BET_CODES[t])),
  target: u8,
  amount
})

export const CRAPS_MOVES = movePayloadCodec(
  "craps",
  taggedUnion("craps move", CrapsMove, [
    { code: 0, tag: "PlaceBet", fields: { bet } },
    { code: 1, tag: "AddOdds", fields: { amount } },
    { code: 2, tag: "Roll" },
    { code: 3, tag: "ClearBets" },
    { code: 4, tag: "Batch", fields: { bets: betBatch(bet, MAX_BETS) } }
  ])
)
export const encodeCrapsMove = CRAPS_MOVES.encode
export const decodeCrapsMove = CRAPS_MOVES.decode

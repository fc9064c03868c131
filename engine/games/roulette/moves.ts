/**
 * Roulette moves (games-b.md §2) and their payload bytes, one table for both directions:
 *   [0, bet] place · [1] spin · [2] clear bets · [3, zero rule index] · [4, count, count × bet]
 * where a bet is [type (index in bets.ts BET_TYPES), number u8, amount u64 ≥ 1] and a batch holds
 * 1 to MAX_BETS_PER_ROUND bets. Bet numbers are checked by the rules, not the codec.
 */
import { Schema } from "effect"
import { enumU8, u8 } from "../../codec/primitives.ts"
import { struct } from "../../codec/struct.ts"
import { taggedUnion } from "../../codec/union.ts"
import { U64 } from "../../schema/primitives.ts"
import { betBatch, movePayloadCodec, positiveAmount } from "../move-codec.ts"
import { BET_TYPES } from "./bets.ts"

export const MAX_BETS_PER_ROUND = 20
export const ZERO_RULES = ["standard", "la_partage", "en_prison", "en_prison_double", "american"] as const
export type ZeroRule = (typeof ZERO_RULES)[number]

export const Bet = Schema.Struct({ type: Schema.Literal(...BET_TYPES), number: Schema.Int, amount: U64 })
export type RouletteBet = typeof Bet.Type

export const RouletteMove = Schema.Union(
  Schema.TaggedStruct("PlaceBet", { bet: Bet }),
  Schema.TaggedStruct("Spin", {}),
  Schema.TaggedStruct("ClearBets", {}),
  Schema.TaggedStruct("SetRule", { rule: Schema.Literal(...ZERO_RULES) }),
  Schema.TaggedStruct("Batch", { bets: Schema.Array(Bet) })
)
export type RouletteMove = typeof RouletteMove.Type

const bet = struct("roulette bet", Bet, { type: enumU8("bet type", BET_TYPES), number: u8, amount: positiveAmount() })

export const ROULETTE_MOVES = movePayloadCodec(
  "roulette",
  taggedUnion("roulette move", RouletteMove, [
    { code: 0, tag: "PlaceBet", fields: { bet } },
    { code: 1, tag: "Spin" },
    { code: 2, tag: "ClearBets" },
    { code: 3, tag: "SetRule", fields: { rule: enumU8("zero rule", ZERO_RULES) } },
    { code: 4, tag: "Batch", fields: { bets: betBatch(bet, MAX_BETS_PER_ROUND) } }
  ])
)
export const encodeRouletteMove = ROULETTE_MOVES.encode
export const decodeRouletteMove = ROULETTE_MOVES.decode

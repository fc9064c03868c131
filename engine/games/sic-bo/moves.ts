/**
 * Sic Bo moves (games-b.md §3) and their payload bytes, one table for both directions:
 *   [0, bet] place · [1] roll · [2] clear bets · [3, count, count × bet] · [4, paytable index]
 * where a bet is [type (index in bets.ts BET_TYPES), number u8 valid for the type, amount u64 ≥ 1]
 * and a batch holds 1 to MAX_BETS_PER_ROUND bets.
 */
import { Schema } from "effect"
import { refine } from "../../codec/codec.ts"
import { enumU8, u8 } from "../../codec/primitives.ts"
import { fieldDomains, struct } from "../../codec/struct.ts"
import { taggedUnion } from "../../codec/union.ts"
import { U64 } from "../../schema/primitives.ts"
import { betBatch, movePayloadCodec, positiveAmount } from "../move-codec.ts"
import { BET_TYPES, PAYTABLES, validNumber } from "./bets.ts"

export const MAX_BETS_PER_ROUND = 20

export const Bet = Schema.Struct({ type: Schema.Literal(...BET_TYPES), number: Schema.Int, amount: U64 })
export type SicBoBet = typeof Bet.Type

export const SicBoMove = Schema.Union(
  Schema.TaggedStruct("PlaceBet", { bet: Bet }),
  Schema.TaggedStruct("Roll", {}),
  Schema.TaggedStruct("ClearBets", {}),
  Schema.TaggedStruct("Batch", { bets: Schema.Array(Bet) }),
  Schema.TaggedStruct("SetPaytable", { paytable: Schema.Literal(...PAYTABLES) })
)
export type SicBoMove = typeof SicBoMove.Type

const betFields = { type: enumU8("bet type", BET_TYPES), number: u8, amount: positiveAmount() }
const bet = refine(
  struct("sic bo bet", Bet, betFields),
  Schema.Struct(fieldDomains(betFields)).pipe(Schema.filter((b) => Schema.is(Bet)(b) && validNumber(b.type, b.number))),
  (b) => (validNumber(b.type, b.number) ? undefined : `${b.number} is not a valid number for ${b.type}`)
)

export const SIC_BO_MOVES = movePayloadCodec(
  "sic bo",
  taggedUnion("sic bo move", SicBoMove, [
    { code: 0, tag: "PlaceBet", fields: { bet } },
    { code: 1, tag: "Roll" },
    { code: 2, tag: "ClearBets" },
    { code: 3, tag: "Batch", fields: { bets: betBatch(bet, MAX_BETS_PER_ROUND) } },
    { code: 4, tag: "SetPaytable", fields: { paytable: enumU8("paytable", PAYTABLES) } }
  ])
)
export const encodeSicBoMove = SIC_BO_MOVES.encode
export const decodeSicBoMove = SIC_BO_MOVES.decode

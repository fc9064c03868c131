/**
 * Casino War moves (games-a.md §4) and their payload bytes, one table for both directions:
 *   [0] play · [1] war · [2] surrender · [3, u64] tie bet · [4, u64] tie bet and play
 *   [5, rule bits] rules: bit 0 the Tie bet pays 11:1, bit 1 the tie-after-tie bonus; other bits 0
 * Amounts are at most 2^63 − 1.
 */
import { Schema } from "effect"
import { bitFlags } from "../../codec/primitives.ts"
import { taggedUnion } from "../../codec/union.ts"
import { U64 } from "../../schema/primitives.ts"
import { movePayloadCodec, signedRangeAmount } from "../move-codec.ts"

const RuleFlags = Schema.Struct({ tie_pays_11: Schema.Boolean, tie_after_tie_bonus: Schema.Boolean })

export const CasinoWarMove = Schema.Union(
  Schema.TaggedStruct("Play", {}),
  Schema.TaggedStruct("War", {}),
  Schema.TaggedStruct("Surrender", {}),
  Schema.TaggedStruct("SetTieBet", { amount: U64 }),
  Schema.TaggedStruct("TieBetAndPlay", { amount: U64 }),
  Schema.TaggedStruct("SetRules", RuleFlags.fields)
)
export type CasinoWarMove = typeof CasinoWarMove.Type

const amount = signedRangeAmount("an amount")

export const CASINO_WAR_MOVES = movePayloadCodec(
  "casino war",
  taggedUnion("casino war move", CasinoWarMove, [
    { code: 0, tag: "Play" },
    { code: 1, tag: "War" },
    { code: 2, tag: "Surrender" },
    { code: 3, tag: "SetTieBet", fields: { amount } },
    { code: 4, tag: "TieBetAndPlay", fields: { amount } },
    {
      code: 5,
      tag: "SetRules",
      packed: {
        keys: ["tie_pays_11", "tie_after_tie_bonus"],
        codec: bitFlags("casino war rule", RuleFlags, { tie_pays_11: { mask: 1 }, tie_after_tie_bonus: { mask: 2 } })
      }
    }
  ])
)
export const encodeCasinoWarMove = CASINO_WAR_MOVES.encode
export const decodeCasinoWarMove = CASINO_WAR_MOVES.decode

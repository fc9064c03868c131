/**
 * Three Card Poker moves (games-b.md) and their payload bytes, one table for both directions:
 *   [0] play · [1] fold · [2] deal · [3, u64] Pair Plus · [4] reveal · [5, u64] six-card bonus
 *   [6, u64 0|1] progressive · [7, pair_plus, six_card, progressive u64s] atomic deal
 *   [8, qualifier index] rules (0 queen-high, 1 Q-6-4)
 * The side-bet codes fix which bet a SetSideBet names.
 */
import { Schema } from "effect"
import { enumU8, u64 } from "../../codec/primitives.ts"
import { taggedUnion } from "../../codec/union.ts"
import { U64 } from "../../schema/primitives.ts"
import { movePayloadCodec } from "../move-codec.ts"
import { QUALIFIERS } from "./hand.ts"

export const SIDE_BETS = ["PAIR_PLUS", "SIX_CARD", "PROGRESSIVE"] as const
export type SideBet = (typeof SIDE_BETS)[number]

export const ThreeCardMove = Schema.Union(
  Schema.TaggedStruct("SetRules", { qualifier: Schema.Literal(...QUALIFIERS) }),
  Schema.TaggedStruct("SetSideBet", { bet: Schema.Literal(...SIDE_BETS), amount: U64 }),
  Schema.TaggedStruct("Deal", {}),
  Schema.TaggedStruct("AtomicDeal", { pair_plus: U64, six_card: U64, progressive: U64 }),
  Schema.TaggedStruct("Play", {}),
  Schema.TaggedStruct("Fold", {}),
  Schema.TaggedStruct("Reveal", {})
)
export type ThreeCardMove = typeof ThreeCardMove.Type

export const THREE_CARD_MOVES = movePayloadCodec(
  "three card",
  taggedUnion("three card move", ThreeCardMove, [
    { code: 0, tag: "Play" },
    { code: 1, tag: "Fold" },
    { code: 2, tag: "Deal" },
    { code: 3, tag: "SetSideBet", consts: { bet: "PAIR_PLUS" }, fields: { amount: u64 } },
    { code: 4, tag: "Reveal" },
    { code: 5, tag: "SetSideBet", consts: { bet: "SIX_CARD" }, fields: { amount: u64 } },
    { code: 6, tag: "SetSideBet", consts: { bet: "PROGRESSIVE" }, fields: { amount: u64 } },
    { code: 7, tag: "AtomicDeal", fields: { pair_plus: u64, six_card: u64, progressive: u64 } },
    { code: 8, tag: "SetRules", fields: { qualifier: enumU8("qualifier", QUALIFIERS) } }
  ])
)
export const encodeThreeCardMove = THREE_CARD_MOVES.encode
export const decodeThreeCardMove = THREE_CARD_MOVES.decode

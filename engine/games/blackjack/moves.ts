/**
 * Blackjack moves (games-a.md §3.3) and their payload bytes, one table for both directions:
 *   [0] hit · [1] stand · [2] double · [3] split · [4] deal · [5, u64] side bet · [6] reveal
 *   [7] surrender · [7, u64 side bet] atomic deal · [8, rule flags, decks code] rules
 * Code 7 is shared: a payload that ends after the code is a surrender, one with a u64 is an atomic
 * deal (so [7] is also the 1-byte prefix of an atomic deal). Rule flags and decks codes are rules.ts's.
 */
import { Schema } from "effect"
import { mapCodec } from "../../codec/codec.ts"
import { u64, u8 } from "../../codec/primitives.ts"
import { struct } from "../../codec/struct.ts"
import { taggedUnion } from "../../codec/union.ts"
import { U64 } from "../../schema/primitives.ts"
import { movePayloadCodec } from "../move-codec.ts"
import { BlackjackRules, decksCode, rulesFlags, rulesFromBytes } from "./rules.ts"

export const BlackjackMove = Schema.Union(
  Schema.TaggedStruct("Hit", {}),
  Schema.TaggedStruct("Stand", {}),
  Schema.TaggedStruct("Double", {}),
  Schema.TaggedStruct("Split", {}),
  Schema.TaggedStruct("Deal", {}),
  Schema.TaggedStruct("SetSideBet", { amount: U64 }),
  Schema.TaggedStruct("Reveal", {}),
  Schema.TaggedStruct("AtomicDeal", { side_bet: U64 }),
  Schema.TaggedStruct("Surrender", {}),
  Schema.TaggedStruct("SetRules", { rules: BlackjackRules })
)
export type BlackjackMove = typeof BlackjackMove.Type

const RulesBytes = Schema.Struct({ flags: Schema.Int, decks_code: Schema.Int })
const rules = mapCodec(struct("blackjack rules bytes", RulesBytes, { flags: u8, decks_code: u8 }), {
  name: "blackjack rules",
  domain: Schema.typeSchema(BlackjackRules),
  is: Schema.is(BlackjackRules),
  to: (b) => rulesFromBytes(b.flags, b.decks_code) ?? "unknown rule flags or decks code",
  from: (r) => ({ flags: rulesFlags(r), decks_code: decksCode(r.decks) })
})

export const BLACKJACK_MOVES = movePayloadCodec(
  "blackjack",
  taggedUnion("blackjack move", BlackjackMove, [
    { code: 0, tag: "Hit" },
    { code: 1, tag: "Stand" },
    { code: 2, tag: "Double" },
    { code: 3, tag: "Split" },
    { code: 4, tag: "Deal" },
    { code: 5, tag: "SetSideBet", fields: { amount: u64 } },
    { code: 6, tag: "Reveal" },
    { code: 7, tag: "Surrender" },
    { code: 7, tag: "AtomicDeal", fields: { side_bet: u64 } },
    { code: 8, tag: "SetRules", fields: { rules } }
  ])
)
export const encodeBlackjackMove = BLACKJACK_MOVES.encode
export const decodeBlackjackMove = BLACKJACK_MOVES.decode

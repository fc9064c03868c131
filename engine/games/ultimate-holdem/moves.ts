/**
 * Ultimate Texas Hold'em moves (games-b.md) and their payload bytes, one table for both directions:
 *   [0] check · [1] bet 4x · [2] bet 2x · [3] bet 1x · [4] fold · [5] deal · [6, u64] Trips
 *   [7] reveal · [8] bet 3x · [9, u64] six-card bonus · [10, u64 0|1] progressive
 *   [11, trips, six_card, progressive u64s] atomic deal
 *   [12, r] rules: bit 0 dealer needs a pair, bit 1 3x allowed, bit 2 4x disabled; other bits 0
 * The bet and side-bet codes fix the multiplier or the side bet a move names.
 */
import { Schema } from "effect"
import { bitFlags, u64 } from "../../codec/primitives.ts"
import { taggedUnion } from "../../codec/union.ts"
import { U64 } from "../../schema/primitives.ts"
import { movePayloadCodec } from "../move-codec.ts"

export const SIDE_BETS = ["TRIPS", "SIX_CARD", "PROGRESSIVE"] as const
export type SideBet = (typeof SIDE_BETS)[number]

export const UthRules = Schema.Struct({
  dealer_needs_pair: Schema.Boolean,
  allow_3x: Schema.Boolean,
  allow_4x: Schema.Boolean
})
export type UthRules = typeof UthRules.Type

export const UthMove = Schema.Union(
  Schema.TaggedStruct("SetRules", { rules: UthRules }),
  Schema.TaggedStruct("SetSideBet", { bet: Schema.Literal(...SIDE_BETS), amount: U64 }),
  Schema.TaggedStruct("Deal", {}),
  Schema.TaggedStruct("AtomicDeal", { trips: U64, six_card: U64, progressive: U64 }),
  Schema.TaggedStruct("Check", {}),
  Schema.TaggedStruct("Bet", { multiplier: Schema.Literal(1, 2, 3, 4) }),
  Schema.TaggedStruct("Fold", {}),
  Schema.TaggedStruct("Reveal", {})
)
export type UthMove = typeof UthMove.Type

const RULE_BITS = {
  dealer_needs_pair: { mask: 1 },
  allow_3x: { mask: 2 },
  allow_4x: { mask: 4, whenSet: false }
} as const
const rules = bitFlags("the rules byte", UthRules, RULE_BITS)

/** the rules byte of a rules move */
export const rulesByte = (r: UthRules): number =>
  (r.dealer_needs_pair ? RULE_BITS.dealer_needs_pair.mask : 0) | (r.allow_3x ? RULE_BITS.allow_3x.mask : 0) | (r.allow_4x ? 0 : RULE_BITS.allow_4x.mask)

export const UTH_MOVES = movePayloadCodec(
  "ultimate hold'em",
  taggedUnion("ultimate hold'em move", UthMove, [
    { code: 0, tag: "Check" },
    { code: 1, tag: "Bet", consts: { multiplier: 4 } },
    { code: 2, tag: "Bet", consts: { multiplier: 2 } },
    { code: 3, tag: "Bet", consts: { multiplier: 1 } },
    { code: 4, tag: "Fold" },
    { code: 5, tag: "Deal" },
    { code: 6, tag: "SetSideBet", consts: { bet: "TRIPS" }, fields: { amount: u64 } },
    { code: 7, tag: "Reveal" },
    { code: 8, tag: "Bet", consts: { multiplier: 3 } },
    { code: 9, tag: "SetSideBet", consts: { bet: "SIX_CARD" }, fields: { amount: u64 } },
    { code: 10, tag: "SetSideBet", consts: { bet: "PROGRESSIVE" }, fields: { amount: u64 } },
    { code: 11, tag: "AtomicDeal", fields: { trips: u64, six_card: u64, progressive: u64 } },
    { code: 12, tag: "SetRules", fields: { rules } }
  ])
)
export const encodeUthMove = UTH_MOVES.encode
export const decodeUthMove = UTH_MOVES.decode

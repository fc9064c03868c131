/**
 * Hi-Lo moves (games-b.md) and their payload bytes: exactly one byte,
 *   [0] higher · [1] lower · [2] cash out · [3] same.
 */
import { Schema } from "effect"
import { taggedUnion } from "../../codec/union.ts"
import { movePayloadCodec } from "../move-codec.ts"

export const HiloMove = Schema.Union(
  Schema.TaggedStruct("Higher", {}),
  Schema.TaggedStruct("Lower", {}),
  Schema.TaggedStruct("CashOut", {}),
  Schema.TaggedStruct("Same", {})
)
export type HiloMove = typeof HiloMove.Type

export const HILO_MOVES = movePayloadCodec(
  "hi-lo",
  taggedUnion("hi-lo move", HiloMove, [
    { code: 0, tag: "Higher" },
    { code: 1, tag: "Lower" },
    { code: 2, tag: "CashOut" },
    { code: 3, tag: "Same" }
  ])
)
export const encodeHiloMove = HILO_MOVES.encode
export const decodeHiloMove = HILO_MOVES.decode

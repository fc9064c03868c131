/**
 * Video Poker moves (games-b.md §6) and their payload bytes, one table for both directions:
 *   [mask] draw: bit i set = hold card i (bits 5–7 are ignored; 0xFF holds all five)
 *   [0xFF, paytable index] choose the paytable (0 = 9/6, 1 = 8/5)
 * The code byte of a draw is its hold mask, so the table has one draw entry per byte value; a
 * draw is written with its canonical mask (bits 0–4). [0xFF] is both a draw and the 1-byte prefix
 * of a paytable choice.
 */
import { Schema } from "effect"
import { enumU8 } from "../../codec/primitives.ts"
import { taggedUnion, type Variant } from "../../codec/union.ts"
import { movePayloadCodec } from "../move-codec.ts"
import { PAYTABLES } from "./paytable.ts"

export const VideoPokerMove = Schema.Union(
  Schema.TaggedStruct("SetPaytable", { paytable: Schema.Literal(...PAYTABLES) }),
  Schema.TaggedStruct("Draw", { hold: Schema.Array(Schema.Boolean) })
)
export type VideoPokerMove = typeof VideoPokerMove.Type

export const CARDS = 5
const PAYTABLE_CODE = 0xff

export const holdMask = (hold: ReadonlyArray<boolean>): number => hold.reduce((m, h, i) => (h ? m | (1 << i) : m), 0)
const holdOf = (mask: number): ReadonlyArray<boolean> => Array.from({ length: CARDS }, (_, i) => (mask & (1 << i)) !== 0)

const draws: Variant[] = []
for (let mask = 0; mask <= 0xff; mask++) draws.push({ code: mask, tag: "Draw", consts: { hold: holdOf(mask) } })

export const VIDEO_POKER_MOVES = movePayloadCodec(
  "video poker",
  taggedUnion("video poker move", VideoPokerMove, [
    ...draws,
    { code: PAYTABLE_CODE, tag: "SetPaytable", fields: { paytable: enumU8("paytable", PAYTABLES) } }
  ])
)
export const encodeVideoPokerMove = VIDEO_POKER_MOVES.encode
export const decodeVideoPokerMove = VIDEO_POKER_MOVES.decode

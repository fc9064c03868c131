/**
 * The game session record (games-a.md §1.1). It lives in state only while the session is open:
 * when it settles (completes, or is forfeited at its tournament's end) it is deleted and its final
 * form travels in the GameCompleted event (docs/economy.md S1), so state grows with live
 * sessions only.
 */
import { Schema } from "effect"
import { PublicKey, U64 } from "../schema/primitives.ts"
import { GAME_TYPES } from "../tx/instruction.ts"
import { SuperRecord } from "./super-mode.ts"

export const GameSession = Schema.Struct({
  id: U64,
  player: PublicKey,
  game_type: Schema.Literal(...GAME_TYPES),
  bet: U64,
  /** the game's own state, in its schema's encoded form */
  state: Schema.Unknown,
  move_count: Schema.Int,
  created_view: U64,
  is_complete: Schema.Boolean,
  /** every chip taken: stakes and super fees */
  total_charged: U64,
  /** every chip given: refunds (with their fees), returns, the super lift and tournament modifiers */
  total_credited: U64,
  /** super mode's record; null for a session started without super armed */
  super_mode: Schema.NullOr(SuperRecord),
  /** the tournament whose stack this session plays (games-a.md is_tournament/tournament_id); null = cash */
  tournament_id: Schema.NullOr(U64),
  /** shield armed with one available when the session started (tournament sessions only) */
  shield: Schema.Boolean,
  /** double armed with one available when the session started (tournament sessions only) */
  double: Schema.Boolean
})
export type GameSession = typeof GameSession.Type

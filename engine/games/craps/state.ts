/**
 * Craps state (games-a.md §5.6, as typed fields): the phase and point, the last roll, the
 * made-points mask of the current shooter, and the bets on the table. Bonus bets keep their
 * progress in `progress` (ATS totals mask, doubles mask, pass-line wins, Replay counters,
 * Hot Roller combinations, Muggsy stage); odds live only on contract bets.
 */
import { Schema } from "effect"
import { U64 } from "../../schema/primitives.ts"
import { BET_TYPES } from "./bets.ts"

export const CrapsBet = Schema.Struct({
  type: Schema.Literal(...BET_TYPES),
  /** Yes/No/Next number; Come/Don't Come and Pass/Don't Pass: their point once known; else 0 */
  target: Schema.Int,
  /** Come/Don't Come are pending until their first roll; every other bet is on */
  status: Schema.Literal("on", "pending"),
  amount: U64,
  odds: U64,
  progress: Schema.Int
})
export type CrapsBet = typeof CrapsBet.Type

export const CrapsState = Schema.Struct({
  phase: Schema.Literal("come_out", "point"),
  /** 0 on the come-out */
  point: Schema.Int,
  /** the last roll; null before the first */
  dice: Schema.NullOr(Schema.Tuple(Schema.Int, Schema.Int)),
  /** bit per point number (4,5,6,8,9,10) made since the last seven-out */
  made_mask: Schema.Int,
  /** a point has been established by the current shooter */
  epoch_point: Schema.Boolean,
  bets: Schema.Array(CrapsBet)
})
export type CrapsState = typeof CrapsState.Type

export const initialCrapsState: CrapsState = { phase: "come_out", point: 0, dice: null, made_mask: 0, epoch_point: false, bets: [] }

/**
 * One measured bet from `runs/fairness/fairness.duckdb` (table `fairness`): the theoretical return
 * to player next to the Monte Carlo measurement and whether it fell within tolerance.
 */
import { Schema } from "effect"

export const FairnessRow = Schema.Struct({
  game: Schema.String,
  bet_type: Schema.String,
  rules: Schema.NullOr(Schema.String),
  super_mode: Schema.Boolean,
  theoretical_rtp: Schema.NullOr(Schema.Number),
  measured_rtp: Schema.NullOr(Schema.Number),
  rounds: Schema.BigIntFromSelf,
  stderr: Schema.NullOr(Schema.Number),
  within_tolerance: Schema.Boolean,
  source: Schema.NullOr(Schema.String),
  measured_at: Schema.NullOr(Schema.String)
})
export type FairnessRow = typeof FairnessRow.Type

import { Schema } from "effect"
import { BET_TYPES } from "../bets.ts"

/** The fields of a craps roll log that tests read. */
const RollLog = Schema.parseJson(
  Schema.Struct({
    netPnl: Schema.String,
    resolvedBets: Schema.Array(Schema.Struct({ label: Schema.String, pnl: Schema.String })),
    bets: Schema.Array(
      Schema.Struct({
        type: Schema.Literal(...BET_TYPES),
        target: Schema.optional(Schema.Number),
        wagered: Schema.String,
        odds: Schema.String,
        return: Schema.String,
        outcome: Schema.String
      })
    )
  })
)
export const readLog = (log: string | undefined) => Schema.decodeUnknownSync(RollLog)(log ?? "")

import { Schema } from "effect"

/** The fields of a baccarat completion log that tests read. */
const BaccaratLog = Schema.parseJson(
  Schema.Struct({
    netPnl: Schema.String,
    bets: Schema.Array(Schema.Struct({ type: Schema.String, amount: Schema.String, result: Schema.String, payout: Schema.String }))
  })
)
export const readLog = (log: string | undefined) => Schema.decodeUnknownSync(BaccaratLog)(log ?? "")

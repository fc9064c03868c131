import { Schema } from "effect"

/** The fields of a casino war log that tests read. */
const WarLog = Schema.parseJson(
  Schema.Struct({ netPnl: Schema.String, outcome: Schema.String, resolvedBets: Schema.Array(Schema.Struct({ label: Schema.String, pnl: Schema.String })) })
)
export const readLog = (log: string | undefined) => Schema.decodeUnknownSync(WarLog)(log ?? "")

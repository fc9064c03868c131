/**
 * The experiment's wire and file types as Effect Schemas: a cell (work message), a cell result
 * (the cell manifest.json and the result message), and what a worker sends back. Everything read
 * from a file, a worker thread or the broker is decoded with these; a bad document is refused.
 */
import { Either, ParseResult, Schema } from "effect"

const Hex64 = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))
const CellId = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{16}$/))
const Count = Schema.Number.pipe(Schema.int(), Schema.nonNegative())

export const CellSpecSchema = Schema.Struct({
  cell_id: CellId,
  scenario: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  parameters: Schema.Record({ key: Schema.String, value: Schema.String }),
  seed: Schema.String
})

export const CheckpointSchema = Schema.Struct({ day: Count, height: Count, state_root: Hex64 })

export const OutcomesSchema = Schema.Struct({
  house_pnl_chips: Schema.Number,
  issuance_chips: Schema.Number,
  volume_chips: Schema.Number,
  house_edge: Schema.Number,
  players_total: Schema.Number,
  active_players_mean: Schema.Number,
  gini_chips: Schema.Number,
  blocks: Schema.Number,
  transactions: Schema.Number
})

export const CellResultSchema = Schema.Struct({
  cell_id: CellId,
  scenario: Schema.String,
  parameters: Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number, Schema.Boolean) }),
  seed: Schema.String,
  run_id: Schema.String,
  manifest_root: Hex64,
  final_state_root: Hex64,
  checkpoints: Schema.Array(CheckpointSchema),
  outcomes: OutcomesSchema,
  result_hash: Hex64,
  code_version: Schema.String,
  worker: Schema.String,
  elapsed_ms: Schema.Number,
  finished_at: Schema.String
})

/** what a worker reports for a cell: its result, or its failure after the last attempt */
export const CellReplySchema = Schema.Union(
  Schema.Struct({ _tag: Schema.Literal("done"), result: CellResultSchema, attempt: Count }),
  Schema.Struct({ _tag: Schema.Literal("failed"), cell_id: CellId, error: Schema.String, attempt: Count })
)
export type CellReply = typeof CellReplySchema.Type

const formatIssues = (e: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(e)
    .map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ")

/** decode a JSON text with a Schema: the value, or a one-line reason */
export const decodeJson = <A, I>(schema: Schema.Schema<A, I>, text: string): Either.Either<A, string> => {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    return Either.left(`not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  return Either.mapLeft(Schema.decodeUnknownEither(schema)(parsed), formatIssues)
}

export const decodeUnknown = <A, I>(schema: Schema.Schema<A, I>, value: unknown): Either.Either<A, string> =>
  Either.mapLeft(Schema.decodeUnknownEither(schema)(value), formatIssues)

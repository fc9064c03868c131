/**
 * The explorer's JSON answers (chain-and-services.md §3.9), as Effect Schemas: what the routes
 * send and what the typed client (services/verify/client.ts) checks. u64 values are decimal
 * strings; digests and keys lowercase hex; events and instructions in the engine's own Schema
 * encoding (a stable JSON form: chain-and-services.md note 19).
 */
import { Schema } from "effect"

const Hex64 = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))
const Decimal = Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/))
const SignedDecimal = Schema.String.pipe(Schema.pattern(/^-?[0-9]{1,40}$/))

export const ExplorerBlock = Schema.Struct({
  height: Decimal,
  view: Decimal,
  block_digest: Hex64,
  parent: Hex64,
  state_root: Hex64,
  events_root: Hex64,
  seed: Schema.String,
  tx_count: Schema.Number,
  tx_hashes: Schema.Array(Hex64),
  indexed_at_ms: Decimal
})
export type ExplorerBlock = typeof ExplorerBlock.Type

export const BlockPage = Schema.Struct({
  blocks: Schema.Array(ExplorerBlock),
  /** pass as `before` for the next (older) page; null at the oldest */
  next_before: Schema.NullOr(Decimal),
  latest_height: Schema.NullOr(Decimal)
})
export type BlockPage = typeof BlockPage.Type

export const TxError = Schema.NullOr(Schema.Struct({ tag: Schema.String, code: Schema.Number, message: Schema.String }))

export const ExplorerTransaction = Schema.Struct({
  hash: Hex64,
  block_height: Decimal,
  block_digest: Hex64,
  position: Schema.Number,
  public_key: Hex64,
  nonce: Decimal,
  instruction_tag: Schema.String,
  /** the instruction in the engine's Schema encoding */
  instruction: Schema.Unknown,
  status: Schema.Literal("applied", "failed", "skipped"),
  error: TxError,
  /** the events the transaction emitted, in the engine's Schema encoding */
  events: Schema.Array(Schema.Unknown),
  /** hex of the output bytes the block's events root commits to */
  output_hex: Schema.String
})
export type ExplorerTransaction = typeof ExplorerTransaction.Type

export const AccountEntry = Schema.Struct({
  hash: Hex64,
  block_height: Decimal,
  position: Schema.Number,
  /** true: the account signed it; false: an event of it names the account */
  signer: Schema.Boolean,
  instruction_tag: Schema.String,
  status: Schema.String
})

export const ExplorerAccount = Schema.Struct({
  public_key: Hex64,
  tx_count: Schema.Number,
  /** the newest nonce it signed with (applied or failed), null if it only appears in events */
  last_nonce: Schema.NullOr(Decimal),
  first_height: Decimal,
  last_updated_height: Decimal,
  /** newest first */
  txs: Schema.Array(AccountEntry),
  /** pass as `before` (height.position) for older entries; null at the oldest */
  next_before: Schema.NullOr(Schema.String)
})
export type ExplorerAccount = typeof ExplorerAccount.Type

export const SessionStep = Schema.Struct({
  hash: Hex64,
  block_height: Decimal,
  position: Schema.Number,
  instruction_tag: Schema.String,
  status: Schema.String,
  events: Schema.Array(Schema.Unknown)
})

export const ExplorerSession = Schema.Struct({
  session_id: Decimal,
  player: Hex64,
  game_type: Schema.NullOr(Schema.String),
  started_height: Decimal,
  completed: Schema.Boolean,
  completed_height: Schema.NullOr(Decimal),
  payout: Schema.NullOr(SignedDecimal),
  final_chips: Schema.NullOr(Decimal),
  was_shielded: Schema.NullOr(Schema.Boolean),
  was_doubled: Schema.NullOr(Schema.Boolean),
  logs: Schema.Array(Schema.String),
  /** oldest first */
  steps: Schema.Array(SessionStep)
})
export type ExplorerSession = typeof ExplorerSession.Type

export const GamesPage = Schema.Struct({
  public_key: Hex64,
  /** newest first */
  games: Schema.Array(ExplorerSession),
  next_before: Schema.NullOr(Decimal)
})
export type GamesPage = typeof GamesPage.Type

export const SearchHit = Schema.Struct({
  type: Schema.Literal("block", "transaction", "account", "session"),
  /** the id to fetch it by: a height, a tx hash, a public key or a session id */
  id: Schema.String
})
export type SearchHit = typeof SearchHit.Type

export const SearchResult = Schema.Struct({
  query: Schema.String,
  /** the first hit's type */
  type: SearchHit.fields.type,
  results: Schema.Array(SearchHit)
})
export type SearchResult = typeof SearchResult.Type

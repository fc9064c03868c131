/**
 * The shape of one simulation run as the result-file contract defines it (`run_manifest`,
 * `daily_metrics`, `player_snapshots` in `runs/<run_id>/results.duckdb`), as Effect Schemas that
 * decode DuckDB row objects: BIGINT columns arrive as bigint, DOUBLE as number (or null when the
 * writer stored a non-finite value), VARCHAR/JSON as string.
 */
import { Schema } from "effect"

const Parameters = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Unknown }))

export const RunManifest = Schema.Struct({
  run_id: Schema.String,
  scenario: Schema.String,
  parameters: Parameters,
  seed: Schema.String,
  code_version: Schema.String,
  final_state_root: Schema.String,
  manifest_root: Schema.String,
  days: Schema.BigIntFromSelf,
  blocks: Schema.BigIntFromSelf,
  transactions: Schema.BigIntFromSelf,
  created_at: Schema.String
})
export type RunManifest = typeof RunManifest.Type

export const DailyMetric = Schema.Struct({
  day: Schema.BigIntFromSelf,
  issuance_chips: Schema.BigIntFromSelf,
  house_pnl_chips: Schema.BigIntFromSelf,
  active_players: Schema.BigIntFromSelf,
  players_total: Schema.BigIntFromSelf,
  volume_chips: Schema.BigIntFromSelf,
  gini_chips: Schema.NullOr(Schema.Number),
  blocks: Schema.BigIntFromSelf,
  transactions: Schema.BigIntFromSelf
})
export type DailyMetric = typeof DailyMetric.Type

export const PlayerSnapshot = Schema.Struct({
  day: Schema.BigIntFromSelf,
  player: Schema.String,
  name: Schema.NullOr(Schema.String),
  chips: Schema.BigIntFromSelf,
  sessions_played: Schema.BigIntFromSelf
})
export type PlayerSnapshot = typeof PlayerSnapshot.Type

export interface RunData {
  readonly manifest: RunManifest
  /** Ordered by day. */
  readonly daily: ReadonlyArray<DailyMetric>
  /** The last snapshot day's balances, richest first, at most `TOP_PLAYERS_MAX`. */
  readonly topPlayers: ReadonlyArray<PlayerSnapshot>
  /** The number of players in the last snapshot day. */
  readonly playersLastDay: number
  /** Every day's snapshot of the players in `topPlayers`, ordered by player then day. */
  readonly topPlayerHistory: ReadonlyArray<PlayerSnapshot>
}

export const TOP_PLAYERS_MAX = 50

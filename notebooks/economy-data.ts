/**
 * The economy tables of a run (docs/results-schema.md) as the reports read them. `daily_metrics`
 * is wide and grows with the metric families, so it is read as named numeric columns (any
 * column the report asks for and the file lacks reads as absent, never as zero); the other
 * tables have fixed shapes, decoded by Effect Schemas.
 */
import { Schema } from "effect"
import type { RunManifest } from "./run-data.ts"

const Num = Schema.Union(Schema.Number, Schema.BigIntFromSelf, Schema.Null)
export const DailyRow = Schema.Record({ key: Schema.String, value: Schema.Unknown })

export const GameEdge = Schema.Struct({
  game_type: Schema.String,
  sessions: Schema.BigIntFromSelf,
  staked_chips: Schema.BigIntFromSelf,
  returned_chips: Schema.BigIntFromSelf,
  realised_edge: Schema.NullOr(Schema.Number),
  theoretical_edge_min: Schema.NullOr(Schema.Number),
  theoretical_edge_max: Schema.NullOr(Schema.Number),
  theoretical_bets: Schema.NullOr(Schema.String)
})
export type GameEdge = typeof GameEdge.Type

export const KindActivity = Schema.Struct({
  day: Schema.BigIntFromSelf,
  kind: Schema.String,
  agents: Schema.BigIntFromSelf,
  active_agents: Schema.BigIntFromSelf
})
export type KindActivity = typeof KindActivity.Type

export const KindOutcome = Schema.Struct({
  kind: Schema.String,
  agents: Schema.BigIntFromSelf,
  active_days_mean: Schema.NullOr(Schema.Number),
  chips_final_mean: Schema.NullOr(Schema.Number),
  retained_d7: Schema.NullOr(Schema.Number),
  retained_d30: Schema.NullOr(Schema.Number)
})
export type KindOutcome = typeof KindOutcome.Type

export const EventTotal = Schema.Struct({ event_type: Schema.String, events: Num })
export type EventTotal = typeof EventTotal.Type

export const InvariantSummary = Schema.Struct({ invariant: Schema.String, source: Schema.String, checks: Schema.BigIntFromSelf, failures: Schema.BigIntFromSelf })
export type InvariantSummary = typeof InvariantSummary.Type

/** one day's figures by column name (numbers for charts; chip amounts fit a double's magnitude) */
export type DayFigures = Readonly<Record<string, number | null>>

export interface EconomyRun {
  readonly manifest: RunManifest
  readonly columns: ReadonlyArray<string>
  readonly daily: ReadonlyArray<DayFigures>
  readonly gameEdges: ReadonlyArray<GameEdge>
  readonly kindActivity: ReadonlyArray<KindActivity>
  readonly kindOutcomes: ReadonlyArray<KindOutcome>
  readonly eventTotals: ReadonlyArray<EventTotal>
  readonly invariants: ReadonlyArray<InvariantSummary>
}

/** a DuckDB cell as a chart number (null for anything not numeric) */
export const cellNumber = (v: unknown): number | null =>
  typeof v === "bigint" ? Number(v) : typeof v === "number" && Number.isFinite(v) ? v : null

/**
 * What the sweep and A/B reports need from an experiment, and nothing more: the cells with their
 * group (a sweep point's `k=v k=v` label, or the arm "a"/"b"), seed, full parameter set as text,
 * and the outcome figures the statistics are computed over. Two readers fill it
 * (read-experiment.ts): the experiment catalog tables (experiments, cells, cell_results in
 * catalog.duckdb) and an experiment folder (experiment.json + cells/<id>/manifest.json).
 */
import { Schema } from "effect"

export const ExperimentCell = Schema.Struct({
  cell_id: Schema.String,
  group: Schema.String,
  seed: Schema.String,
  parameters: Schema.Record({ key: Schema.String, value: Schema.String }),
  outcomes: Schema.Record({ key: Schema.String, value: Schema.Number })
})
export type ExperimentCell = typeof ExperimentCell.Type

export const ExperimentInput = Schema.Struct({
  experiment_id: Schema.String,
  kind: Schema.String,
  scenario: Schema.String,
  cells: Schema.Array(ExperimentCell)
})
export type ExperimentInput = typeof ExperimentInput.Type

/** the outcomes a report leads with, when present (others follow in name order) */
export const KEY_OUTCOMES = ["house_pnl_chips", "house_edge", "issuance_chips", "volume_chips", "gini_chips", "players_total", "active_players_mean"] as const

export const outcomeNames = (input: ExperimentInput): string[] => {
  const all = new Set<string>()
  for (const c of input.cells) for (const k of Object.keys(c.outcomes)) all.add(k)
  const key: string[] = KEY_OUTCOMES.filter((k) => all.has(k))
  return [...key, ...[...all].filter((k) => !key.includes(k)).sort()]
}

/** parameters whose value differs between cells (seed excluded): what a sweep varied */
export const variedParameters = (input: ExperimentInput): string[] => {
  const values = new Map<string, Set<string>>()
  for (const c of input.cells)
    for (const [k, v] of Object.entries(c.parameters)) {
      if (k === "seed") continue
      const s = values.get(k) ?? new Set<string>()
      s.add(v)
      values.set(k, s)
    }
  return [...values.entries()].filter(([, s]) => s.size > 1).map(([k]) => k).sort()
}

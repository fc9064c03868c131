/**
 * A run manifest as label/value pairs, in the order reports and pages list them.
 */
import { formatInteger } from "./format.ts"
import type { RunManifest } from "./run-data.ts"

export type Fact = readonly [label: string, value: string]

export const manifestFacts = (m: RunManifest): ReadonlyArray<Fact> => [
  ["run id", m.run_id],
  ["scenario", m.scenario],
  ["seed", m.seed],
  ["days", formatInteger(m.days)],
  ["blocks", formatInteger(m.blocks)],
  ["transactions", formatInteger(m.transactions)],
  ["code version", m.code_version],
  ["final state root", m.final_state_root],
  ["manifest root", m.manifest_root],
  ["created at", m.created_at]
]

/** The scenario parameters, one pair per key (values as compact JSON). */
export const parameterFacts = (m: RunManifest): ReadonlyArray<Fact> =>
  Object.entries(m.parameters)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v) ?? String(v)])

/** docs/results-schema.md names every column the collectors write, with its type. */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { defaultCollectors } from "../index.ts"
import { DAILY_METRICS_COLUMNS, PARAMETER_COLUMNS, RUN_MANIFEST_COLUMNS } from "../../runner/run-files.ts"
import { AGENT_OUTCOME_COLUMNS, KIND_ACTIVITY_COLUMNS } from "../retention.ts"
import { EVENT_COUNT_COLUMNS } from "../event-counts.ts"
import { GAME_EDGE_COLUMNS } from "../game-edge.ts"
import { INVARIANT_CHECK_COLUMNS } from "../invariants.ts"

const doc = readFileSync(new URL("../../../docs/results-schema.md", import.meta.url), "utf8")
/** the `| name | TYPE |` rows of the section headed `## <table>` */
const section = (table: string): Map<string, string> => {
  const start = doc.indexOf(`## ${table}`)
  if (start < 0) throw new Error(`no section ${table}`)
  const end = doc.indexOf("\n## ", start + 3)
  const body = doc.slice(start, end < 0 ? undefined : end)
  return new Map([...body.matchAll(/^\| `([a-z0-9_]+)` \| ([A-Z]+) \|/gm)].map((m) => [m[1] ?? "", m[2] ?? ""]))
}

describe("results schema document", () => {
  it("lists every daily_metrics column in write order with its type", () => {
    const families = defaultCollectors([]).flatMap((c) => c.daily_columns)
    const written = [...DAILY_METRICS_COLUMNS, ...families]
    expect([...section("daily_metrics").entries()]).toEqual(written.map(([n, t]) => [n, t]))
  })
  it("lists the columns of every other table", () => {
    const tables = [
      ["runs", RUN_MANIFEST_COLUMNS],
      ["parameters", PARAMETER_COLUMNS],
      ["agent_outcomes", AGENT_OUTCOME_COLUMNS],
      ["kind_activity", KIND_ACTIVITY_COLUMNS],
      ["event_counts", EVENT_COUNT_COLUMNS],
      ["game_edges", GAME_EDGE_COLUMNS],
      ["invariant_checks", INVARIANT_CHECK_COLUMNS]
    ] as const
    for (const [name, columns] of tables) {
      const documented = section(name)
      documented.delete("run_id")
      const cols = columns.filter(([n]) => n !== "run_id")
      expect([...documented.entries()], name).toEqual(cols.map(([n, t]) => [n, t]))
    }
  })
})

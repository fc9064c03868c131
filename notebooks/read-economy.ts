/**
 * Read a run's economy tables from its results.duckdb (read-only): the wide daily_metrics, game
 * edges, activity and outcomes by archetype, event totals and the invariant checks. Tables a run
 * does not have (an older run, a family that did not run) read as empty.
 */
import { Schema } from "effect"
import type { DuckDBConnection } from "@duckdb/node-api"
import { queryRows } from "../sim/sinks/duckdb.ts"
import { cellNumber, EventTotal, GameEdge, InvariantSummary, KindActivity, KindOutcome, type DayFigures, type EconomyRun } from "./economy-data.ts"
import { hasTable, withReadOnlyDb } from "./open-results.ts"
import { RunManifest } from "./run-data.ts"

const decode = <A, I>(schema: Schema.Schema<A, I>) => Schema.decodeUnknownSync(Schema.Array(schema))

const tableOr = async <A, I>(conn: DuckDBConnection, table: string, schema: Schema.Schema<A, I>, sql: string): Promise<ReadonlyArray<A>> =>
  (await hasTable(conn, table)) ? decode(schema)(await queryRows(conn, sql)) : []

export const readEconomyFrom = async (conn: DuckDBConnection, path: string): Promise<EconomyRun> => {
  for (const table of ["run_manifest", "daily_metrics"]) if (!(await hasTable(conn, table))) throw new Error(`${path} has no table ${table}`)
  const manifest = decode(RunManifest)(
    await queryRows(
      conn,
      `SELECT run_id, scenario, CAST(parameters AS VARCHAR) AS parameters, seed, code_version, final_state_root,
              manifest_root, days, blocks, transactions, created_at FROM run_manifest LIMIT 1`
    )
  )[0]
  if (manifest === undefined) throw new Error(`${path}: run_manifest is empty`)
  const raw = await queryRows(conn, "SELECT * FROM daily_metrics ORDER BY day")
  const columns = raw[0] === undefined ? [] : Object.keys(raw[0])
  const daily: DayFigures[] = raw.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cellNumber(v)])))
  return {
    manifest,
    columns,
    daily,
    gameEdges: await tableOr(conn, "game_edges", GameEdge, "SELECT * FROM game_edges ORDER BY game_type"),
    kindActivity: await tableOr(conn, "kind_activity", KindActivity, "SELECT day, kind, agents, active_agents FROM kind_activity ORDER BY day, kind"),
    kindOutcomes: await tableOr(
      conn,
      "agent_outcomes",
      KindOutcome,
      `SELECT kind, count(*) AS agents, avg(active_days) AS active_days_mean, avg(chips_final) AS chips_final_mean,
              avg(CASE WHEN last_active_day >= 7 THEN 1 ELSE 0 END) FILTER (WHERE first_active_day IS NOT NULL) AS retained_d7,
              avg(CASE WHEN last_active_day >= 30 THEN 1 ELSE 0 END) FILTER (WHERE first_active_day IS NOT NULL) AS retained_d30
       FROM agent_outcomes GROUP BY kind ORDER BY kind`
    ),
    eventTotals: await tableOr(conn, "event_counts", EventTotal, "SELECT event_type, sum(events) AS events FROM event_counts GROUP BY event_type ORDER BY events DESC, event_type"),
    invariants: await tableOr(
      conn,
      "invariant_checks",
      InvariantSummary,
      "SELECT invariant, source, count(*) AS checks, count(*) FILTER (WHERE NOT ok) AS failures FROM invariant_checks GROUP BY invariant, source ORDER BY invariant, source"
    )
  }
}

export const readEconomy = (resultsPath: string): Promise<EconomyRun> => withReadOnlyDb(resultsPath, (conn) => readEconomyFrom(conn, resultsPath))

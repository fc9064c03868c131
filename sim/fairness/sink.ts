/**
 * Fairness rows → runs/fairness/fairness.duckdb, table `fairness`. A new measurement of a bet
 * (game, bet_type, rules, super_mode) replaces the earlier one.
 */
import { appendRows, ensureTable, queryRows, withDuckDb, type Columns } from "../sinks/duckdb.ts"
import type { FairnessRow } from "./harness.ts"

export const FAIRNESS_DB_PATH = "runs/fairness/fairness.duckdb"
export const FAIRNESS_TABLE = "fairness"

export const FAIRNESS_COLUMNS: Columns = [
  ["game", "VARCHAR"],
  ["bet_type", "VARCHAR"],
  ["rules", "VARCHAR"],
  ["super_mode", "BOOLEAN"],
  ["theoretical_rtp", "DOUBLE"],
  ["measured_rtp", "DOUBLE"],
  ["rounds", "BIGINT"],
  ["stderr", "DOUBLE"],
  ["within_tolerance", "BOOLEAN"],
  ["source", "VARCHAR"],
  ["measured_at", "VARCHAR"]
]

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`

export const writeFairnessRows = (path: string, rows: ReadonlyArray<FairnessRow>): Promise<void> =>
  withDuckDb(path, async (conn) => {
    await ensureTable(conn, FAIRNESS_TABLE, FAIRNESS_COLUMNS)
    for (const r of rows)
      await conn.run(
        `DELETE FROM ${FAIRNESS_TABLE} WHERE game = ${quote(r.game)} AND bet_type = ${quote(r.bet_type)} AND rules = ${quote(r.rules)} AND super_mode = ${r.super_mode ? "TRUE" : "FALSE"}`
      )
    await appendRows(
      conn,
      FAIRNESS_TABLE,
      FAIRNESS_COLUMNS,
      rows.map((r) => [
        r.game,
        r.bet_type,
        r.rules,
        r.super_mode,
        r.theoretical_rtp,
        r.measured_rtp,
        BigInt(r.rounds),
        r.stderr,
        r.within_tolerance,
        r.source,
        r.measured_at
      ])
    )
  })

export const readFairnessRows = (path: string) =>
  withDuckDb(path, (conn) => queryRows(conn, `SELECT * FROM ${FAIRNESS_TABLE} ORDER BY game, bet_type, rules, super_mode`))

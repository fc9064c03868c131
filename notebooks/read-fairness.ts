/**
 * Read every measured bet from `runs/fairness/fairness.duckdb`; `undefined` when no fairness run
 * has written the file yet.
 */
import { existsSync } from "node:fs"
import { Schema } from "effect"
import { queryRows } from "../sim/sinks/duckdb.ts"
import { FairnessRow } from "./fairness-data.ts"
import { hasTable, withReadOnlyDb } from "./open-results.ts"
import { fairnessDbPath } from "./runs-folder.ts"

const decode = Schema.decodeUnknownSync(Schema.Array(FairnessRow))

export const readFairness = async (runsDir: string): Promise<ReadonlyArray<FairnessRow> | undefined> => {
  const path = fairnessDbPath(runsDir)
  if (!existsSync(path)) return undefined
  return withReadOnlyDb(path, async (conn) => {
    if (!(await hasTable(conn, "fairness"))) return undefined
    return decode(
      await queryRows(
        conn,
        `SELECT game, bet_type, rules, super_mode, theoretical_rtp, measured_rtp, rounds, stderr,
                within_tolerance, source, measured_at
         FROM fairness ORDER BY game, bet_type, rules, super_mode`
      )
    )
  })
}

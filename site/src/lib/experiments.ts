/**
 * The experiments of the runs folder's catalog (`catalog.duckdb`: experiments, cells,
 * cell_results), newest first, each read through notebooks/read-experiment.ts. Read once per build.
 */
import { existsSync } from "node:fs"
import { join } from "node:path"
import { Schema } from "effect"
import { hasTable, withReadOnlyDb } from "../../../notebooks/open-results.ts"
import { readExperimentCatalog } from "../../../notebooks/read-experiment.ts"
import type { ExperimentInput } from "../../../notebooks/experiment-data.ts"
import { queryRows } from "../../../sim/sinks/duckdb.ts"

/** experiments a build shows (the newest) */
export const EXPERIMENTS_SHOWN_MAX = 40

const Listed = Schema.Array(Schema.Struct({ experiment_id: Schema.String, kind: Schema.String }))

let loaded: Promise<ReadonlyArray<ExperimentInput>> | undefined

const readAll = async (runsDir: string): Promise<ReadonlyArray<ExperimentInput>> => {
  const file = join(runsDir, "catalog.duckdb")
  if (!existsSync(file)) return []
  const listed = await withReadOnlyDb(file, async (conn) =>
    (await hasTable(conn, "experiments")) ? Schema.decodeUnknownSync(Listed)(await queryRows(conn, `SELECT experiment_id, kind FROM experiments ORDER BY written_at DESC LIMIT ${EXPERIMENTS_SHOWN_MAX}`)) : []
  )
  const out: ExperimentInput[] = []
  for (const e of listed) {
    const x = await readExperimentCatalog(file, e.kind, e.experiment_id)
    if (x !== undefined) out.push(x)
  }
  return out
}

export const experiments = (): Promise<ReadonlyArray<ExperimentInput>> => {
  loaded ??= readAll(__NULLSPACE_RUNS_DIR__)
  return loaded
}

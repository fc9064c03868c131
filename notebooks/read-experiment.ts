/**
 * Read an experiment into the reports' input shape (experiment-data.ts), from either
 *   - the catalog: `<runs>/catalog.duckdb` tables experiments, cells (experiment_id, cell_id,
 *     group_label, seed, parameters JSON) and cell_results (experiment_id, cell_id, outcome,
 *     value): the named experiment, or the most recently written one of the kind asked for; or
 *   - an experiment folder: experiment.json (experiment_id, kind, scenario, cells[].parameters,
 *     entries[]: cell_id, group, seed) and each finished cell's cells/<cell_id>/manifest.json
 *     (outcomes). Cells without a manifest are not finished and are left out.
 * Both are decoded with Schemas; a document of another shape is refused with its reason.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Schema } from "effect"
import { queryRows } from "../sim/sinks/duckdb.ts"
import { ExperimentInput, type ExperimentCell } from "./experiment-data.ts"
import { hasTable, withReadOnlyDb } from "./open-results.ts"

const FolderPlan = Schema.Struct({
  experiment_id: Schema.String,
  kind: Schema.String,
  scenario: Schema.String,
  cells: Schema.Array(Schema.Struct({ cell_id: Schema.String, parameters: Schema.Record({ key: Schema.String, value: Schema.String }) })),
  entries: Schema.Array(Schema.Struct({ cell_id: Schema.String, group: Schema.String, seed: Schema.String }))
})
const CellManifest = Schema.Struct({ cell_id: Schema.String, outcomes: Schema.Record({ key: Schema.String, value: Schema.Number }) })

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"))

export const readExperimentFolder = (folder: string): ExperimentInput => {
  const plan = Schema.decodeUnknownSync(FolderPlan)(readJson(join(folder, "experiment.json")))
  const params = new Map(plan.cells.map((c) => [c.cell_id, c.parameters]))
  const cells: ExperimentCell[] = []
  for (const e of plan.entries) {
    const path = join(folder, "cells", e.cell_id, "manifest.json")
    if (!existsSync(path)) continue
    const m = Schema.decodeUnknownSync(CellManifest)(readJson(path))
    cells.push({ cell_id: e.cell_id, group: e.group, seed: e.seed, parameters: params.get(e.cell_id) ?? {}, outcomes: m.outcomes })
  }
  return { experiment_id: plan.experiment_id, kind: plan.kind, scenario: plan.scenario, cells }
}

const Experiment = Schema.Struct({ experiment_id: Schema.String, kind: Schema.String, scenario: Schema.String })
const CellRow = Schema.Struct({ cell_id: Schema.String, group_label: Schema.String, seed: Schema.String, parameters: Schema.String })
const ResultRow = Schema.Struct({ cell_id: Schema.String, outcome: Schema.String, value: Schema.NullOr(Schema.Number) })
const ParamText = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number, Schema.Boolean) }))

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`

/** the experiment `id`, or the latest of `kind`, from a catalog file; undefined when there is none */
export const readExperimentCatalog = (catalogFile: string, kind: string, id?: string): Promise<ExperimentInput | undefined> =>
  withReadOnlyDb(catalogFile, async (conn) => {
    for (const t of ["experiments", "cells", "cell_results"]) if (!(await hasTable(conn, t))) return undefined
    const where = id !== undefined ? `experiment_id = ${lit(id)}` : `kind = ${lit(kind)}`
    const exp = Schema.decodeUnknownSync(Schema.Array(Experiment))(
      await queryRows(conn, `SELECT experiment_id, kind, scenario FROM experiments WHERE ${where} ORDER BY written_at DESC LIMIT 1`)
    )[0]
    if (exp === undefined) return undefined
    const e = lit(exp.experiment_id)
    const rows = Schema.decodeUnknownSync(Schema.Array(CellRow))(
      await queryRows(conn, `SELECT cell_id, group_label, seed, CAST(parameters AS VARCHAR) AS parameters FROM cells WHERE experiment_id = ${e} ORDER BY group_label, seed`)
    )
    const results = Schema.decodeUnknownSync(Schema.Array(ResultRow))(
      await queryRows(conn, `SELECT cell_id, outcome, value FROM cell_results WHERE experiment_id = ${e}`)
    )
    const outcomes = new Map<string, Record<string, number>>()
    for (const r of results) {
      if (r.value === null) continue
      const o = outcomes.get(r.cell_id) ?? {}
      o[r.outcome] = r.value
      outcomes.set(r.cell_id, o)
    }
    const cells: ExperimentCell[] = rows.map((r) => {
      const p = Schema.decodeUnknownSync(ParamText)(r.parameters)
      return {
        cell_id: r.cell_id,
        group: r.group_label,
        seed: r.seed,
        parameters: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])),
        outcomes: outcomes.get(r.cell_id) ?? {}
      }
    })
    return Schema.decodeUnknownSync(ExperimentInput)({ ...exp, cells })
  })

/** an experiment folder (experiment.json) or a folder with catalog.duckdb holding experiment tables */
export const readExperiment = async (folder: string, kind: string, id?: string): Promise<ExperimentInput> => {
  if (existsSync(join(folder, "experiment.json"))) return readExperimentFolder(folder)
  const catalog = join(folder, "catalog.duckdb")
  if (existsSync(catalog)) {
    const found = await readExperimentCatalog(catalog, kind, id)
    if (found !== undefined) return found
  }
  throw new Error(`${folder} holds no experiment: expected experiment.json, or catalog.duckdb with a ${kind} experiment (npm run sim -- ${kind} …)`)
}

/**
 * The experiment folder, the unit of resumption:
 *
 *   <folder>/experiment.json                 the plan (request, cells, entries) and who started it
 *   <folder>/cells/<cell_id>/manifest.json   a finished cell: its CellResult (the commit point)
 *   <folder>/cells/<cell_id>/<run_id>/       the run's own result files (results.duckdb, manifest.json)
 *   <folder>/summary.json                    statistics and the experiment's result hash, once complete
 *
 * A cell counts as done exactly when its manifest.json exists, decodes, names the cell and its
 * result hash recomputes. The manifest is created with link(2) from a temporary file, which fails
 * when the name exists: a cell is recorded once, whoever reports it second is told "duplicate".
 */
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Data, Either } from "effect"
import { cellDir, resultHashOf, type CellResult } from "./cell.ts"
import type { ExperimentPlan } from "./plan.ts"
import { CellResultSchema, decodeJson } from "./wire.ts"

export class ExperimentFolderError extends Data.TaggedError("ExperimentFolderError")<{ readonly folder: string; readonly detail: string }> {
  override get message(): string {
    return `experiment folder ${this.folder}: ${this.detail}`
  }
}

export const experimentJsonPath = (folder: string): string => join(folder, "experiment.json")
export const cellManifestPath = (folder: string, cell_id: string): string => join(cellDir(folder, cell_id), "manifest.json")
export const summaryPath = (folder: string): string => join(folder, "summary.json")

let tmp_counter = 0
const tmpName = (path: string): string => `${path}.tmp-${process.pid}-${Date.now()}-${tmp_counter++}`

export const writeAtomically = (path: string, text: string): void => {
  const tmp = tmpName(path)
  writeFileSync(tmp, text)
  renameSync(tmp, path)
}

/** create the folder for a plan, or check that an existing one holds the same plan */
export const openFolder = (folder: string, plan: ExperimentPlan, started_by: string): Either.Either<void, ExperimentFolderError> => {
  mkdirSync(join(folder, "cells"), { recursive: true })
  const path = experimentJsonPath(folder)
  if (existsSync(path)) {
    let id: unknown
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, "utf8"))
      id = typeof parsed === "object" && parsed !== null && "experiment_id" in parsed ? parsed.experiment_id : undefined
    } catch (e) {
      return Either.left(new ExperimentFolderError({ folder, detail: `unreadable experiment.json (${e instanceof Error ? e.message : String(e)})` }))
    }
    if (id !== plan.experiment_id)
      return Either.left(new ExperimentFolderError({ folder, detail: `holds experiment ${String(id)}, not ${plan.experiment_id}; use another --out` }))
    return Either.right(undefined)
  }
  writeAtomically(path, JSON.stringify({ ...plan, started_by }, null, 2) + "\n")
  return Either.right(undefined)
}

/** a finished cell's manifest, or undefined (absent, unreadable, another cell, hash mismatch) */
export const readCell = (folder: string, cell_id: string): CellResult | undefined => {
  const path = cellManifestPath(folder, cell_id)
  if (!existsSync(path)) return undefined
  const decoded = decodeJson(CellResultSchema, readFileSync(path, "utf8"))
  if (Either.isLeft(decoded)) return undefined
  const r = decoded.right
  if (r.cell_id !== cell_id || resultHashOf(r) !== r.result_hash) return undefined
  return r
}

/** the cells of the plan already done in the folder */
export const doneCells = (folder: string, plan: ExperimentPlan): Map<string, CellResult> => {
  const done = new Map<string, CellResult>()
  for (const c of plan.cells) {
    const r = readCell(folder, c.cell_id)
    if (r !== undefined) done.set(c.cell_id, r)
  }
  return done
}

/**
 * Record a cell once. "recorded": this call wrote it; "duplicate": it was already there (the
 * stored result is kept). A stored manifest that does not verify is replaced.
 */
export const recordCell = (folder: string, r: CellResult): "recorded" | "duplicate" => {
  if (resultHashOf(r) !== r.result_hash) throw new Error(`cell ${r.cell_id}: result hash does not match its content`)
  const path = cellManifestPath(folder, r.cell_id)
  mkdirSync(cellDir(folder, r.cell_id), { recursive: true })
  if (existsSync(path) && readCell(folder, r.cell_id) === undefined) rmSync(path)
  const tmp = tmpName(path)
  writeFileSync(tmp, JSON.stringify(r, null, 2) + "\n")
  try {
    linkSync(tmp, path)
    return "recorded"
  } catch (e) {
    if (e instanceof Error && "code" in e && e.code === "EEXIST") return "duplicate"
    throw e
  } finally {
    rmSync(tmp, { force: true })
  }
}

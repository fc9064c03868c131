/**
 * The coordinator: open (or resume) the experiment folder, hand the cells not yet done to a
 * backend, record each reported result once (folder.ts recordCell, keyed by cell id), and when
 * every cell is done compute the statistics and the experiment's result hash.
 *
 * experiment result_hash = SHA-256 over the plan entries in order, `group|seed|cell_id|result_hash`
 * per line: it depends on the plan and on what each cell produced, not on the backend, the
 * number of workers, the order cells finished in or how often a cell was delivered.
 *
 * A failed cell (after the backend's attempts) is left undone: the experiment reports it, keeps
 * every finished cell, and a rerun of the same command runs only what is missing.
 */
import { Data, Effect, Either } from "effect"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import type { CellResult } from "./cell.ts"
import type { Backend } from "./backends/backend.ts"
import { doneCells, openFolder, recordCell, summaryPath, writeAtomically, type ExperimentFolderError } from "./folder.ts"
import type { ExperimentPlan } from "./plan.ts"
import { summarizeExperiment, type ExperimentSummary } from "./summary.ts"
import type { CellReply } from "./wire.ts"

export class ExperimentFailed extends Data.TaggedError("ExperimentFailed")<{ readonly detail: string }> {
  override get message(): string {
    return `experiment failed: ${this.detail}`
  }
}

export interface ExperimentProgress {
  readonly cells_total: number
  readonly cells_done: number
  /** done before this run started (resumed from the folder) */
  readonly cells_resumed: number
  readonly cells_failed: number
  readonly elapsed_ms: number
  /** estimated from the cells finished in this run; NaN before the first */
  readonly left_ms: number
}

export interface ExperimentReport {
  readonly plan: ExperimentPlan
  readonly folder: string
  readonly backend: string
  readonly results: ReadonlyMap<string, CellResult>
  readonly resumed: number
  /** results recorded by this run */
  readonly recorded: number
  /** results reported again for a cell already recorded (ignored) */
  readonly duplicates: number
  readonly failed: ReadonlyArray<{ readonly cell_id: string; readonly error: string }>
  /** null until every cell is done */
  readonly result_hash: string | null
  readonly summary: ExperimentSummary | null
  readonly elapsed_ms: number
}

const EXPERIMENT_RESULT_DOMAIN = "nullspace/experiment-result-set/v1"

export const experimentResultHash = (plan: ExperimentPlan, results: ReadonlyMap<string, CellResult>): string | null => {
  const lines: string[] = []
  for (const e of plan.entries) {
    const r = results.get(e.cell_id)
    if (r === undefined) return null
    lines.push(`${e.group}|${e.seed}|${e.cell_id}|${r.result_hash}`)
  }
  return toHex(sha256(utf8(`${EXPERIMENT_RESULT_DOMAIN}\n${lines.join("\n")}`)))
}

export interface RunExperimentOptions {
  readonly plan: ExperimentPlan
  readonly folder: string
  readonly backend: Backend
  readonly started_by: string
  readonly onProgress?: (p: ExperimentProgress) => void
  readonly signal?: AbortSignal
}

export const runExperiment = (o: RunExperimentOptions): Effect.Effect<ExperimentReport, ExperimentFolderError | ExperimentFailed> =>
  Effect.gen(function* () {
    const started_ms = Date.now()
    const opened = openFolder(o.folder, o.plan, o.started_by)
    if (Either.isLeft(opened)) return yield* Effect.fail(opened.left)
    const results = doneCells(o.folder, o.plan)
    const resumed = results.size
    const pending = o.plan.cells.filter((c) => !results.has(c.cell_id))
    const pending_ids = new Set(pending.map((c) => c.cell_id))
    const failed = new Map<string, string>()
    let recorded = 0
    let duplicates = 0
    const progress = (): ExperimentProgress => {
      const elapsed_ms = Date.now() - started_ms
      const finished_here = results.size - resumed
      const left = o.plan.cells.length - results.size - failed.size
      return {
        cells_total: o.plan.cells.length,
        cells_done: results.size,
        cells_resumed: resumed,
        cells_failed: failed.size,
        elapsed_ms,
        left_ms: finished_here > 0 ? (left * elapsed_ms) / finished_here : Number.NaN
      }
    }
    o.onProgress?.(progress())
    const report = async (reply: CellReply): Promise<void> => {
      if (reply._tag === "failed") {
        if (!results.has(reply.cell_id) && pending_ids.has(reply.cell_id)) failed.set(reply.cell_id, reply.error)
      } else {
        const r = reply.result
        if (!pending_ids.has(r.cell_id) && !results.has(r.cell_id)) throw new Error(`a result for cell ${r.cell_id}, which is not in the plan`)
        if (recordCell(o.folder, r) === "recorded" && !results.has(r.cell_id)) {
          results.set(r.cell_id, r)
          failed.delete(r.cell_id)
          recorded++
        } else duplicates++
      }
      o.onProgress?.(progress())
    }
    if (pending.length > 0)
      yield* Effect.tryPromise({
        try: () => o.backend.run(pending, report, o.signal),
        catch: (e) => new ExperimentFailed({ detail: `${o.backend.name} backend: ${e instanceof Error ? e.message : String(e)}` })
      })
    const result_hash = experimentResultHash(o.plan, results)
    const summary = result_hash === null ? null : summarizeExperiment(o.plan, results)
    if (summary !== null) writeAtomically(summaryPath(o.folder), JSON.stringify({ experiment_id: o.plan.experiment_id, result_hash, ...summary }, null, 2) + "\n")
    return {
      plan: o.plan,
      folder: o.folder,
      backend: o.backend.name,
      results,
      resumed,
      recorded,
      duplicates,
      failed: [...failed].map(([cell_id, error]) => ({ cell_id, error })),
      result_hash,
      summary,
      elapsed_ms: Date.now() - started_ms
    }
  })

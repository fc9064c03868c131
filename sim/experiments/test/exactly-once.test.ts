/**
 * Exactly-once accounting, independent of a broker: the cells' results are computed once, then
 * reported to the coordinator in any order, each any number of times (as redeliveries would). The
 * experiment's result hash never changes, every cell is recorded once and every extra report is
 * counted as a duplicate.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import fc from "fast-check"
import { Effect, Either } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { CATALOG } from "../../../scenarios/index.ts"
import type { Backend } from "../backends/backend.ts"
import { localBackend } from "../backends/local.ts"
import type { CellResult } from "../cell.ts"
import { emptyRequest, planExperiment } from "../plan.ts"
import { runExperiment } from "../run-experiment.ts"

const dir = mkdtempSync(join(tmpdir(), "nullspace-exactly-once-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("exactly-once recording", () => {
  it("any delivery order with any duplicates gives the same hash, one record per cell", async () => {
    const planned = planExperiment(CATALOG, { ...emptyRequest("montecarlo", "quickstart"), base: { agents: "4", days: "1" }, seeds: ["1", "2", "3", "4", "5"] })
    if (Either.isLeft(planned)) throw new Error(planned.left.message)
    const plan = planned.right
    const ref_dir = join(dir, "reference")
    const reference = await Effect.runPromise(
      runExperiment({ plan, folder: ref_dir, backend: localBackend({ catalog: CATALOG, folder: ref_dir, code_version: "test", worker: "local" }), started_by: "test" })
    )
    const results: CellResult[] = plan.cells.map((c) => {
      const r = reference.results.get(c.cell_id)
      if (r === undefined) throw new Error("reference incomplete")
      return r
    })
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: results.length - 1 }), { maxLength: 12 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        async (extra, keys) => {
          // every cell once plus the extra (duplicate) deliveries, in a shuffled order
          const deliveries = [...results.map((_, i) => i), ...extra].map((i) => ({ i, key: keys.next().value ?? 0 })).sort((a, b) => a.key - b.key)
          const replay: Backend = {
            name: "replay",
            run: async (_cells, report) => {
              for (const d of deliveries) {
                const r = results[d.i]
                if (r !== undefined) await report({ _tag: "done", result: { ...r, worker: `w${d.i}` }, attempt: 1 })
              }
            }
          }
          const folder = join(dir, `replay-${run++}`)
          const report = await Effect.runPromise(runExperiment({ plan, folder, backend: replay, started_by: "test" }))
          expect(report.result_hash).toBe(reference.result_hash)
          expect(report.recorded).toBe(results.length)
          expect(report.duplicates).toBe(extra.length)
        }
      ),
      { numRuns: 25 }
    )
  }, 60_000)
})

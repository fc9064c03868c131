/**
 * The pool backends: cells spread over a pool of cell workers on this machine, child processes
 * ("processes", the default) or worker threads ("threads"), one per core unless told.
 */
import { ATTEMPTS_MAX, type Backend } from "./backend.ts"
import { createCellPool, type CellPoolKind, type CellPoolOptions } from "./cell-pool.ts"

export const poolBackend = (o: Omit<CellPoolOptions, "name_prefix" | "kind"> & { readonly kind: CellPoolKind }): Backend => ({
  name: `${o.kind}×${o.size}`,
  run: async (cells, report, signal) => {
    const pool = createCellPool({ ...o, size: Math.max(1, Math.min(o.size, cells.length)), name_prefix: o.kind === "threads" ? "thread-" : "process-" })
    signal?.addEventListener("abort", () => void pool.close(), { once: true })
    try {
      await Promise.all(
        cells.map(async (cell) => {
          for (let attempt = 1; attempt <= ATTEMPTS_MAX; attempt++) {
            if (signal?.aborted === true) throw new Error("interrupted")
            try {
              const result = await pool.run(cell)
              await report({ _tag: "done", result, attempt })
              return
            } catch (e) {
              if (attempt === ATTEMPTS_MAX) await report({ _tag: "failed", cell_id: cell.cell_id, error: e instanceof Error ? e.message : String(e), attempt })
            }
          }
        })
      )
    } finally {
      await pool.close()
    }
  }
})

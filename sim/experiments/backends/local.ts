/** The local backend: every cell in this thread, one after another (the reference for the others). */
import { executeCellPromise, type CellContext } from "../cell.ts"
import { ATTEMPTS_MAX, type Backend } from "./backend.ts"

export const localBackend = (ctx: CellContext): Backend => ({
  name: "local",
  run: async (cells, report, signal) => {
    for (const cell of cells) {
      if (signal?.aborted === true) throw new Error("interrupted")
      for (let attempt = 1; attempt <= ATTEMPTS_MAX; attempt++) {
        try {
          const result = await executeCellPromise(ctx, cell)
          await report({ _tag: "done", result, attempt })
          break
        } catch (e) {
          if (attempt === ATTEMPTS_MAX) await report({ _tag: "failed", cell_id: cell.cell_id, error: e instanceof Error ? e.message : String(e), attempt })
        }
      }
    }
  }
})

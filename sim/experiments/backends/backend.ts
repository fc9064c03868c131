/**
 * A backend runs cells and reports each one's outcome to the coordinator (runExperiment), which
 * records it. Backends: local (in this thread), threads (node:worker_threads, one per core),
 * nats (NATS JetStream work queue, worker processes anywhere). A backend may report a cell more
 * than once (a redelivery after a lost acknowledgement): the coordinator records the first and
 * counts the rest as duplicates, so no cell is lost or counted twice.
 */
import type { CellReply } from "../wire.ts"
import type { CellSpec } from "../plan.ts"

export interface Backend {
  readonly name: string
  /** run every cell; `report` is awaited before the backend considers the cell delivered */
  readonly run: (cells: ReadonlyArray<CellSpec>, report: (reply: CellReply) => Promise<void>, signal?: AbortSignal) => Promise<void>
}

/** how often a failing cell is tried before it is reported failed (a rerun of the experiment tries again) */
export const ATTEMPTS_MAX = 2

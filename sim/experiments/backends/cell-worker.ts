/**
 * The body of a cell worker, a worker thread or a child process of the pool (cell-pool.ts). The
 * pool starts each on a bundle (worker-bundle.ts) whose entry imports the scenario catalog module
 * and calls `serveCells` with it (sim/ never imports scenarios/ itself). Its settings, { folder,
 * code_version, name }, come as workerData (a thread) or as the first argument in JSON (a
 * process). It answers each { cell } message (the pool sends one at a time) with
 * { cell_id, result } or { cell_id, error }, and says { ready: true } once it listens. A process
 * exits when its parent's IPC channel closes, so a pool that dies leaves no cell workers behind.
 */
import { parentPort, workerData } from "node:worker_threads"
import { Either } from "effect"
import type { ScenarioCatalog } from "../../scenario.ts"
import { executeCellPromise } from "../cell.ts"
import { CellSpecSchema, decodeUnknown } from "../wire.ts"

const isCatalog = (x: unknown): x is ScenarioCatalog =>
  typeof x === "object" && x !== null && "scenarios" in x && x.scenarios instanceof Map && "default_name" in x && typeof x.default_name === "string"

const text = (o: unknown, key: string): string => {
  const v: unknown = typeof o === "object" && o !== null && key in o ? Reflect.get(o, key) : undefined
  if (typeof v !== "string") throw new Error(`cell worker started without ${key}`)
  return v
}

interface Channel {
  readonly settings: unknown
  readonly post: (m: unknown) => void
  readonly listen: (on: (m: unknown) => void) => void
}

const channel = (): Channel => {
  const port = parentPort
  if (port !== null) return { settings: workerData, post: (m) => port.postMessage(m), listen: (on) => port.on("message", on) }
  const send = process.send?.bind(process)
  if (send === undefined) throw new Error("serveCells runs only in a worker thread or a child process with an IPC channel")
  process.on("disconnect", () => process.exit(0))
  return { settings: JSON.parse(process.argv[2] ?? "null"), post: (m) => void send(m), listen: (on) => process.on("message", on) }
}

/** serve cells to the pool that started this thread or process; `loaded` is the catalog module's namespace */
export const serveCells = (loaded: unknown, catalog_url: string): void => {
  const io = channel()
  const folder = text(io.settings, "folder")
  const code_version = text(io.settings, "code_version")
  const name = text(io.settings, "name")
  const catalog: unknown = typeof loaded === "object" && loaded !== null && "CATALOG" in loaded ? loaded.CATALOG : undefined
  if (!isCatalog(catalog)) throw new Error(`${catalog_url} exports no CATALOG`)
  io.listen((m: unknown) => {
    const cell = decodeUnknown(CellSpecSchema, typeof m === "object" && m !== null && "cell" in m ? m.cell : undefined)
    if (Either.isLeft(cell)) {
      io.post({ cell_id: "", error: `bad cell message: ${cell.left}` })
      return
    }
    executeCellPromise({ catalog, folder, code_version, worker: name }, cell.right).then(
      (result) => io.post({ cell_id: cell.right.cell_id, result }),
      (e: unknown) => io.post({ cell_id: cell.right.cell_id, error: e instanceof Error ? e.message : String(e) })
    )
  })
  io.post({ ready: true })
}

/**
 * A worker thread of the threads backend. workerData: { catalog_url, folder, code_version, name }.
 * It imports the scenario catalog from catalog_url (a module exporting CATALOG: sim/ never
 * imports scenarios/ itself), then answers each { cell } message with { cell_id, result } or
 * { cell_id, error }.
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
  if (typeof v !== "string") throw new Error(`worker thread started without ${key}`)
  return v
}

const port = parentPort
if (port !== null) {
  const catalog_url = text(workerData, "catalog_url")
  const folder = text(workerData, "folder")
  const code_version = text(workerData, "code_version")
  const name = text(workerData, "name")
  const loaded: unknown = await import(catalog_url)
  const catalog: unknown = typeof loaded === "object" && loaded !== null && "CATALOG" in loaded ? loaded.CATALOG : undefined
  if (!isCatalog(catalog)) throw new Error(`${catalog_url} exports no CATALOG`)
  port.on("message", (m: unknown) => {
    const cell = decodeUnknown(CellSpecSchema, typeof m === "object" && m !== null && "cell" in m ? m.cell : undefined)
    if (Either.isLeft(cell)) {
      port.postMessage({ cell_id: "", error: `bad cell message: ${cell.left}` })
      return
    }
    executeCellPromise({ catalog, folder, code_version, worker: name }, cell.right).then(
      (result) => port.postMessage({ cell_id: cell.right.cell_id, result }),
      (e: unknown) => port.postMessage({ cell_id: cell.right.cell_id, error: e instanceof Error ? e.message : String(e) })
    )
  })
  port.postMessage({ ready: true })
}

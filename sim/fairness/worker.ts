/**
 * A fairness worker thread: plays the chunks it is sent and posts their tallies back.
 * Message in: { key, seed_hex, chunk, rounds }; out: { key, chunk, tally } or { key, chunk, error }.
 */
import { parentPort } from "node:worker_threads"
import { fromHex } from "../../engine/codec/bytes.ts"
import { catalogByKey } from "./catalog.ts"
import { runChunk } from "./monte-carlo.ts"

export interface ChunkTask {
  readonly key: string
  readonly seed_hex: string
  readonly chunk: number
  readonly rounds: number
}

const bets = catalogByKey()
const port = parentPort
if (port !== null)
  port.on("message", (t: ChunkTask) => {
    const bet = bets.get(t.key)
    if (bet === undefined) {
      port.postMessage({ key: t.key, chunk: t.chunk, error: `no bet ${t.key} in the catalogue` })
      return
    }
    try {
      port.postMessage({ key: t.key, chunk: t.chunk, tally: runChunk(bet, fromHex(t.seed_hex), t.chunk, t.rounds) })
    } catch (e) {
      port.postMessage({ key: t.key, chunk: t.chunk, error: e instanceof Error ? e.message : String(e) })
    }
  })

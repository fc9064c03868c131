/**
 * One verify-pool worker thread (services/node/verify-pool.ts): receives a packed chunk of
 * (public key, signature, message) items, verifies each with the engine's node:crypto verifier
 * (the same rule and pre-checks as every other path) and answers one byte per item (1 = valid).
 * Chunk layout, repeated: u32 BE message length || public key (32) || signature (64) || message.
 * Its first message, once loaded, is `{ ready: true }`.
 */
import { parentPort } from "node:worker_threads"
import { nodeVerifier } from "../../engine/tx/verify-node.ts"

interface Job {
  readonly id: number
  readonly count: number
  readonly chunk: ArrayBuffer
}

const port = parentPort
if (port === null) throw new Error("verify-worker.ts runs as a worker thread only")

const isJob = (v: unknown): v is Job =>
  typeof v === "object" && v !== null && "id" in v && "count" in v && "chunk" in v && v.chunk instanceof ArrayBuffer

port.on("message", (msg: unknown) => {
  if (!isJob(msg)) throw new Error("verify-worker: malformed job")
  const bytes = new Uint8Array(msg.chunk)
  const view = new DataView(msg.chunk)
  const results = new Uint8Array(msg.count)
  let off = 0
  for (let i = 0; i < msg.count; i++) {
    const len = view.getUint32(off)
    off += 4
    const public_key = bytes.subarray(off, off + 32)
    const signature = bytes.subarray(off + 32, off + 96)
    const message = bytes.subarray(off + 96, off + 96 + len)
    off += 96 + len
    results[i] = nodeVerifier.verify(public_key, message, signature) ? 1 : 0
  }
  if (off !== bytes.length) throw new Error(`verify-worker: chunk has ${bytes.length - off} trailing bytes`)
  port.postMessage({ id: msg.id, results: results.buffer }, [results.buffer])
})

port.postMessage({ ready: true })

/**
 * Read a request body with a byte limit enforced before everything is read: a declared
 * Content-Length over the limit is refused without reading, and a streamed body stops being
 * buffered the moment it passes the limit (the rest is discarded, the connection closed after
 * the 413).
 */
import type { IncomingMessage } from "node:http"
import { Effect } from "effect"

export type BodyOutcome = { readonly _tag: "Body"; readonly bytes: Uint8Array } | { readonly _tag: "TooLarge"; readonly limit_bytes: number }

export const readBody = (req: IncomingMessage, limit_bytes: number): Effect.Effect<BodyOutcome, Error> =>
  Effect.async<BodyOutcome, Error>((resume) => {
    const declared = req.headers["content-length"]
    if (limit_bytes > 0 && declared !== undefined && Number(declared) > limit_bytes) {
      req.resume()
      resume(Effect.succeed({ _tag: "TooLarge", limit_bytes }))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const onData = (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (limit_bytes > 0 && size > limit_bytes) {
        done = true
        chunks.length = 0
        resume(Effect.succeed({ _tag: "TooLarge", limit_bytes }))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      if (done) return
      done = true
      resume(Effect.succeed({ _tag: "Body", bytes: new Uint8Array(Buffer.concat(chunks, size)) }))
    }
    const onError = (e: Error) => {
      if (done) return
      done = true
      resume(Effect.fail(e))
    }
    req.on("data", onData)
    req.on("end", onEnd)
    req.on("error", onError)
    return Effect.sync(() => {
      req.off("data", onData)
      req.off("end", onEnd)
      req.off("error", onError)
    })
  })

/**
 * The Node FrameSource of NullspaceClient.updates (client.ts): a `ws` WebSocket with the given
 * headers (an Origin on an indexer with an allowlist), text frames, close and error as callbacks.
 * Browsers pass an adapter over their own WebSocket instead; client.ts itself imports no socket.
 */
import WebSocket from "ws"
import type { FrameSource } from "./client.ts"

/** frames larger than this close the socket (a certified frame of a full block is a few MB at most) */
export const FRAME_BYTES_MAX = 16 * 1_048_576

export const wsFrameSource =
  (headers: Readonly<Record<string, string>> = {}): FrameSource =>
  (url, on) => {
    const ws = new WebSocket(url, { headers: { ...headers }, maxPayload: FRAME_BYTES_MAX })
    ws.on("message", (data, isBinary) => {
      if (isBinary) on.error("a binary frame on /updates")
      else on.frame(Buffer.isBuffer(data) ? data.toString("utf8") : Array.isArray(data) ? Buffer.concat(data).toString("utf8") : Buffer.from(data).toString("utf8"))
    })
    ws.on("close", (code, reason) => on.close(code, reason.toString("utf8")))
    ws.on("error", (e) => on.error(e.message))
    ws.on("unexpected-response", (_req, res) => on.error(`the upgrade was refused (${res.statusCode ?? 0})`))
    return { close: () => ws.terminate() }
  }

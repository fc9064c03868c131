/**
 * The address a request is attributed to for rate limits. Forwarded headers are honoured only when
 * the server sits behind a trusted proxy (`trust_proxy`), otherwise anyone could spoof them.
 */
import type { IncomingMessage } from "node:http"

const first = (v: string | string[] | undefined): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v
  if (s === undefined) return undefined
  const t = s.split(",")[0]?.trim()
  return t === undefined || t === "" ? undefined : t
}

export const clientAddress = (req: IncomingMessage, trust_proxy: boolean): string => {
  if (trust_proxy) {
    const forwarded = first(req.headers["x-forwarded-for"]) ?? first(req.headers["x-real-ip"])
    if (forwarded !== undefined) return forwarded
  }
  return req.socket.remoteAddress ?? "unknown"
}

/**
 * The address a request is attributed to for rate limits and connection caps. Forwarded headers
 * (X-Forwarded-For, X-Real-IP) are honoured only when `trust_proxy` is on AND the request's socket
 * comes from one of `trusted_proxies` (by default the loopback addresses: a proxy on this host);
 * from anyone else they are ignored, or any client could pick its own key.
 */
import type { IncomingMessage } from "node:http"

const first = (v: string | string[] | undefined): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v
  if (s === undefined) return undefined
  const t = s.split(",")[0]?.trim()
  return t === undefined || t === "" ? undefined : t
}

export interface ProxyTrust {
  readonly trust_proxy: boolean
  readonly trusted_proxies: ReadonlyArray<string>
}

/** the socket address without the IPv4-mapped prefix */
const plain = (address: string): string => (address.startsWith("::ffff:") ? address.slice(7) : address)

export const clientAddress = (req: IncomingMessage, trust: ProxyTrust): string => {
  const peer = req.socket.remoteAddress
  if (trust.trust_proxy && peer !== undefined && trust.trusted_proxies.some((p) => plain(p) === plain(peer))) {
    const forwarded = first(req.headers["x-forwarded-for"]) ?? first(req.headers["x-real-ip"])
    if (forwarded !== undefined) return forwarded
  }
  return req.socket.remoteAddress ?? "unknown"
}

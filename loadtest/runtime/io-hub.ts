/**
 * The I/O hub: runs on the runner's main thread and performs, with Node's asynchronous sockets,
 * the network calls VU workers make synchronously. One keep-alive agent per VU (k6 reuses
 * connections per VU), loopback hosts only, every socket and queue bounded.
 */
import http from "node:http"
import { performance } from "node:perf_hooks"
import type { MessagePort } from "node:worker_threads"
import WebSocket from "ws"
import type { Sample } from "./metrics.ts"
import {
  BATCH_PER_VU_MAX,
  ERROR_CODES,
  LOOPBACK_HOSTS,
  type HttpRequestSpec,
  type HttpResult,
  type HubMessage,
  type VuRequest,
  type WsOpenResult
} from "./protocol.ts"

/** Per-VU cap on open WebSockets. */
export const WS_PER_VU_MAX = 16
/** Response bodies larger than this are cut (k6 has no such cap; a load run never needs more). */
export const RESPONSE_BYTES_MAX = 16 * 1024 * 1024

interface VuLink {
  readonly vu: number
  readonly port: MessagePort
  readonly signal: Int32Array
  readonly agent: http.Agent
  readonly sockets: Map<number, WebSocket>
}

const zeroTimings = { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 }

const failure = (url: string, error: string, error_code: number, timings = zeroTimings, bytes_sent = 0): HttpResult => ({
  url,
  status: 0,
  status_text: "",
  proto: "",
  headers: {},
  body_text: null,
  body_bytes: null,
  error,
  error_code,
  timings,
  bytes_sent,
  bytes_received: 0
})

const checkUrl = (raw: string, protocols: ReadonlyArray<string>): URL | HttpResult => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return failure(raw, `invalid URL: ${raw}`, ERROR_CODES.invalid_url)
  }
  if (!protocols.includes(url.protocol)) return failure(raw, `unsupported protocol ${url.protocol}`, ERROR_CODES.invalid_url)
  if (!LOOPBACK_HOSTS.has(url.hostname)) return failure(raw, `hostname ${url.hostname} is blocked: the runner only talks to loopback`, ERROR_CODES.blocked_hostname)
  return url
}

const errorCodeOf = (e: unknown): number => {
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : ""
  if (code === "ECONNREFUSED") return ERROR_CODES.connection_refused
  if (code === "ECONNRESET" || code === "EPIPE") return ERROR_CODES.connection_reset
  return ERROR_CODES.generic
}

const flatHeaders = (h: http.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue
    // k6 (Go) canonicalises header names: content-type -> Content-Type
    const name = k.replace(/(^|-)([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase())
    out[name] = Array.isArray(v) ? v.join(", ") : v
  }
  return out
}

const performHttp = (agent: http.Agent, spec: HttpRequestSpec): Promise<HttpResult> =>
  new Promise((resolve) => {
    const checked = checkUrl(spec.url, ["http:"])
    if (!(checked instanceof URL)) return resolve(checked)
    const t0 = performance.now()
    let tSocket = t0
    let tConnected = t0
    let tSent = t0
    let tHeaders = t0
    let settled = false
    const headerBytes = Object.entries(spec.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0)
    const bytesSent = spec.method.length + spec.url.length + 13 + headerBytes + (spec.body?.length ?? 0)
    const timingsAt = (tEnd: number) => {
      const sending = Math.max(0, tSent - tConnected)
      const waiting = Math.max(0, tHeaders - tSent)
      const receiving = Math.max(0, tEnd - tHeaders)
      return {
        blocked: Math.max(0, tSocket - t0),
        connecting: Math.max(0, tConnected - tSocket),
        tls_handshaking: 0,
        sending,
        waiting,
        receiving,
        duration: sending + waiting + receiving
      }
    }
    const settle = (r: HttpResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(r)
    }
    const headers: Record<string, string> = { "User-Agent": "nullspace-loadtest (k6-compatible runtime)", ...spec.headers }
    if (spec.body !== null) headers["Content-Length"] = String(spec.body.length)
    const req = http.request(checked, { method: spec.method, agent, headers })
    const timer = setTimeout(() => {
      req.destroy()
      settle(failure(spec.url, `request timeout`, ERROR_CODES.timeout, timingsAt(performance.now()), bytesSent))
    }, spec.timeout_ms)
    req.on("socket", (socket) => {
      tSocket = performance.now()
      tConnected = tSocket
      if (socket.connecting) socket.once("connect", () => (tConnected = performance.now()))
    })
    req.on("finish", () => (tSent = performance.now()))
    req.on("error", (e) => settle(failure(spec.url, e.message, errorCodeOf(e), timingsAt(performance.now()), bytesSent)))
    req.on("response", (res) => {
      tHeaders = performance.now()
      const chunks: Buffer[] = []
      let size = 0
      res.on("data", (c: Buffer) => {
        if (size + c.length <= RESPONSE_BYTES_MAX) chunks.push(c)
        size += c.length
      })
      res.on("error", (e) => settle(failure(spec.url, e.message, errorCodeOf(e), timingsAt(performance.now()), bytesSent)))
      res.on("end", () => {
        const body = Buffer.concat(chunks)
        const headerLen = res.rawHeaders.reduce((n, h) => n + h.length + 2, 0) + 17
        settle({
          url: spec.url,
          status: res.statusCode ?? 0,
          status_text: `${res.statusCode ?? 0} ${res.statusMessage ?? ""}`,
          proto: `HTTP/${res.httpVersion}`,
          headers: flatHeaders(res.headers),
          body_text: spec.response_type === "text" ? body.toString("utf8") : null,
          body_bytes: spec.response_type === "binary" ? new Uint8Array(body) : null,
          error: "",
          error_code: 0,
          timings: timingsAt(performance.now()),
          bytes_sent: bytesSent,
          bytes_received: headerLen + size
        })
      })
    })
    if (spec.body !== null) req.end(Buffer.from(spec.body.buffer, spec.body.byteOffset, spec.body.byteLength))
    else req.end()
  })

export interface HubHooks {
  /** samples posted by VUs (fire and forget) */
  readonly onSamples: (vu: number, samples: ReadonlyArray<Sample>) => void
}

export class IoHub {
  private readonly links = new Map<number, VuLink>()
  private nextSocketId = 1
  constructor(private readonly hooks: HubHooks) {}

  attach(vu: number, port: MessagePort, signal: Int32Array): void {
    const link: VuLink = { vu, port, signal, agent: new http.Agent({ keepAlive: true, maxSockets: BATCH_PER_VU_MAX }), sockets: new Map() }
    this.links.set(vu, link)
    port.on("message", (m: VuRequest) => this.handle(link, m))
  }

  detach(vu: number): void {
    const link = this.links.get(vu)
    if (link === undefined) return
    for (const ws of link.sockets.values()) ws.terminate()
    link.sockets.clear()
    link.agent.destroy()
    link.port.close()
    this.links.delete(vu)
  }

  close(): void {
    for (const vu of [...this.links.keys()]) this.detach(vu)
  }

  private post(link: VuLink, m: HubMessage): void {
    if (!this.links.has(link.vu)) return
    link.port.postMessage(m)
    Atomics.add(link.signal, 0, 1)
    Atomics.notify(link.signal, 0)
  }

  private handle(link: VuLink, m: VuRequest): void {
    switch (m.op) {
      case "samples":
        this.hooks.onSamples(link.vu, m.samples)
        return
      case "http": {
        const specs = m.requests.slice(0, BATCH_PER_VU_MAX)
        void Promise.all(specs.map((s) => performHttp(link.agent, s))).then((results) => this.post(link, { kind: "http", id: m.id, results }))
        return
      }
      case "ws-open":
        this.openWs(link, m.id, m.url, m.headers, m.timeout_ms)
        return
      case "ws-send": {
        const ws = link.sockets.get(m.socket_id)
        if (ws !== undefined && ws.readyState === WebSocket.OPEN) ws.send(m.data)
        return
      }
      case "ws-ping": {
        const ws = link.sockets.get(m.socket_id)
        if (ws !== undefined && ws.readyState === WebSocket.OPEN) ws.ping(Buffer.from(m.ping_id))
        return
      }
      case "ws-close": {
        const ws = link.sockets.get(m.socket_id)
        if (ws === undefined) return
        link.sockets.delete(m.socket_id)
        if (ws.readyState === WebSocket.OPEN) {
          ws.close(m.code)
          setTimeout(() => ws.terminate(), 1000).unref()
        } else ws.terminate()
        return
      }
    }
  }

  private openWs(link: VuLink, id: number, raw: string, headers: Readonly<Record<string, string>>, timeout_ms: number): void {
    const fail = (error: string): void =>
      this.post(link, { kind: "ws-open", id, result: { socket_id: 0, status: 0, headers: {}, error, connecting_ms: 0 } })
    const checked = checkUrl(raw, ["ws:"])
    if (!(checked instanceof URL)) return fail(checked.error)
    if (link.sockets.size >= WS_PER_VU_MAX) return fail(`too many open WebSockets for VU ${link.vu} (max ${WS_PER_VU_MAX})`)
    const t0 = performance.now()
    const socket_id = this.nextSocketId++
    const ws = new WebSocket(checked, { headers, handshakeTimeout: timeout_ms })
    let status = 0
    let responseHeaders: Record<string, string> = {}
    let opened = false
    ws.on("upgrade", (res) => {
      status = res.statusCode ?? 101
      responseHeaders = flatHeaders(res.headers)
    })
    ws.on("unexpected-response", (_req, res) => {
      ws.terminate()
      fail(`websocket: bad handshake (status ${res.statusCode ?? 0})`)
    })
    ws.on("open", () => {
      opened = true
      link.sockets.set(socket_id, ws)
      const result: WsOpenResult = { socket_id, status, headers: responseHeaders, error: "", connecting_ms: performance.now() - t0 }
      this.post(link, { kind: "ws-open", id, result })
    })
    ws.on("message", (data, isBinary) => {
      if (!link.sockets.has(socket_id)) return
      if (isBinary) {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data)
        this.post(link, { kind: "ws", socket_id, event: "binaryMessage", bytes: new Uint8Array(buf) })
      } else {
        this.post(link, { kind: "ws", socket_id, event: "message", data: data.toString() })
      }
    })
    ws.on("ping", () => {
      if (link.sockets.has(socket_id)) this.post(link, { kind: "ws", socket_id, event: "ping" })
    })
    ws.on("pong", (data) => {
      if (link.sockets.has(socket_id)) this.post(link, { kind: "ws", socket_id, event: "pong", ping_id: data.toString() })
    })
    ws.on("error", (e) => {
      if (!opened) return fail(e.message)
      if (link.sockets.has(socket_id)) this.post(link, { kind: "ws", socket_id, event: "error", message: e.message })
    })
    ws.on("close", (code) => {
      if (!link.sockets.has(socket_id)) return
      link.sockets.delete(socket_id)
      this.post(link, { kind: "ws", socket_id, event: "close", code })
    })
  }
}

/**
 * The API fuzzer: an in-process dev server (memory only, no block production, an origin allowlist
 * and a metrics token, rate limits off so every request reaches its handler) takes `requests`
 * seeded requests from requests.ts, `concurrency` at a time over keep-alive connections. It passes
 * when no request crashed anything: no 5xx, every 4xx a typed JSON error `{error, code}`, the
 * server still healthy, and the chain untouched (height, view, state root, mempool size).
 */
import * as http from "node:http"
import { Schema } from "effect"
import { startDevServer } from "../server.ts"
import { memoryLogSink } from "../log.ts"
import { requestGenerator, type FuzzRequest } from "./requests.ts"

export const FUZZ_ORIGIN = "https://play.nullspace.test"
export const FUZZ_METRICS_TOKEN = "fuzz-metrics-token"

export interface FuzzFailure {
  readonly index: number
  readonly kind: string
  readonly method: string
  readonly path: string
  readonly status: number
  readonly body: string
}

export interface FuzzReport {
  readonly seed: number
  readonly requests: number
  readonly by_status: Readonly<Record<string, number>>
  readonly by_kind: Readonly<Record<string, number>>
  readonly failures: ReadonlyArray<FuzzFailure>
  readonly state_unchanged: boolean
  readonly healthy_after: boolean
  readonly elapsed_ms: number
}

const ErrorBody = Schema.Struct({ error: Schema.String, code: Schema.Number })
const isErrorBody = Schema.is(ErrorBody)

const send = (agent: http.Agent, port: number, req: FuzzRequest): Promise<{ status: number; body: string }> =>
  new Promise((resolve) => {
    // a body is always framed (node sends a DELETE body unframed otherwise: a broken request of ours, not the server's fault)
    const headers = req.body === null ? req.headers : { ...req.headers, "content-length": String(req.body.length) }
    const r = http.request({ host: "127.0.0.1", port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").slice(0, 2_000) }))
      res.on("error", (e) => resolve({ status: -1, body: e.message }))
    })
    r.on("error", (e) => resolve({ status: -1, body: e.message }))
    if (req.body !== null) r.end(Buffer.from(req.body))
    else r.end()
  })

/** a failure's reason, or null when the answer is acceptable */
const judge = (status: number, body: string): string | null => {
  if (status < 0) return `the connection failed: ${body}`
  if (status >= 500 && status !== 501 && status !== 503) return `status ${status}`
  if (status >= 400) {
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      return "a non-JSON error body"
    }
    if (!isErrorBody(parsed)) return "an error body without {error, code}"
  }
  return null
}

export const runFuzz = async (options: { readonly seed: number; readonly requests: number; readonly concurrency?: number }): Promise<FuzzReport> => {
  const server = await startDevServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: null,
    blockIntervalMs: 0,
    log: memoryLogSink(),
    config: { allowed_origins: [FUZZ_ORIGIN], metrics_token: FUZZ_METRICS_TOKEN, http_rate_limit_per_second: 0, submit_rate_limit_per_minute: 0, submit_tx_rate_limit_per_minute: 0 }
  })
  const t0 = performance.now()
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency ?? 16 })
  try {
    const port = Number(new URL(server.url).port)
    const before = { ...server.devChain.head(), mempool: server.devChain.mempool.size }
    const next = requestGenerator(options.seed)
    const by_status: Record<string, number> = {}
    const by_kind: Record<string, number> = {}
    const failures: FuzzFailure[] = []
    let index = 0
    const worker = async () => {
      while (index < options.requests) {
        const i = index++
        const req = next(i)
        by_kind[req.kind] = (by_kind[req.kind] ?? 0) + 1
        const { status, body } = await send(agent, port, req)
        by_status[String(status)] = (by_status[String(status)] ?? 0) + 1
        const why = judge(status, body)
        if (why !== null && failures.length < 100) failures.push({ index: i, kind: `${req.kind}: ${why}`, method: req.method, path: req.path.slice(0, 200), status, body: body.slice(0, 300) })
      }
    }
    await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker))
    const after = { ...server.devChain.head(), mempool: server.devChain.mempool.size }
    const health = await send(agent, port, { method: "GET", path: "/healthz", headers: {}, body: null, kind: "health" })
    return {
      seed: options.seed,
      requests: options.requests,
      by_status,
      by_kind,
      failures,
      state_unchanged: after.height === before.height && after.view === before.view && after.state_root === before.state_root && after.mempool === before.mempool,
      healthy_after: health.status === 200,
      elapsed_ms: Math.round(performance.now() - t0)
    }
  } finally {
    agent.destroy()
    await server.close()
  }
}

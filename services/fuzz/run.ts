/**
 * The API fuzzer: an in-process dev server (memory only, no block production, an origin allowlist
 * and a metrics token, rate limits off so every request reaches its handler, the explorer on an
 * in-memory PGlite holding one indexed block) takes `requests` seeded requests from requests.ts,
 * `concurrency` at a time over keep-alive connections, and `ws_requests` seeded WebSocket upgrades
 * of /updates and /mempool (ws-requests.ts), then `ws_frames` seeded raw WebSocket frames written
 * after real upgrades of both feeds (ws-frames.ts: bad opcodes, lengths, fragmentation, masking,
 * UTF-8, messages, ping floods), each of which must end in an allowed close code. It passes when no request crashed anything: no 5xx,
 * every 4xx a typed JSON error `{error, code}`, every refused upgrade a typed refusal or close
 * code, the server still healthy, the chain untouched (height, view, state root, mempool size) and
 * nothing delivered on the /mempool and /updates feeds a watcher held open during the run, both
 * watchers still open at the end, and the process's RSS grown by less than `RSS_GROWTH_BYTES_MAX`
 * over the raw-frame phase.
 */
import * as http from "node:http"
import { Schema } from "effect"
import WebSocket from "ws"
import { actorSigner, signTransaction } from "../../engine/tx/sign.ts"
import { encodeSubmission } from "../api/submission.ts"
import { defaultExplorerSettings } from "../explorer/settings.ts"
import { startDevServer } from "../server.ts"
import { memoryLogSink } from "../log.ts"
import { requestGenerator, type FuzzRequest } from "./requests.ts"
import { wsRequestGenerator, type WsOutcome, judgeWs, sendWs } from "./ws-requests.ts"
import { judgeWsFrames, sendWsFrames, wsFrameGenerator } from "./ws-frames.ts"

export const FUZZ_ORIGIN = "https://play.nullspace.test"
export const FUZZ_METRICS_TOKEN = "fuzz-metrics-token"
/** the fuzz server's WebSocket message bound (the raw-frame cases cross it) */
export const FUZZ_WS_MESSAGE_BYTES_MAX = 64 * 1024
/** how much the process's RSS may grow over the raw-frame phase (memory stays bounded) */
export const RSS_GROWTH_BYTES_MAX = 256 * 1024 * 1024

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
  readonly ws_requests: number
  readonly ws_by_outcome: Readonly<Record<string, number>>
  readonly ws_frames: number
  readonly ws_frames_by_outcome: Readonly<Record<string, number>>
  /** RSS after the raw-frame phase minus before it (bytes; negative when it shrank) */
  readonly ws_frames_rss_growth_bytes: number
  /** both feed watchers were still open after every fuzz phase (the server kept serving others) */
  readonly watchers_open_after: boolean
  /** frames the /mempool and /updates watchers received during the run (nothing may be admitted or produced) */
  readonly feed_frames: number
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
const judge = (method: string, status: number, body: string): string | null => {
  if (status < 0) return `the connection failed: ${body}`
  if (status >= 500 && status !== 501 && status !== 503) return `status ${status}`
  // a HEAD answer has no body (the status alone is the answer)
  if (status >= 400 && method !== "HEAD") {
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

/** a feed watcher (allowed origin) counting every frame it receives */
const watch = (url: string): Promise<{ frames: () => number; open: () => boolean; close: () => void }> =>
  new Promise((resolve, reject) => {
    let n = 0
    const ws = new WebSocket(url, { headers: { origin: FUZZ_ORIGIN } })
    ws.on("message", () => n++)
    ws.on("open", () => resolve({ frames: () => n, open: () => ws.readyState === WebSocket.OPEN, close: () => ws.terminate() }))
    ws.on("error", reject)
  })

/** the explorer holds one indexed block (a registration) before the run, so well-formed ids can name something */
const seedExplorer = async (server: Awaited<ReturnType<typeof startDevServer>>): Promise<void> => {
  const body = encodeSubmission([signTransaction(actorSigner("fuzz/explorer"), 0n, { _tag: "CasinoRegister", name: "explorer" })])
  const res = await fetch(`${server.url}/submit`, { method: "POST", body: new Uint8Array(body), headers: { "content-type": "application/octet-stream", origin: FUZZ_ORIGIN } })
  if (res.status !== 200) throw new Error(`fuzz setup: the seed submission was refused (${res.status} ${await res.text()})`)
  await server.produceNow()
  for (let i = 0; i < 400; i++) {
    const status: unknown = await (await fetch(`${server.url}/explorer/status`)).json()
    if (typeof status === "object" && status !== null && "indexed_through" in status && status.indexed_through === "1") return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error("fuzz setup: the explorer did not index block 1 within 10 s")
}

export const runFuzz = async (options: {
  readonly seed: number
  readonly requests: number
  readonly ws_requests?: number
  readonly ws_frames?: number
  readonly concurrency?: number
}): Promise<FuzzReport> => {
  const server = await startDevServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: null,
    blockIntervalMs: 0,
    log: memoryLogSink(),
    config: {
      allowed_origins: [FUZZ_ORIGIN],
      metrics_token: FUZZ_METRICS_TOKEN,
      http_rate_limit_per_second: 0,
      submit_rate_limit_per_minute: 0,
      submit_tx_rate_limit_per_minute: 0,
      ws_max_message_bytes: FUZZ_WS_MESSAGE_BYTES_MAX,
      explorer: defaultExplorerSettings
    }
  })
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency ?? 16 })
  const watchers: Array<{ frames: () => number; open: () => boolean; close: () => void }> = []
  try {
    await seedExplorer(server)
    const t0 = performance.now()
    const port = Number(new URL(server.url).port)
    watchers.push(await watch(`${server.updatesUrl.replace(/\/updates$/, "")}/mempool`), await watch(server.updatesUrl))
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
        const why = judge(req.method, status, body)
        if (why !== null && failures.length < 100) failures.push({ index: i, kind: `${req.kind}: ${why}`, method: req.method, path: req.path.slice(0, 200), status, body: body.slice(0, 300) })
      }
    }
    await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker))
    const ws_count = options.ws_requests ?? Math.min(2_000, Math.ceil(options.requests / 50))
    const nextWs = wsRequestGenerator(options.seed ^ 0x5a5a5a5a)
    const ws_by_outcome: Record<string, number> = {}
    const wsBase = server.updatesUrl.replace(/\/updates$/, "")
    let ws_index = 0
    const wsWorker = async () => {
      while (ws_index < ws_count) {
        const i = ws_index++
        const req = nextWs(i)
        by_kind[req.kind] = (by_kind[req.kind] ?? 0) + 1
        const outcome: WsOutcome = await sendWs(wsBase, req)
        ws_by_outcome[outcome.label] = (ws_by_outcome[outcome.label] ?? 0) + 1
        const why = judgeWs(req, outcome)
        if (why !== null && failures.length < 100) failures.push({ index: i, kind: `${req.kind}: ${why}`, method: "UPGRADE", path: req.path.slice(0, 200), status: outcome.status, body: outcome.detail.slice(0, 300) })
      }
    }
    await Promise.all(Array.from({ length: Math.min(4, options.concurrency ?? 16) }, wsWorker))
    // raw frames after real upgrades
    const frames_count = options.ws_frames ?? Math.min(2_000, Math.ceil(options.requests / 50))
    const nextFrames = wsFrameGenerator(options.seed ^ 0x3c3c3c3c, FUZZ_WS_MESSAGE_BYTES_MAX)
    const ws_frames_by_outcome: Record<string, number> = {}
    const rss_before = process.memoryUsage().rss
    let frame_index = 0
    const frameWorker = async () => {
      while (frame_index < frames_count) {
        const i = frame_index++
        const c = nextFrames(i)
        by_kind[c.kind] = (by_kind[c.kind] ?? 0) + 1
        const outcome = await sendWsFrames(port, FUZZ_ORIGIN, c)
        ws_frames_by_outcome[outcome.label] = (ws_frames_by_outcome[outcome.label] ?? 0) + 1
        const why = judgeWsFrames(c, outcome)
        if (why !== null && failures.length < 100) failures.push({ index: i, kind: `${c.kind}: ${why}`, method: "FRAMES", path: c.path.slice(0, 200), status: 101, body: outcome.detail.slice(0, 300) })
      }
    }
    await Promise.all(Array.from({ length: Math.min(4, options.concurrency ?? 16) }, frameWorker))
    const ws_frames_rss_growth_bytes = process.memoryUsage().rss - rss_before
    // a frame sent for anything admitted or produced during the run would be on its way: give it time to arrive
    await new Promise((r) => setTimeout(r, 100))
    const feed_frames = watchers.reduce((n, w) => n + w.frames(), 0)
    const after = { ...server.devChain.head(), mempool: server.devChain.mempool.size }
    const health = await send(agent, port, { method: "GET", path: "/healthz", headers: {}, body: null, kind: "health" })
    return {
      seed: options.seed,
      requests: options.requests,
      by_status,
      by_kind,
      failures,
      ws_requests: ws_count,
      ws_by_outcome,
      ws_frames: frames_count,
      ws_frames_by_outcome,
      ws_frames_rss_growth_bytes,
      watchers_open_after: watchers.every((w) => w.open()),
      feed_frames,
      // nothing delivered on the feeds is part of "nothing changed" (the CLI's verdict reads this field)
      state_unchanged: feed_frames === 0 && after.height === before.height && after.view === before.view && after.state_root === before.state_root && after.mempool === before.mempool,
      healthy_after: health.status === 200,
      elapsed_ms: Math.round(performance.now() - t0)
    }
  } finally {
    for (const w of watchers) w.close()
    agent.destroy()
    await server.close()
  }
}

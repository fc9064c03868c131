/** Test helpers: start a real dev server on a free port, talk to it over HTTP and WebSocket. */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Schema } from "effect"
import WebSocket from "ws"
import type { Instruction } from "../../engine/tx/instruction.ts"
import { actorSigner, signTransaction, type Signer } from "../../engine/tx/sign.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { memoryLogSink } from "../log.ts"
import { encodeSubmission, startDevServer, type DevServer, type StartDevServerOptions } from "../server.ts"

const created: string[] = []

export const tempDir = (label: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nullspace-${label}-`))
  created.push(dir)
  return dir
}

export const removeTempDirs = (): void => {
  for (const d of created.splice(0)) fs.rmSync(d, { recursive: true, force: true })
}

/** manual block production, no persistence, no rate limits unless the test asks */
export const startTestServer = (options: StartDevServerOptions = {}): Promise<DevServer> =>
  startDevServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: null,
    blockIntervalMs: 0,
    log: memoryLogSink(),
    ...options,
    config: {
      http_rate_limit_per_second: 0,
      submit_rate_limit_per_minute: 0,
      ...options.config
    }
  })

export const signer = (name: string): Signer => actorSigner(name)

export const tx = (who: Signer, nonce: bigint, ix: Instruction): Transaction => signTransaction(who, nonce, ix)

export const register = (who: Signer, nonce = 0n, name = "player"): Transaction => tx(who, nonce, { _tag: "CasinoRegister", name })

export interface Reply {
  readonly status: number
  readonly body: Record<string, unknown>
  readonly headers: Headers
}

export const post = async (server: DevServer, bytes: Uint8Array, headers: Record<string, string> = {}): Promise<Reply> => {
  const res = await fetch(`${server.url}/submit`, {
    method: "POST",
    body: new Uint8Array(bytes),
    headers: { "content-type": "application/octet-stream", ...headers }
  })
  return { status: res.status, body: decodeBody(await res.json()), headers: res.headers }
}

export const submit = (server: DevServer, txs: ReadonlyArray<Transaction>): Promise<Reply> => post(server, encodeSubmission(txs))

export const get = async (server: DevServer, p: string, headers: Record<string, string> = {}): Promise<Reply> => {
  const res = await fetch(`${server.url}${p}`, { headers })
  return { status: res.status, body: decodeBody(await res.json()), headers: res.headers }
}

/** what a rejected submission must leave untouched */
export const snapshot = (server: DevServer) => {
  const h = server.devChain.head()
  return { mempool_size: server.devChain.mempool.size, state_root: h.state_root, height: h.height, view: h.view }
}

const decodeBody = Schema.decodeUnknownSync(Schema.Record({ key: Schema.String, value: Schema.Unknown }))

/** the part of an /updates frame the tests read */
export const Frame = Schema.Struct({
  height: Schema.String,
  view: Schema.String,
  state_root: Schema.String,
  events: Schema.Array(Schema.Struct({ _tag: Schema.String, player: Schema.optional(Schema.String), session_id: Schema.optional(Schema.String) })),
  transactions: Schema.Array(Schema.Struct({ tx_id: Schema.String, signer: Schema.String, status: Schema.String }))
})
export type Frame = typeof Frame.Type
const decodeFrame = Schema.decodeUnknownSync(Schema.parseJson(Frame))

/** an /updates connection that records every frame */
export class UpdatesClient {
  readonly frames: Frame[] = []
  private waiters: Array<() => void> = []
  closed: { code: number; reason: string } | null = null
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.frames.push(decodeFrame(String(data)))
      this.wake()
    })
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() }
      this.wake()
    })
  }
  private wake() {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }
  static open(server: DevServer, query = ""): Promise<UpdatesClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${server.updatesUrl}${query}`)
      const c = new UpdatesClient(ws)
      ws.once("open", () => resolve(c))
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)))
      ws.once("error", reject)
    })
  }
  /** wait until `pred` holds (frames arrive or the socket closes) */
  until(pred: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (pred()) resolve()
        else this.waiters.push(check)
      }
      check()
    })
  }
  close(): Promise<void> {
    if (this.closed !== null) return Promise.resolve()
    this.ws.close()
    return this.until(() => this.closed !== null)
  }
}

/** poll a condition the server reaches asynchronously (no timing assertion: the test timeout bounds it) */
export const waitFor = async (pred: () => boolean, every_ms = 10): Promise<void> => {
  while (!pred()) await new Promise((r) => setTimeout(r, every_ms))
}

/** wait until `ok` holds (polled every `every_ms`), or throw naming `what` after `timeout_ms` */
export const waitUntil = async (what: string, ok: () => boolean | Promise<boolean>, timeout_ms: number, every_ms = 25): Promise<void> => {
  const t0 = Date.now()
  while (!(await ok())) {
    if (Date.now() - t0 > timeout_ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, every_ms))
  }
}

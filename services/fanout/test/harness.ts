/**
 * Test harness: an indexer (dev chain + API, memory mode, manual blocks) on port 0 with a given
 * fanout, exposing its UpdateFanout; and a WebSocket client that records every frame.
 */
import { randomUUID } from "node:crypto"
import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
import WebSocket from "ws"
import { Listening } from "../../api/http-server.ts"
import { defaultDevServerConfig, type DevServerConfig } from "../../config.ts"
import { LogSink, memoryLogSink } from "../../log.ts"
import { DevChain, type DevChainShape } from "../../node/dev-chain.ts"
import type { FinalizedBlock } from "../../node/proposer.ts"
import { devServerLayer } from "../../server.ts"
import { UpdateFanout, type UpdateFanoutShape } from "../fanout.ts"

export const REDIS_URL = "redis://127.0.0.1:6379"
export const NATS_URL = "nats://127.0.0.1:4222"

/** a channel / subject prefix no other run uses */
export const uniqueChannel = (label: string): string => `nstest.${label}.${randomUUID().slice(0, 8)}`

export interface Indexer {
  readonly url: string
  readonly wsUrl: string
  readonly devChain: DevChainShape
  readonly fanout: UpdateFanoutShape
  readonly log: ReturnType<typeof memoryLogSink>
  readonly produceNow: () => Promise<FinalizedBlock>
  readonly close: () => Promise<void>
}

export const indexerConfig = (config: Partial<DevServerConfig>): DevServerConfig => ({
  ...defaultDevServerConfig,
  host: "127.0.0.1",
  port: 0,
  data_dir: null,
  block_interval_ms: 0,
  log_requests: false,
  http_rate_limit_per_second: 0,
  submit_rate_limit_per_minute: 0,
  ws_heartbeat_ms: 0,
  ...config
})

export const startIndexer = async (config: Partial<DevServerConfig>): Promise<Indexer> => {
  const log = memoryLogSink()
  const runtime = ManagedRuntime.make(devServerLayer(indexerConfig(config), { log: Layer.succeed(LogSink, log) }))
  const exit = await runtime.runPromiseExit(Effect.all({ listening: Listening, devChain: DevChain, fanout: UpdateFanout }))
  if (Exit.isFailure(exit)) {
    await runtime.dispose()
    // the typed error itself (FanoutUrlInvalid, …), not a FiberFailure wrapping it
    throw Cause.squash(exit.cause)
  }
  const s = exit.value
  return {
    url: s.listening.url,
    wsUrl: s.listening.url.replace(/^http/, "ws"),
    devChain: s.devChain,
    fanout: s.fanout,
    log,
    produceNow: () => runtime.runPromise(s.devChain.produceNow),
    close: () => runtime.dispose()
  }
}

/** a WebSocket client (of /updates or /mempool) recording every frame as parsed JSON */
export class FrameClient {
  readonly frames: unknown[] = []
  readonly raw: string[] = []
  private waiters: Array<() => void> = []
  closed = false
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const text = String(data)
      this.raw.push(text)
      this.frames.push(JSON.parse(text))
      this.wake()
    })
    ws.on("close", () => {
      this.closed = true
      this.wake()
    })
  }
  private wake() {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }
  static open(url: string): Promise<FrameClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      const c = new FrameClient(ws)
      ws.once("open", () => resolve(c))
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)))
      ws.once("error", reject)
    })
  }
  /** wait until `pred` holds, or throw naming `what` after `timeout_ms` */
  until(what: string, pred: () => boolean, timeout_ms = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what} (${this.frames.length} frames)`)), timeout_ms)
      const check = () => {
        if (pred()) {
          clearTimeout(timer)
          resolve()
        } else this.waiters.push(check)
      }
      check()
    })
  }
  close(): Promise<void> {
    if (this.closed) return Promise.resolve()
    this.ws.close()
    return this.until("close", () => this.closed)
  }
}

/** poll `ok` every `every_ms` until it holds, or throw naming `what` after `timeout_ms` */
export const eventually = async (what: string, ok: () => boolean, timeout_ms = 5_000, every_ms = 20): Promise<void> => {
  const t0 = Date.now()
  while (!ok()) {
    if (Date.now() - t0 > timeout_ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, every_ms))
  }
}

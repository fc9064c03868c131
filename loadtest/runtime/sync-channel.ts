/**
 * The VU side of the hub protocol: blocking calls (Atomics.wait on the signal word, then
 * receiveMessageOnPort) and a bounded inbox of WebSocket events that arrive while the VU waits
 * for something else. Every wait is capped by the VU's hard-stop instant; passing it throws
 * `Interrupted`, which ends the iteration the way k6 interrupts a VU at the end of gracefulStop.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads"
import type { Sample } from "./metrics.ts"
import { BATCH_PER_VU_MAX, type HttpRequestSpec, type HttpResult, type HubMessage, type HubReply, type VuRequest, type WsEvent, type WsOpenResult } from "./protocol.ts"

export class Interrupted extends Error {
  readonly _tag = "Interrupted"
  constructor() {
    super("the VU was interrupted: the scenario's time is up")
  }
}

/** WebSocket events held for sockets whose loop is not running (e.g. during an http call in a handler). */
export const WS_INBOX_MAX = 10_000
/** Samples buffered in a VU before they are posted to the runner, and the longest they wait. */
export const SAMPLE_BUFFER_MAX = 2_000
export const SAMPLE_FLUSH_MS = 500
/** Wake-ups one blocking call may take before it gives up (each wake-up is a hub message or a timeout). */
export const WAKEUPS_MAX = 10_000_000

const isReply = (m: HubMessage): m is HubReply => m.kind !== "ws"

export class SyncChannel {
  private nextId = 1
  private readonly inbox: WsEvent[] = []
  /** sockets whose events are still wanted (opened and not yet closed by the script) */
  private readonly open = new Set<number>()
  private dropped = 0
  private samples: Sample[] = []
  private flushed_at_ms = Date.now()
  /** epoch ms after which every wait throws Interrupted */
  hard_stop_at_ms = Number.POSITIVE_INFINITY

  constructor(
    private readonly port: MessagePort,
    private readonly signal: Int32Array
  ) {}

  get dropped_events(): number {
    return this.dropped
  }

  private send(m: VuRequest): void {
    this.port.postMessage(m)
  }

  private drain(): HubMessage[] {
    const out: HubMessage[] = []
    for (let i = 0; i < WS_INBOX_MAX; i++) {
      const r = receiveMessageOnPort(this.port)
      if (r === undefined) break
      const m: HubMessage = r.message
      out.push(m)
    }
    return out
  }

  private stash(e: WsEvent): void {
    if (!this.open.has(e.socket_id)) return
    if (this.inbox.length >= WS_INBOX_MAX) this.dropped++
    else this.inbox.push(e)
  }

  /** Block until `deadline_ms` (epoch) or until the hub signals (flushing samples that have waited long enough). */
  private waitSignal(seen: number, deadline_ms: number): void {
    if (this.samples.length > 0 && Date.now() - this.flushed_at_ms >= SAMPLE_FLUSH_MS) this.flushSamples()
    const stop = Math.min(deadline_ms, this.hard_stop_at_ms)
    const left = stop - Date.now()
    if (left <= 0) {
      if (this.hard_stop_at_ms <= deadline_ms) throw new Interrupted()
      return
    }
    Atomics.wait(this.signal, 0, seen, left)
    if (Date.now() >= this.hard_stop_at_ms) throw new Interrupted()
  }

  private call(m: VuRequest & { readonly id: number }): HubReply {
    this.flushSamples()
    this.send(m)
    for (let wakeups = 0; wakeups < WAKEUPS_MAX; wakeups++) {
      const seen = Atomics.load(this.signal, 0)
      let reply: HubReply | null = null
      for (const msg of this.drain()) {
        if (!isReply(msg)) this.stash(msg)
        else if (msg.id === m.id) {
          reply = msg
          if (msg.kind === "ws-open" && msg.result.error === "") this.open.add(msg.result.socket_id)
        }
      }
      if (reply !== null) return reply
      this.waitSignal(seen, Number.POSITIVE_INFINITY)
    }
    throw new Error(`no reply from the I/O hub after ${WAKEUPS_MAX} wake-ups`)
  }

  /** Perform requests in parallel, BATCH_PER_VU_MAX at a time; one result per request, in order. */
  http(requests: ReadonlyArray<HttpRequestSpec>): ReadonlyArray<HttpResult> {
    const out: HttpResult[] = []
    for (let i = 0; i < requests.length; i += BATCH_PER_VU_MAX) {
      const chunk = requests.slice(i, i + BATCH_PER_VU_MAX)
      const reply = this.call({ op: "http", id: this.nextId++, requests: chunk })
      if (reply.kind !== "http" || reply.results.length !== chunk.length) throw new Error("the I/O hub answered a batch with the wrong number of results")
      out.push(...reply.results)
    }
    return out
  }

  wsOpen(url: string, headers: Readonly<Record<string, string>>, timeout_ms: number): WsOpenResult {
    const reply = this.call({ op: "ws-open", id: this.nextId++, url, headers, timeout_ms })
    if (reply.kind === "ws-open") return reply.result
    return { socket_id: 0, status: 0, headers: {}, error: "unexpected reply", connecting_ms: 0 }
  }

  wsSend(socket_id: number, data: string): void {
    this.send({ op: "ws-send", socket_id, data })
  }

  wsPing(socket_id: number, ping_id: string): void {
    this.send({ op: "ws-ping", socket_id, ping_id })
  }

  wsClose(socket_id: number, code: number): void {
    this.send({ op: "ws-close", socket_id, code })
  }

  /** Next event of a socket, waiting until `deadline_ms` (epoch); null on timeout. */
  nextWsEvent(socket_id: number, deadline_ms: number): WsEvent | null {
    for (let wakeups = 0; wakeups < WAKEUPS_MAX; wakeups++) {
      const seen = Atomics.load(this.signal, 0)
      for (const msg of this.drain()) if (!isReply(msg)) this.stash(msg)
      const at = this.inbox.findIndex((e) => e.socket_id === socket_id)
      if (at >= 0) return this.inbox.splice(at, 1)[0] ?? null
      if (Date.now() >= deadline_ms) return null
      this.waitSignal(seen, deadline_ms)
    }
    return null
  }

  /** Forget events of a socket that has been closed. */
  discardSocket(socket_id: number): void {
    this.open.delete(socket_id)
    for (let i = this.inbox.length - 1; i >= 0; i--) if (this.inbox[i]!.socket_id === socket_id) this.inbox.splice(i, 1)
  }

  /** Sleep like k6's sleep(): block for `ms`, interrupted at the hard stop. */
  sleep(ms: number): void {
    const until = Date.now() + ms
    for (let wakeups = 0; wakeups < WAKEUPS_MAX; wakeups++) {
      const seen = Atomics.load(this.signal, 0)
      for (const msg of this.drain()) if (!isReply(msg)) this.stash(msg)
      if (Date.now() >= until) return
      this.waitSignal(seen, until)
    }
  }

  pushSample(s: Sample): void {
    this.samples.push(s)
    if (this.samples.length >= SAMPLE_BUFFER_MAX || s.time_ms - this.flushed_at_ms >= SAMPLE_FLUSH_MS) this.flushSamples()
  }

  /** Flush samples and wait until the hub has taken them (messages on one port arrive in order). */
  barrier(): void {
    this.flushSamples()
    this.call({ op: "http", id: this.nextId++, requests: [] })
  }

  flushSamples(): void {
    this.flushed_at_ms = Date.now()
    if (this.samples.length === 0) return
    this.send({ op: "samples", samples: this.samples })
    this.samples = []
  }
}

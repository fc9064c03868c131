/**
 * WebSocket /updates (chain-and-services.md §3.5–3.6, JSON form): one `ws` server in noServer
 * mode takes the HTTP server's upgrades. A single hub fiber reads finalized blocks from the dev
 * chain, builds each block's frames once (update-frames.ts) and hands them to every connection.
 *
 * Limits: total and per-client connection caps (429 before the upgrade), the HTTP rate limit on
 * upgrades, and a bounded outbound buffer per connection: frames handed to the socket but not yet
 * flushed are counted, and a connection that reaches `ws_outbound_buffer` is closed (queue_full).
 * Slow connections never slow block production or other connections. A malformed `account`
 * filter is accepted then closed at once with code 4400 and reason "MalformedFilter".
 *
 * What a client sends after the upgrade: the feeds take no messages (the filter is in the URL),
 * so a data message closes the connection 1003 "UnsupportedData"; pings are answered (ws's
 * auto-pong) up to WS_INBOUND_PINGS_PER_WINDOW per WS_INBOUND_WINDOW_MS, beyond which the
 * connection is closed 1008 "PolicyViolation" (a ping flood cannot queue unbounded pongs); a bad
 * frame (reserved opcode or RSV bit, unmasked, fragmented control frame, bad close payload) is
 * closed 1002, bad UTF-8 1007, a frame or message over `ws_max_message_bytes` 1009 — by ws's
 * receiver before anything is buffered beyond that bound — and counted as `protocol_errors`.
 *
 * Several indexers (services/fanout/, docs/fanout.md): every block this hub delivers is published
 * to the UpdateFanout as a BlockUpdate, and blocks other indexers published are delivered here
 * too; a content key (height, digest, events root) claimed with the fanout makes a block that
 * arrives both ways reach each client once. The same hub serves `/mempool`: admitted batches of
 * this indexer (MempoolFeed) and of the others, with the same origin check, caps and heartbeat.
 */
import { STATUS_CODES, type IncomingMessage } from "node:http"
import type { Duplex } from "node:stream"
import { Context, Effect, Layer, Option, Queue, Schema } from "effect"
import { WebSocket, WebSocketServer } from "ws"
import { toHex } from "../../engine/codec/bytes.ts"
import { encodeCertificate, encodeExecutionCertificate } from "../../engine/consensus/wire.ts"
import { PublicKey } from "../../engine/schema/primitives.ts"
import { ServerConfig } from "../config.ts"
import { LogSink } from "../log.ts"
import { UpdateFanout } from "../fanout/fanout.ts"
import { updateKey, type BlockUpdate } from "../fanout/frame.ts"
import { MempoolFeed } from "../fanout/mempool-feed.ts"
import { CertifiedChain } from "../node/certified.ts"
import { DevChain } from "../node/dev-chain.ts"
import { clientAddress } from "./client-address.ts"
import { serviceFailure, type ApiFailure } from "./errors.ts"
import { ApiMetrics } from "./metrics.ts"
import { originAllowed } from "./origin.ts"
import { parseU64Decimal } from "./u64-param.ts"
import { RateLimits, RETRY_AFTER_S } from "./rate-limit.ts"
import { requestId } from "./request-id.ts"
import type { FinalizedBlock } from "../node/proposer.ts"
import { blockFrames } from "./update-frames.ts"

export const UPDATES_PATH = "/updates"
export const MEMPOOL_PATH = "/mempool"
export const CLOSE_MALFORMED_FILTER = 4400
export const CLOSE_QUEUE_FULL = 4408
export const CLOSE_SHUTDOWN = 1001
/** options of every frame the hub sends: text, and no per-frame compression (the server negotiates none) */
const SEND_TEXT = { binary: false, compress: false }
export const CLOSE_UNSUPPORTED_DATA = 1003
export const CLOSE_POLICY_VIOLATION = 1008
/** pings a client may send per window before the connection is closed 1008 */
export const WS_INBOUND_PINGS_PER_WINDOW = 32
export const WS_INBOUND_WINDOW_MS = 1_000
/** how long a certifying node holds a block's frames for its execution certificate, and how often it looks */
export const CERTIFICATE_WAIT_MS = 500
const CERTIFICATE_POLL_MS = 5

interface Connection {
  readonly ws: WebSocket
  /** which stream the connection follows */
  readonly feed: "updates" | "mempool"
  readonly client: string
  readonly account: PublicKey | null
  readonly session: bigint | null
  pending: number
  /** the send completion, made once per connection (no closure per frame) */
  readonly sent: (err?: Error | null) => void
  closing: boolean
  /** answered the last heartbeat ping */
  alive: boolean
  /** pings received in the current window, and when it started (performance.now) */
  pings: number
  pings_window_start_ms: number
}

export interface UpdatesHubShape {
  /** give an HTTP upgrade request to the hub (it answers non-/updates paths with 404) */
  readonly handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
  readonly connections: () => number
  /** close every connection (server shutdown) */
  readonly closeAll: Effect.Effect<void>
}

export class UpdatesHub extends Context.Tag("nullspace/services/UpdatesHub")<UpdatesHub, UpdatesHubShape>() {}

const parseAccount = (raw: string): PublicKey | null => {
  const v = raw.toLowerCase().replace(/^0x/, "")
  return Schema.is(PublicKey)(v) ? v : null
}

export const UpdatesHubLive = Layer.scoped(
  UpdatesHub,
  Effect.gen(function* () {
    const config = yield* ServerConfig
    const devChain = yield* DevChain
    const metrics = yield* ApiMetrics
    const limits = yield* RateLimits
    const log = yield* LogSink
    const fanout = yield* UpdateFanout
    const mempool = yield* MempoolFeed
    const certified = yield* Effect.serviceOption(CertifiedChain)

    const wss = yield* Effect.acquireRelease(
      Effect.sync(() => new WebSocketServer({ noServer: true, maxPayload: config.ws_max_message_bytes, clientTracking: false })),
      (server) => Effect.async<void>((resume) => server.close(() => resume(Effect.void)))
    )
    const connections = new Set<Connection>()
    // per-feed views, so a delivery walks only its own subscribers and the unfiltered ones need no per-subscriber filter work
    const updates_all = new Set<Connection>()
    const updates_filtered = new Set<Connection>()
    const mempool_subscribers = new Set<Connection>()
    const viewOf = (c: Connection) => (c.feed === "mempool" ? mempool_subscribers : c.account === null && c.session === null ? updates_all : updates_filtered)
    const perClient = new Map<string, number>()

    const logUpgrade = (id: string, path: string, status: number, t0: number, extra: object = {}) => {
      metrics.countStatus(status)
      if (config.log_requests)
        log.write({ level: "info", msg: "http.request", request_id: id, method: "GET", path, status, elapsed_ms: Math.round((performance.now() - t0) * 1000) / 1000, ...extra })
    }

    const refuse = (socket: Duplex, id: string, failure: ApiFailure) => {
      const body = JSON.stringify(failure.body)
      socket.end(
        `HTTP/1.1 ${failure.status} ${STATUS_CODES[failure.status] ?? ""}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${id}\r\n` +
          `${failure.status === 429 ? `retry-after: ${RETRY_AFTER_S}\r\n` : ""}connection: close\r\n\r\n${body}`
      )
    }

    const drop = (c: Connection) => {
      if (!connections.delete(c)) return
      viewOf(c).delete(c)
      const n = (perClient.get(c.client) ?? 1) - 1
      if (n <= 0) perClient.delete(c.client)
      else perClient.set(c.client, n)
      metrics.ws.connections = connections.size
    }

    const closeConnection = (c: Connection, code: number, reason: string) => {
      if (c.closing) return
      c.closing = true
      c.ws.close(code, reason)
      // a peer that stopped reading may never complete the closing handshake
      setTimeout(() => c.ws.terminate(), 2_000).unref()
    }

    /** a frame is encoded once and the same bytes go to every connection as a text frame */
    const send = (c: Connection, frame: Buffer) => {
      if (c.closing) return
      if (c.pending >= config.ws_outbound_buffer) {
        metrics.ws.queue_full++
        closeConnection(c, CLOSE_QUEUE_FULL, "queue_full")
        return
      }
      c.pending++
      metrics.ws.frames_sent++
      c.ws.send(frame, SEND_TEXT, c.sent)
    }

    const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
      const t0 = performance.now()
      const id = requestId(req.headers["x-request-id"])
      const url = new URL(req.url ?? "/", "http://localhost")
      const client = clientAddress(req, config)
      socket.on("error", () => socket.destroy())
      if (!originAllowed(req.headers.origin, config.allowed_origins)) {
        metrics.ws.connection_reject_origin++
        refuse(socket, id, serviceFailure("OriginNotAllowed", `origin ${req.headers.origin ?? ""} is not allowed`))
        return logUpgrade(id, url.pathname, 403, t0)
      }
      if (url.pathname !== UPDATES_PATH && url.pathname !== MEMPOOL_PATH) {
        refuse(socket, id, serviceFailure("RouteNotFound", `no WebSocket route ${url.pathname}`))
        return logUpgrade(id, url.pathname, 404, t0)
      }
      if (!limits.http.take(client)) {
        refuse(socket, id, serviceFailure("RateLimitExceeded", "too many requests from this address"))
        return logUpgrade(id, url.pathname, 429, t0)
      }
      if (connections.size >= config.ws_max_connections) {
        metrics.ws.connection_reject_global++
        refuse(socket, id, serviceFailure("ConnectionLimit", "WebSocket connection limit reached"))
        return logUpgrade(id, url.pathname, 429, t0)
      }
      if ((perClient.get(client) ?? 0) >= config.ws_max_connections_per_ip) {
        metrics.ws.connection_reject_per_ip++
        refuse(socket, id, serviceFailure("ConnectionLimit", "WebSocket per-address limit reached"))
        return logUpgrade(id, url.pathname, 429, t0)
      }
      const raw = url.searchParams.get("account")
      const account = raw === null ? null : parseAccount(raw)
      const raw_session = url.searchParams.get("session")
      const session = raw_session === null ? null : parseU64Decimal(raw_session)
      wss.handleUpgrade(req, socket, head, (ws) => {
        logUpgrade(id, url.pathname, 101, t0, { ...(raw === null ? {} : { account: raw.slice(0, 80) }), ...(raw_session === null ? {} : { session: raw_session.slice(0, 30) }) })
        // first of all: ws emits 'error' on a bad client frame, and an 'error' nobody listens to
        // would crash the process (a socket being closed for its filter still reads frames)
        ws.on("error", () => metrics.ws.protocol_errors++)
        if ((raw !== null && account === null) || (raw_session !== null && session === null) || (raw !== null && raw_session !== null)) {
          metrics.ws.malformed_filter++
          ws.close(CLOSE_MALFORMED_FILTER, "MalformedFilter: account must be a 64-hex-character public key, session a decimal u64, and not both")
          return
        }
        const feed = url.pathname === MEMPOOL_PATH ? "mempool" : "updates"
        const c: Connection = {
          ws,
          feed,
          client,
          account: feed === "updates" ? account : null,
          session: feed === "updates" ? session : null,
          pending: 0,
          sent: (err) => {
            c.pending--
            if (err !== undefined && err !== null) metrics.ws.send_errors++
          },
          closing: false,
          alive: true,
          pings: 0,
          pings_window_start_ms: performance.now()
        }
        ws.on("pong", () => (c.alive = true))
        ws.on("ping", () => {
          const now = performance.now()
          if (now - c.pings_window_start_ms >= WS_INBOUND_WINDOW_MS) {
            c.pings_window_start_ms = now
            c.pings = 0
          }
          if (++c.pings > WS_INBOUND_PINGS_PER_WINDOW && !c.closing) {
            metrics.ws.ping_flood_closed++
            closeConnection(c, CLOSE_POLICY_VIOLATION, "PolicyViolation: too many pings")
          }
        })
        ws.on("message", () => {
          if (c.closing) return
          metrics.ws.inbound_data_closed++
          closeConnection(c, CLOSE_UNSUPPORTED_DATA, "UnsupportedData: this feed takes no messages (its filter is in the URL)")
        })
        connections.add(c)
        viewOf(c).add(c)
        perClient.set(client, (perClient.get(client) ?? 0) + 1)
        metrics.ws.opened++
        metrics.ws.connections = connections.size
        ws.on("close", () => drop(c))
        ws.on("error", () => {
          // ws has already sent the close frame with the error's code (1002, 1007, 1009)
          c.closing = true
          drop(c)
        })
      })
    }

    // heartbeat: every ws_heartbeat_ms each connection is pinged; one that did not answer the
    // previous ping is dead (a vanished peer, a half-open socket) and is terminated
    if (config.ws_heartbeat_ms > 0)
      yield* Effect.acquireRelease(
        Effect.sync(() =>
          setInterval(() => {
            for (const c of [...connections]) {
              if (!c.alive) {
                metrics.ws.heartbeat_timeouts++
                c.ws.terminate()
                drop(c)
                continue
              }
              c.alive = false
              c.ws.ping()
            }
          }, config.ws_heartbeat_ms)
        ),
        (t) => Effect.sync(() => clearInterval(t))
      )

    /** one block's frames to every /updates connection (built once per block and filter) */
    const deliver = (update: BlockUpdate) => {
      if (updates_all.size === 0 && updates_filtered.size === 0) return
      const frames = blockFrames(update)
      if (updates_all.size > 0) {
        // one frame, encoded once, the same bytes to every unfiltered subscriber
        const bytes = Buffer.from(frames.all())
        for (const c of updates_all) send(c, bytes)
      }
      if (updates_filtered.size === 0) return
      const encoded = new Map<string, Buffer>()
      for (const c of updates_filtered) {
        const f = c.account !== null ? frames.forAccount(c.account) : c.session !== null ? frames.forSession(c.session) : frames.all()
        if (f === null) continue
        let bytes = encoded.get(f)
        if (bytes === undefined) encoded.set(f, (bytes = Buffer.from(f)))
        send(c, bytes)
      }
    }

    /** the certificate references this node holds for a block it just finalized */
    const updateOf = (fb: FinalizedBlock): BlockUpdate => {
      if (Option.isNone(certified)) return { result: fb.result, execution_certificate: null, finalization: null }
      const exec = certified.value.executionCertificate(fb.result.height)
      // only a finalization naming this very block: one of a descendant needs the blocks between to check
      const named = certified.value.finalizedAtView(fb.result.view)?.certificate ?? null
      const fin = named !== null && named.proposal.payload === fb.result.digest ? named : null
      return {
        result: fb.result,
        execution_certificate: exec === null ? null : toHex(encodeExecutionCertificate(exec)),
        finalization: fin === null ? null : toHex(encodeCertificate(fin))
      }
    }

    /**
     * on a certifying node, wait (at most CERTIFICATE_WAIT_MS, polling) for the height's execution
     * certificate, which a quorum signs just after execution, so the frame carries it; the dev
     * chain certifies nothing and never waits
     */
    const certificateWait = (fb: FinalizedBlock): Effect.Effect<void> => {
      if (Option.isNone(certified)) return Effect.void
      const c = certified.value
      const ready = () => c.executionCertificate(fb.result.height) !== null
      return Effect.gen(function* () {
        for (let i = 0; i < CERTIFICATE_WAIT_MS / CERTIFICATE_POLL_MS && !ready(); i++) yield* Effect.sleep(CERTIFICATE_POLL_MS)
      })
    }

    // the hub: one subscriber to the dev chain, fanning frames out to every connection and to the
    // other indexers (a block already delivered from the fanout is not delivered again)
    const subscription = yield* devChain.subscribe
    let last_height: bigint | null = null
    yield* Queue.take(subscription).pipe(
      Effect.flatMap((fb) =>
        Effect.suspend(() => {
          if (last_height !== null && fb.result.height > last_height + 1n) metrics.ws.lagged_blocks += Number(fb.result.height - last_height - 1n)
          last_height = fb.result.height
          const key = updateKey(fb.result)
          if (!fanout.claim(key)) return Effect.void
          return certificateWait(fb).pipe(
            Effect.flatMap(() => {
              const update = updateOf(fb)
              deliver(update)
              return fanout.publish(key, { _tag: "update", payload: update })
            })
          )
        })
      ),
      Effect.forever,
      Effect.forkScoped
    )

    // what other indexers delivered: blocks to /updates, admitted batches to /mempool
    yield* fanout.take.pipe(
      Effect.flatMap((frame) =>
        Effect.sync(() => {
          if (frame._tag === "update") deliver(frame.payload)
          else mempool.remote(frame.payload)
        })
      ),
      Effect.forever,
      Effect.forkScoped
    )

    // admitted batches (this indexer's and the fanout's) to every /mempool connection
    yield* Effect.acquireRelease(
      Effect.sync(() =>
        mempool.listen((_batch, frame) => {
          const bytes = Buffer.from(frame)
          for (const c of mempool_subscribers) send(c, bytes)
        })
      ),
      (unlisten) => Effect.sync(unlisten)
    )

    /** close every connection (1001), give peers a moment to answer, then drop the rest */
    const closeAll = Effect.gen(function* () {
      for (const c of connections) if (!c.closing) {
        c.closing = true
        c.ws.close(CLOSE_SHUTDOWN, "server shutting down")
      }
      for (let i = 0; i < 25 && connections.size > 0; i++) yield* Effect.sleep("20 millis")
      for (const c of [...connections]) {
        c.ws.terminate()
        drop(c)
      }
    })
    yield* Effect.addFinalizer(() => closeAll)

    return { handleUpgrade, connections: () => connections.size, closeAll }
  })
)

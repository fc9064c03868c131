/**
 * The connection lifecycle both NATS transports share (core pub/sub in nats.ts, JetStream in
 * jetstream.ts): dial in the background, retry a failed first connection every
 * `FIRST_CONNECT_RETRY_MS`, let the client reconnect on its own (every 500 ms, forever), and report
 * up / down from its status stream. A transport supplies `ready(c)`: what must exist on a fresh
 * connection before it counts as up (a subscription flushed to the server; a stream and consumer).
 * When `ready` fails the connection is closed and dialled again from scratch.
 */
import { connect } from "@nats-io/transport-node"
import type { NatsConnection } from "@nats-io/transport-node"

export const FIRST_CONNECT_RETRY_MS = 2_000

export interface NatsLink {
  /** the live connection, if any */
  readonly connection: () => NatsConnection | null
  /** connected and ready */
  readonly up: () => boolean
  readonly maxPayloadBytes: () => number | null
  readonly start: () => void
  /** a forced reconnect: the client drops its socket and dials again */
  readonly dropConnection: () => Promise<void>
  /** stop dialling, run `before` (e.g. stop a consumer), then drain the connection */
  readonly close: (before?: () => Promise<void>) => Promise<void>
}

export const natsLink = (o: {
  readonly url: string
  /** the client name the server shows */
  readonly name: string
  readonly ready: (c: NatsConnection) => Promise<void>
  readonly onState: (up: boolean) => void
}): NatsLink => {
  let nc: NatsConnection | null = null
  let up = false
  let closed = false
  let retry: NodeJS.Timeout | null = null

  const setUp = (v: boolean) => {
    if (v === up) return
    up = v
    o.onState(v)
  }

  const watch = async (c: NatsConnection) => {
    for await (const s of c.status()) {
      if (s.type === "disconnect" || s.type === "reconnecting" || s.type === "close") setUp(false)
      else if (s.type === "reconnect") setUp(true)
    }
  }

  const later = () => {
    if (!closed) retry = setTimeout(dial, FIRST_CONNECT_RETRY_MS)
  }

  const attach = (c: NatsConnection) => {
    nc = c
    void watch(c).catch(() => setUp(false))
    void c.closed().then(() => setUp(false))
    o.ready(c).then(
      () => setUp(true),
      () => {
        void c.close()
        nc = null
        later()
      }
    )
  }

  const dial = () => {
    retry = null
    if (closed) return
    connect({ servers: o.url, name: o.name, maxReconnectAttempts: -1, reconnectTimeWait: 500, reconnectJitter: 100 }).then(
      (c) => {
        if (closed) void c.close()
        else attach(c)
      },
      later
    )
  }

  return {
    connection: () => nc,
    up: () => up && nc !== null && !nc.isClosed(),
    maxPayloadBytes: () => (nc === null ? null : nc.info?.max_payload ?? null),
    start: dial,
    dropConnection: async () => {
      if (nc !== null) await nc.reconnect()
    },
    close: async (before) => {
      closed = true
      if (retry !== null) clearTimeout(retry)
      await before?.()
      if (nc !== null) await nc.drain().catch(() => nc?.close())
    }
  }
}

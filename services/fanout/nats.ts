/**
 * NATS transport (@nats-io/transport-node, core publish/subscribe on the subject `<prefix>.updates`).
 * The default for nats:// (JetStream, with replay after a reconnect, is jetstream://, jetstream.ts;
 * docs/fanout.md says when to choose it). Core NATS by default: the update stream is live (a block's frames matter while it is
 * new), at-most-once delivery matches Redis pub/sub, and an indexer that missed frames says so
 * (the fanout counts sequence gaps) while its clients re-read state with proofs (/state, /session).
 * The client reconnects on its own (every 500 ms, forever) and renews the subscription; a first
 * connection that fails is retried every 2 s in the background, so an indexer starts even while
 * the broker is down. While not connected the fanout keeps frames in its bounded outbox (the
 * client's own reconnect buffer is not used). Frames above the server's max_payload are refused.
 */
import { connect } from "@nats-io/transport-node"
import type { NatsConnection } from "@nats-io/transport-node"
import type { FanoutTransport, TransportHandlers } from "./transport.ts"

const FIRST_CONNECT_RETRY_MS = 2_000

export const natsTransport = (url: string, subject: string, origin: string): FanoutTransport => {
  let nc: NatsConnection | null = null
  let up = false
  let closed = false
  let handlers: TransportHandlers | null = null
  let retry: NodeJS.Timeout | null = null

  const setUp = (v: boolean) => {
    if (v === up) return
    up = v
    handlers?.state(v)
  }

  const watch = async (c: NatsConnection) => {
    for await (const s of c.status()) {
      if (s.type === "disconnect" || s.type === "reconnecting" || s.type === "close") setUp(false)
      else if (s.type === "reconnect") setUp(true)
    }
  }

  const attach = (c: NatsConnection) => {
    nc = c
    c.subscribe(subject, {
      callback: (err, msg) => {
        if (err === null) handlers?.message(msg.string())
      }
    })
    void watch(c).catch(() => setUp(false))
    void c.closed().then(() => setUp(false))
    // up once the server has the subscription
    c.flush().then(
      () => setUp(true),
      () => setUp(false)
    )
  }

  const tryConnect = () => {
    retry = null
    if (closed) return
    connect({ servers: url, name: `nullspace-fanout-${origin}`, maxReconnectAttempts: -1, reconnectTimeWait: 500, reconnectJitter: 100 }).then(
      (c) => {
        if (closed) void c.close()
        else attach(c)
      },
      () => {
        if (!closed) retry = setTimeout(tryConnect, FIRST_CONNECT_RETRY_MS)
      }
    )
  }

  return {
    kind: "nats",
    solitary: false,
    channel: subject,
    up: () => up && nc !== null && !nc.isClosed(),
    maxFrameBytes: () => (nc === null ? null : nc.info?.max_payload ?? null),
    send: async (text) => {
      if (nc === null || !up) throw new Error("not connected to NATS")
      nc.publish(subject, text)
    },
    start: (h) => {
      handlers = h
      tryConnect()
    },
    dropConnection: async () => {
      // a forced reconnect: the client drops its socket and dials again
      if (nc !== null) await nc.reconnect()
    },
    close: async () => {
      closed = true
      handlers = null
      if (retry !== null) clearTimeout(retry)
      if (nc !== null) await nc.drain().catch(() => nc?.close())
    }
  }
}

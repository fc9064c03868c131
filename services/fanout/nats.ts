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
import type { FanoutTransport, TransportHandlers } from "./transport.ts"
import { natsLink } from "./nats-link.ts"

export const natsTransport = (url: string, subject: string, origin: string): FanoutTransport => {
  let handlers: TransportHandlers | null = null
  const link = natsLink({
    url,
    name: `nullspace-fanout-${origin}`,
    // up once the server has the subscription
    ready: async (c) => {
      c.subscribe(subject, {
        callback: (err, msg) => {
          if (err === null) handlers?.message(msg.string())
        }
      })
      await c.flush()
    },
    onState: (up) => handlers?.state(up)
  })

  return {
    kind: "nats",
    solitary: false,
    channel: subject,
    up: link.up,
    maxFrameBytes: link.maxPayloadBytes,
    send: async (text) => {
      const nc = link.connection()
      if (nc === null || !link.up()) throw new Error("not connected to NATS")
      nc.publish(subject, text)
    },
    start: (h) => {
      handlers = h
      link.start()
    },
    dropConnection: link.dropConnection,
    close: async () => {
      handlers = null
      await link.close()
    }
  }
}

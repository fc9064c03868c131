/**
 * NATS JetStream transport (`jetstream://host:4222`): frames go to a stream with bounded
 * retention instead of core pub/sub, so an indexer that was away (a restart with the same
 * `--fanout-origin`, a dropped connection) replays what it missed within the retention window
 * instead of losing it.
 *
 * * Subjects: each indexer publishes on `<channel>.updates.<origin>` (per-origin subjects; a `.`
 *   in the origin is written `~`, which no origin contains, so the mapping is one-to-one). The
 *   stream `FANOUT_<channel>` (`.` → `_`, plus 8 hex of the channel's SHA-256 so two channels never
 *   share a name) holds `<channel>.updates.>`.
 * * Retention (JetStreamRetention): limits policy, discard old, at most `max_age_ms`,
 *   `max_messages` and `max_bytes`; file storage.
 * * De-dupe: every publish carries `Nats-Msg-Id` = `<origin>.<epoch>.<seq>` (the fanout's frame
 *   stamp); the server drops a repeat within `duplicate_window_ms`, so a publish retried after a
 *   lost acknowledgement is stored once.
 * * Receive: one durable pull consumer per origin (`indexer_<origin>`), explicit acks, starting
 *   with what arrives after its creation; it lives `max_age_ms` without a client, so an indexer
 *   back within retention resumes after its last acknowledged frame. Each frame is acknowledged
 *   when handed to the fanout (which de-dupes by content key), at most `max_ack_pending` unacked.
 * * Connection: as the core transport (nats.ts): reconnects every 500 ms forever, a failed first
 *   connection retried every 2 s, up once the stream and consumer exist and consumption started.
 */
import { createHash } from "node:crypto"
import { nanos } from "@nats-io/transport-node"
import type { NatsConnection } from "@nats-io/transport-node"
import { AckPolicy, DeliverPolicy, DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream"
import type { ConsumerMessages, JetStreamClient } from "@nats-io/jetstream"
import { natsLink } from "./nats-link.ts"
import type { FanoutTransport, TransportHandlers } from "./transport.ts"

const PUBLISH_TIMEOUT_MS = 2_000
/** a frame handed out and not acknowledged within this is delivered again */
const ACK_WAIT_MS = 10_000

export interface JetStreamRetention {
  readonly max_age_ms: number
  readonly max_messages: number
  readonly max_bytes: number
  readonly duplicate_window_ms: number
  /** frames handed out but not yet acknowledged, per consumer */
  readonly max_ack_pending: number
}

/** 15 minutes (≈ 3 600 blocks at 4 a second), 100 000 frames, 256 MiB; de-dupe over 2 minutes */
export const DEFAULT_JETSTREAM_RETENTION: JetStreamRetention = {
  max_age_ms: 15 * 60_000,
  max_messages: 100_000,
  max_bytes: 256 * 1024 * 1024,
  duplicate_window_ms: 2 * 60_000,
  max_ack_pending: 1_024
}

/** an origin as one subject token (origins are 1–64 of [A-Za-z0-9._:-]; `.` would split it) */
export const originToken = (origin: string): string => origin.replace(/\./g, "~")

export const streamName = (channel: string): string =>
  `FANOUT_${channel.replace(/\./g, "_")}_${createHash("sha256").update(channel).digest("hex").slice(0, 8)}`

export const jetstreamTransport = (
  url: string,
  subject: string,
  channel: string,
  origin: string,
  retention: JetStreamRetention = DEFAULT_JETSTREAM_RETENTION
): FanoutTransport => {
  const stream = streamName(channel)
  const own_subject = `${subject}.${originToken(origin)}`
  const durable = `indexer_${originToken(origin).replace(/[:~]/g, "_")}_${createHash("sha256").update(origin).digest("hex").slice(0, 8)}`
  let js: JetStreamClient | null = null
  let messages: ConsumerMessages | null = null
  let handlers: TransportHandlers | null = null

  /** the stream and this origin's durable consumer (both idempotent: the same config again is a no-op) */
  const provision = async (c: NatsConnection) => {
    const jsm = await jetstreamManager(c)
    const config = {
      name: stream,
      subjects: [`${subject}.>`],
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      storage: StorageType.File,
      max_age: nanos(retention.max_age_ms),
      max_msgs: retention.max_messages,
      max_bytes: retention.max_bytes,
      duplicate_window: nanos(retention.duplicate_window_ms),
      num_replicas: 1
    }
    await jsm.streams.add(config).catch(async (e: unknown) => {
      // a stream of that name with other limits: use it as it is
      await jsm.streams.info(stream).catch(() => Promise.reject(e))
    })
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      filter_subject: `${subject}.>`,
      max_ack_pending: retention.max_ack_pending,
      ack_wait: nanos(ACK_WAIT_MS),
      inactive_threshold: nanos(retention.max_age_ms)
    })
    const client = jetstream(c, { timeout: PUBLISH_TIMEOUT_MS })
    const consumer = await client.consumers.get(stream, durable)
    messages = await consumer.consume({
      max_messages: Math.min(256, retention.max_ack_pending),
      callback: (m) => {
        // closing: not handed to anyone, so not acknowledged (redelivered to the next client at once)
        if (handlers === null) return m.nak()
        handlers.message(m.string())
        m.ack()
      }
    })
    return client
  }

  const link = natsLink({
    url,
    name: `nullspace-fanout-js-${origin}`,
    // up once the stream and this origin's consumer exist and consumption started; a server
    // without JetStream (or without rights) fails this and is dialled again from scratch
    ready: async (c) => {
      js = await provision(c)
    },
    onState: (up) => handlers?.state(up)
  })

  return {
    kind: "jetstream",
    solitary: false,
    channel: own_subject,
    up: () => link.up() && js !== null,
    maxFrameBytes: link.maxPayloadBytes,
    send: async (text, id) => {
      if (js === null || !link.up()) throw new Error("not connected to NATS JetStream")
      await js.publish(own_subject, text, id === undefined ? { timeout: PUBLISH_TIMEOUT_MS } : { msgID: id, timeout: PUBLISH_TIMEOUT_MS })
    },
    start: (h) => {
      handlers = h
      link.start()
    },
    dropConnection: link.dropConnection,
    close: async () => {
      handlers = null
      await link.close(async () => {
        await messages?.close().catch(() => undefined)
      })
    }
  }
}

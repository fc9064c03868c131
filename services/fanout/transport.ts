/**
 * The seam between the fanout (fanout.ts: origin, sequence, de-dupe, bounded queues) and a broker:
 * an in-process bus (memory.ts), Redis pub/sub (redis.ts), core NATS (nats.ts) or NATS JetStream
 * (jetstream.ts). A transport moves
 * opaque text frames on one channel; it reports whether it can send right now and tells the
 * fanout when its connection goes down or comes back (the fanout then flushes its outbox).
 */
export type TransportKind = "memory" | "redis" | "nats" | "jetstream"

export interface TransportHandlers {
  /** one frame as received (the fanout decodes and filters it) */
  readonly message: (text: string) => void
  /** the connection went down (false) or is ready again (true) */
  readonly state: (up: boolean) => void
}

export interface FanoutTransport {
  readonly kind: TransportKind
  /** nothing else can hear it (the private in-process bus of a single node): publishing is skipped */
  readonly solitary: boolean
  /** where frames go: the Redis channel or NATS subject (memory: the bus name) */
  readonly channel: string
  /** can send now (connected and ready) */
  readonly up: () => boolean
  /** the largest frame the broker takes (NATS: the server's max_payload), null when it sets none */
  readonly maxFrameBytes: () => number | null
  /** send one frame (`id`: the frame's `<origin>.<epoch>.<seq>`, JetStream's de-dupe id); rejects when the broker did not take it */
  readonly send: (text: string, id?: string) => Promise<void>
  /** begin receiving; called once */
  readonly start: (handlers: TransportHandlers) => void
  /** drop the broker connection as a network failure would (operations drills and tests); the transport reconnects */
  readonly dropConnection: () => Promise<void>
  readonly close: () => Promise<void>
}

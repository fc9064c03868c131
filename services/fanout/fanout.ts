/**
 * `UpdateFanout`: how indexers share what they deliver (chain-and-services.md §3.7, docs/fanout.md).
 *
 * Publishing: every frame gets this indexer's origin id, its epoch (random per process, so a
 * restarted indexer with a configured origin starts a new sequence) and the next sequence number.
 * A frame over `max_frame_bytes` is not published (FanoutFrameTooLarge, counted). While the broker
 * is down, or a send fails, frames wait in a bounded outbox (`outbox` frames); when it is full the
 * oldest waiting frame is dropped (FanoutQueueFull, counted, logged). The outbox is flushed in
 * order when the connection is ready again.
 *
 * Receiving: a frame is dropped when it does not decode (FanoutFrameMalformed), when its origin is
 * this indexer's (it never re-delivers its own frames), or when its key was already delivered here,
 * from the broker or locally (`claim`; bounded de-dupe memory of `seen` keys). The rest wait in a
 * bounded inbox (`inbox` frames, drop-oldest: FanoutLagged, counted) that the /updates hub takes
 * from. A jump in an origin's sequence means frames were lost on the way (a subscriber that was
 * reconnecting, a broker that dropped them): counted as `lost` and logged as FanoutLagged. Nothing
 * here ever fails a client request.
 */
import { randomBytes, randomUUID } from "node:crypto"
import { Context, Effect, Option, Queue, type Scope } from "effect"
import type { LogSinkShape } from "../log.ts"
import { FanoutFrameMalformed, FanoutFrameTooLarge, FanoutLagged, FanoutPublishFailed, FanoutQueueFull } from "./errors.ts"
import { decodeFrame, encodeFrame, type FanoutBody, type FanoutFrame } from "./frame.ts"
import { SeenKeys } from "./seen.ts"
import type { FanoutTransport, TransportKind } from "./transport.ts"

export interface FanoutLimits {
  readonly max_frame_bytes: number
  /** frames waiting for the broker */
  readonly outbox: number
  /** received frames waiting for the hub */
  readonly inbox: number
  /** keys remembered for de-dupe */
  readonly seen: number
}

export const DEFAULT_FANOUT_LIMITS: FanoutLimits = { max_frame_bytes: 4 * 1024 * 1024, outbox: 1_024, inbox: 1_024, seen: 4_096 }

/** sends of one frame before it is dropped */
const SEND_ATTEMPTS_MAX = 3

interface Outgoing {
  readonly text: string
  /** `<origin>.<epoch>.<seq>`: the same frame has the same id however often it is sent */
  readonly id: string
  attempts: number
}

/** origin streams whose last sequence is remembered (oldest forgotten first) */
const STREAMS_MAX = 1_024

export interface FanoutStats {
  readonly transport: TransportKind
  readonly channel: string
  readonly origin: string
  readonly connected: boolean
  readonly published: number
  readonly publish_failed: number
  readonly too_large: number
  readonly outbox_depth: number
  readonly outbox_dropped: number
  readonly received: number
  readonly malformed: number
  readonly own_dropped: number
  readonly duplicate_dropped: number
  readonly inbox_depth: number
  readonly inbox_dropped: number
  readonly lost: number
  readonly reordered: number
  readonly delivered_remote: number
  readonly reconnects: number
}

export interface UpdateFanoutShape {
  readonly origin: string
  readonly kind: TransportKind
  /** no other indexer can hear this one (the default for a single node) */
  readonly solitary: boolean
  /** remember a content key; true the first time (deliver the frame), false when already delivered */
  readonly claim: (key: string) => boolean
  /** publish a frame this indexer delivered (never fails: problems are counted, logged, buffered) */
  readonly publish: (key: string, body: FanoutBody) => Effect.Effect<void>
  /** the next frame another indexer published that was not delivered here yet (waits) */
  readonly take: Effect.Effect<FanoutFrame>
  readonly stats: () => FanoutStats
  /** drop the broker connection as a network failure would; the transport reconnects */
  readonly dropConnection: () => Promise<void>
}

export class UpdateFanout extends Context.Tag("nullspace/services/UpdateFanout")<UpdateFanout, UpdateFanoutShape>() {}

export const newOrigin = (): string => randomUUID()

/** the fanout over one transport; the transport is closed with the scope */
export const makeUpdateFanout = (
  transport: FanoutTransport,
  options: { readonly origin: string; readonly limits: FanoutLimits; readonly log: LogSinkShape }
): Effect.Effect<UpdateFanoutShape, never, Scope.Scope> =>
  Effect.gen(function* () {
    const { origin, limits, log } = options
    const epoch = randomBytes(8).toString("hex")
    const seen = new SeenKeys(limits.seen)
    const inbox = yield* Queue.sliding<FanoutFrame>(limits.inbox)
    const streams = new Map<string, number>()
    const outbox: Outgoing[] = []
    let seq = 0
    let flushing = false
    const s = {
      published: 0,
      publish_failed: 0,
      too_large: 0,
      outbox_dropped: 0,
      received: 0,
      malformed: 0,
      own_dropped: 0,
      duplicate_dropped: 0,
      inbox_dropped: 0,
      lost: 0,
      reordered: 0,
      delivered_remote: 0,
      reconnects: 0
    }
    let was_up = transport.up()

    const warn = (e: FanoutQueueFull | FanoutLagged | FanoutPublishFailed | FanoutFrameMalformed | FanoutFrameTooLarge, extra: object = {}) =>
      log.write({ level: "warn", msg: "fanout", error: e._tag, code: e.code, message: e.message, transport: transport.kind, origin, ...extra })

    const enqueue = (entry: Outgoing) => {
      if (outbox.length >= limits.outbox) {
        outbox.shift()
        s.outbox_dropped++
        // one line per 64 drops: visible without flooding the log
        if (s.outbox_dropped % 64 === 1) warn(new FanoutQueueFull({ message: `outbox full (${limits.outbox} frames): oldest frame dropped`, dropped: s.outbox_dropped }))
      }
      outbox.push(entry)
    }

    const sendOne = (entry: Outgoing): Promise<boolean> =>
      transport.send(entry.text, entry.id).then(
        () => {
          s.published++
          return true
        },
        (e: unknown) => {
          s.publish_failed++
          entry.attempts++
          if (s.publish_failed % 64 === 1) warn(new FanoutPublishFailed({ message: e instanceof Error ? e.message : String(e) }))
          return false
        }
      )

    /** a frame the broker refused this often is dropped (counted) rather than blocking the outbox */
    const giveUp = (entry: Outgoing): boolean => {
      if (entry.attempts < SEND_ATTEMPTS_MAX) return false
      s.outbox_dropped++
      warn(new FanoutQueueFull({ message: `a frame was refused ${entry.attempts} times: dropped`, dropped: s.outbox_dropped }))
      return true
    }

    /** send the outbox in order while the transport is up; a failed frame stays at the front */
    const flush = async () => {
      if (flushing) return
      flushing = true
      try {
        for (let i = 0; i < limits.outbox + 1 && outbox.length > 0 && transport.up(); i++) {
          const entry = outbox[0]
          if (entry === undefined) break
          const ok = await sendOne(entry)
          if (ok || giveUp(entry)) {
            if (outbox[0] === entry) outbox.shift()
          } else break
        }
      } finally {
        flushing = false
      }
    }

    const receive = (text: string) => {
      s.received++
      const f = decodeFrame(text, limits.max_frame_bytes)
      if (f instanceof FanoutFrameMalformed || f instanceof FanoutFrameTooLarge) {
        s.malformed++
        if (s.malformed % 64 === 1) warn(f)
        return
      }
      if (f.origin === origin) {
        s.own_dropped++
        return
      }
      const stream = `${f.origin}/${f.epoch}`
      const last = streams.get(stream)
      if (last === undefined) {
        if (streams.size >= STREAMS_MAX) {
          const oldest = streams.keys().next()
          if (oldest.done !== true) streams.delete(oldest.value)
        }
        streams.set(stream, f.seq)
      } else if (f.seq > last) {
        if (f.seq > last + 1) {
          s.lost += f.seq - last - 1
          warn(new FanoutLagged({ message: `origin ${f.origin} skipped from sequence ${last} to ${f.seq}`, lost: f.seq - last - 1 }))
        }
        streams.set(stream, f.seq)
      } else {
        s.reordered++
        if (s.lost > 0) s.lost--
      }
      if (!seen.claim(f.key)) {
        s.duplicate_dropped++
        return
      }
      if (Option.getOrElse(inbox.unsafeSize(), () => 0) >= limits.inbox) {
        s.inbox_dropped++
        if (s.inbox_dropped % 64 === 1) warn(new FanoutLagged({ message: `inbox full (${limits.inbox} frames): oldest received frame dropped`, lost: s.inbox_dropped }))
      }
      // the transport's callback is outside any fiber: a sliding offer never suspends
      Effect.runSync(Queue.offer(inbox, f))
    }

    transport.start({
      message: receive,
      state: (up) => {
        if (up && !was_up) s.reconnects++
        was_up = up
        if (!transport.solitary) log.write({ level: up ? "info" : "warn", msg: up ? "fanout.connected" : "fanout.disconnected", transport: transport.kind, channel: transport.channel, origin })
        if (up) void flush()
      }
    })
    yield* Effect.addFinalizer(() => Effect.promise(() => transport.close()))

    const publish = (key: string, body: FanoutBody): Effect.Effect<void> =>
      Effect.sync(() => {
        // a single node's private bus: nobody would read it, so nothing is encoded
        if (transport.solitary) return
        const frame: FanoutFrame = body._tag === "update" ? { _tag: "update", origin, epoch, seq, key, payload: body.payload } : { _tag: "pending", origin, epoch, seq, key, payload: body.payload }
        const text = encodeFrame(frame, Math.min(limits.max_frame_bytes, transport.maxFrameBytes() ?? limits.max_frame_bytes))
        if (typeof text !== "string") {
          s.too_large++
          warn(text, { key })
          return
        }
        seq++
        const entry: Outgoing = { text, id: `${origin}.${epoch}.${frame.seq}`, attempts: 0 }
        if (outbox.length > 0 || !transport.up()) {
          enqueue(entry)
          void flush()
          return
        }
        void sendOne(entry).then((ok) => {
          if (!ok && !giveUp(entry)) {
            enqueue(entry)
            void flush()
          }
        })
      })

    return {
      origin,
      kind: transport.kind,
      solitary: transport.solitary,
      claim: (key) => seen.claim(key),
      publish,
      take: Effect.tap(Queue.take(inbox), () => Effect.sync(() => s.delivered_remote++)),
      stats: () => ({
        ...s,
        transport: transport.kind,
        channel: transport.channel,
        origin,
        connected: transport.up(),
        outbox_depth: outbox.length,
        inbox_depth: Option.getOrElse(inbox.unsafeSize(), () => 0)
      }),
      dropConnection: () => transport.dropConnection()
    }
  })

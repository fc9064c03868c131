/**
 * Redis pub/sub transport (ioredis): one connection publishes, one subscribes to the channel
 * `<prefix>.updates`. Both reconnect on their own with a capped backoff (50 ms doubling to 2 s);
 * the subscriber re-subscribes after a reconnect. The publisher never queues inside ioredis
 * (enableOfflineQueue off): while it is not ready the fanout keeps frames in its own bounded
 * outbox. Pub/sub is at-most-once: what is published while a subscriber reconnects is lost to it,
 * and the fanout counts that from the sequence numbers.
 */
import { Redis } from "ioredis"
import type { FanoutTransport, TransportHandlers } from "./transport.ts"

const BACKOFF_MAX_MS = 2_000
const backoff = (attempt: number): number => Math.min(BACKOFF_MAX_MS, 50 * 2 ** Math.min(attempt, 6))

export const redisTransport = (url: string, channel: string, origin: string): FanoutTransport => {
  const name = `nullspace-fanout-${origin}`.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100)
  const pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: backoff, connectionName: name, lazyConnect: true })
  const sub = new Redis(url, { autoResubscribe: true, maxRetriesPerRequest: null, retryStrategy: backoff, connectionName: name, lazyConnect: true })
  let handlers: TransportHandlers | null = null
  let closed = false
  // up: the publisher is ready and the subscriber holds its subscription
  let pub_ready = false
  let subscribed = false
  let up = false
  const update = () => {
    const now = pub_ready && subscribed
    if (now === up || closed) return
    up = now
    handlers?.state(now)
  }
  // connection errors are reported through the state changes; an unhandled 'error' would crash the process
  pub.on("error", () => {})
  sub.on("error", () => {})
  pub.on("ready", () => {
    pub_ready = true
    update()
  })
  pub.on("close", () => {
    pub_ready = false
    update()
  })
  // ioredis renews the subscription before it reports the subscriber ready again
  sub.on("ready", () => {
    subscribed = true
    update()
  })
  sub.on("close", () => {
    subscribed = false
    update()
  })
  sub.on("message", (ch: string, message: string) => {
    if (ch === channel) handlers?.message(message)
  })
  return {
    kind: "redis",
    solitary: false,
    channel,
    up: () => up && pub.status === "ready",
    maxFrameBytes: () => null,
    send: async (text) => {
      await pub.publish(channel, text)
    },
    start: (h) => {
      handlers = h
      // failures of the first connect are retried by the reconnect strategy
      pub.connect().catch(() => {})
      // the first command connects the lazy subscriber; autoResubscribe renews it after reconnects
      sub.subscribe(channel).then(
        () => {
          subscribed = true
          update()
        },
        () => {}
      )
    },
    dropConnection: async () => {
      // the server closes both connections, as a broker restart or a network cut would
      const list = String(await pub.client("LIST"))
      const ids = list
        .split("\n")
        .filter((l) => l.includes(` name=${name} `))
        .map((l) => /(?:^|\s)id=(\d+)/.exec(l)?.[1])
        .filter((id): id is string => id !== undefined)
      const own = String(await pub.client("ID"))
      // the publisher's own connection last: its reply is the one that may never come back
      for (const id of [...ids.filter((i) => i !== own), own].slice(0, 16)) await pub.client("KILL", "ID", id, "SKIPME", "no").catch(() => 0)
    },
    close: async () => {
      closed = true
      handlers = null
      pub.disconnect()
      sub.disconnect()
    }
  }
}

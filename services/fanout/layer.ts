/**
 * `UpdateFanoutLive`: the fanout the server config names (`fanout_url`, `--fanout`, FANOUT_URL):
 *   null            an in-process bus of its own (one node: frames go nowhere, nothing arrives)
 *   memory://name   an in-process bus shared by the indexers of this process that name it
 *   redis://…, rediss://…   Redis pub/sub (redis.ts)
 *   nats://…        core NATS publish/subscribe (nats.ts; the default NATS mode)
 *   jetstream://host:4222   NATS JetStream: a stream with bounded retention, replay after a reconnect (jetstream.ts)
 * anything else fails the server's start with FanoutUrlInvalid (code 230).
 */
import { Effect, Layer } from "effect"
import { ServerConfig, type DevServerConfig } from "../config.ts"
import { LogSink } from "../log.ts"
import { FanoutUrlInvalid } from "./errors.ts"
import { makeUpdateFanout, newOrigin, UpdateFanout } from "./fanout.ts"
import { memoryTransport } from "./memory.ts"
import { natsTransport } from "./nats.ts"
import { jetstreamTransport } from "./jetstream.ts"
import { redisTransport } from "./redis.ts"
import type { FanoutTransport } from "./transport.ts"

export const transportFor = (url: string | null, channel: string, origin: string): FanoutTransport | FanoutUrlInvalid => {
  if (url === null) return memoryTransport(null)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return new FanoutUrlInvalid({ message: "the fanout URL does not parse (redis://host:6379, nats://host:4222, jetstream://host:4222 or memory://name)" })
  }
  const subject = `${channel}.updates`
  switch (parsed.protocol) {
    case "memory:":
      return parsed.host === "" ? new FanoutUrlInvalid({ message: "memory:// needs a bus name, e.g. memory://pair" }) : memoryTransport(parsed.host)
    case "redis:":
    case "rediss:":
      return redisTransport(url, subject, origin)
    case "nats:":
      return natsTransport(url, subject, origin)
    case "jetstream:":
      return parsed.host === ""
        ? new FanoutUrlInvalid({ message: "jetstream:// needs the NATS server, e.g. jetstream://127.0.0.1:4222" })
        : jetstreamTransport(`nats://${parsed.host}`, subject, channel, origin)
    default:
      return new FanoutUrlInvalid({ message: `unsupported fanout scheme ${parsed.protocol} (redis://, rediss://, nats://, jetstream:// or memory://)` })
  }
}

export const fanoutLimitsOf = (c: DevServerConfig) => ({ max_frame_bytes: c.fanout_max_frame_bytes, outbox: c.fanout_buffer, inbox: c.fanout_buffer, seen: Math.max(4_096, 4 * c.fanout_buffer) })

export const UpdateFanoutLive = Layer.scoped(
  UpdateFanout,
  Effect.gen(function* () {
    const config = yield* ServerConfig
    const log = yield* LogSink
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(config.fanout_channel)) return yield* Effect.fail(new FanoutUrlInvalid({ message: "fanout_channel must be 1..100 of [A-Za-z0-9._-]" }))
    const origin = config.fanout_origin ?? newOrigin()
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(origin)) return yield* Effect.fail(new FanoutUrlInvalid({ message: "fanout_origin must be 1..64 of [A-Za-z0-9._:-]" }))
    const transport = transportFor(config.fanout_url, config.fanout_channel, origin)
    if (transport instanceof FanoutUrlInvalid) return yield* Effect.fail(transport)
    return yield* makeUpdateFanout(transport, { origin, limits: fanoutLimitsOf(config), log })
  })
)

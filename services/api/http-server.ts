/**
 * The node:http server: the Effect platform handler serves the routes, the updates hub takes the
 * WebSocket upgrades on the same port. Closing stops accepting, lets in-flight requests finish
 * briefly, then drops remaining connections.
 */
import * as http from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { Context, Effect, Layer } from "effect"
import { ServerConfig } from "../config.ts"
import { withPipeline } from "./pipeline.ts"
import { router } from "./routes.ts"
import { UpdatesHub } from "./updates.ts"

export interface ListeningShape {
  readonly host: string
  readonly port: number
  /** http://host:port */
  readonly url: string
  readonly server: http.Server
}

export class Listening extends Context.Tag("nullspace/services/Listening")<Listening, ListeningShape>() {}

const CLOSE_GRACE_MS = 1_000

export const HttpServerLive = Layer.scoped(
  Listening,
  Effect.gen(function* () {
    const config = yield* ServerConfig
    const hub = yield* UpdatesHub
    const handler = yield* NodeHttpServer.makeHandler(withPipeline(router))
    const server = yield* Effect.acquireRelease(
      Effect.async<http.Server, Error>((resume) => {
        const s = http.createServer({ keepAliveTimeout: 65_000 })
        s.on("request", handler)
        s.on("upgrade", hub.handleUpgrade)
        const onError = (e: Error) => resume(Effect.fail(e))
        s.once("error", onError)
        s.listen({ port: config.port, host: config.host }, () => {
          s.off("error", onError)
          resume(Effect.succeed(s))
        })
      }),
      (s) =>
        Effect.zipRight(
          hub.closeAll,
          Effect.async<void>((resume) => {
          const timer = setTimeout(() => s.closeAllConnections(), CLOSE_GRACE_MS)
          timer.unref()
          s.close(() => {
            clearTimeout(timer)
            resume(Effect.void)
          })
          s.closeIdleConnections()
          })
        )
    )
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : config.port
    const host = config.host
    const urlHost = host.includes(":") ? `[${host}]` : host
    return { host, port, url: `http://${urlHost}:${port}`, server }
  })
)

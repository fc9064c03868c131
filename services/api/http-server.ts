/**
 * The node:http server: the Effect platform handler serves the routes, the updates hub takes the
 * WebSocket upgrades on the same port. Closing stops accepting, lets in-flight requests finish
 * briefly, then drops remaining connections.
 * Edges (chain-and-services.md §6): it refuses to start beyond loopback without an origin
 * allowlist (ExposedWithoutOrigins); connections are capped in total (`http_max_connections`,
 * node's maxConnections) and per client address (`http_max_connections_per_ip`, the socket's peer
 * address, never a forwarded header): a connection over a cap is closed at once; a client must
 * send its headers within `http_headers_timeout_ms` and its request within
 * `http_request_timeout_ms`, so half-sent requests cannot hold descriptors.
 */
import * as http from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { Context, Data, Effect, Layer } from "effect"
import { ServerConfig } from "../config.ts"
import { isLoopbackHost } from "../loopback.ts"
import { exposureProblem } from "./origin.ts"
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

/** the API would be reachable beyond loopback with no origin allowlist: it does not start */
export class ExposedWithoutOrigins extends Data.TaggedError("ExposedWithoutOrigins")<{ readonly message: string }> {}

export const HttpServerLive = Layer.scoped(
  Listening,
  Effect.gen(function* () {
    const config = yield* ServerConfig
    const hub = yield* UpdatesHub
    const handler = yield* NodeHttpServer.makeHandler(withPipeline(router))
    const exposure = exposureProblem(isLoopbackHost(config.host), config.allowed_origins)
    if (exposure !== null) return yield* Effect.fail(new ExposedWithoutOrigins({ message: exposure }))
    const server = yield* Effect.acquireRelease(
      Effect.async<http.Server, Error>((resume) => {
        const s = http.createServer({
          keepAliveTimeout: 65_000,
          headersTimeout: config.http_headers_timeout_ms,
          requestTimeout: config.http_request_timeout_ms,
          // how often node looks for requests past those timeouts
          connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(config.http_headers_timeout_ms / 4)))
        })
        s.maxConnections = config.http_max_connections
        const perAddress = new Map<string, number>()
        s.on("connection", (socket) => {
          const address = socket.remoteAddress ?? "?"
          const n = (perAddress.get(address) ?? 0) + 1
          if (n > config.http_max_connections_per_ip) {
            socket.destroy()
            return
          }
          perAddress.set(address, n)
          socket.once("close", () => {
            const left = (perAddress.get(address) ?? 1) - 1
            if (left <= 0) perAddress.delete(address)
            else perAddress.set(address, left)
          })
        })
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

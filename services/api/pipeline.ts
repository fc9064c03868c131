/**
 * The request pipeline around the routes (chain-and-services.md §3.1, outermost first): request
 * id (client's x-request-id or a UUIDv4, echoed), per-client token bucket (429), CORS for browser
 * clients (any origin: this is a development server), the routes, typed JSON for unknown routes
 * and internal failures, then one structured log line per request
 * {request_id, method, path, status, elapsed_ms}. The body limit is applied by /submit as it reads.
 */
import type { HttpApp } from "@effect/platform"
import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Effect } from "effect"
import { ServerConfig } from "../config.ts"
import { LogSink } from "../log.ts"
import { clientAddress } from "./client-address.ts"
import { serviceFailure } from "./errors.ts"
import { ApiMetrics } from "./metrics.ts"
import { RateLimits } from "./rate-limit.ts"
import { requestId } from "./request-id.ts"
import { failureResponse } from "./routes.ts"

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "content-type, x-request-id",
  "access-control-expose-headers": "x-request-id"
}

export const withPipeline = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const config = yield* ServerConfig
    const limits = yield* RateLimits
    const metrics = yield* ApiMetrics
    const log = yield* LogSink
    const t0 = performance.now()
    const id = requestId(request.headers["x-request-id"])
    const path = request.url.split("?")[0] ?? request.url
    const client = clientAddress(NodeHttpServerRequest.toIncomingMessage(request), config.trust_proxy)

    let response: HttpServerResponse.HttpServerResponse
    if (request.method === "OPTIONS") response = HttpServerResponse.empty({ status: 204 })
    else if (!limits.http.take(client)) response = failureResponse(serviceFailure("RateLimitExceeded", "too many requests from this address"))
    else
      response = yield* app.pipe(
        Effect.catchAllCause((cause) =>
          Effect.sync(() => {
            const notFound = cause._tag === "Fail" && typeof cause.error === "object" && cause.error !== null && "_tag" in cause.error && cause.error._tag === "RouteNotFound"
            if (notFound) return failureResponse(serviceFailure("RouteNotFound", `no route ${request.method} ${path}`))
            log.write({ level: "error", msg: "http.internal_error", request_id: id, path, cause: String(cause) })
            return failureResponse(serviceFailure("InternalError", "internal error"))
          })
        )
      )
    response = response.pipe(HttpServerResponse.setHeaders({ ...CORS, "x-request-id": id }))
    const elapsed_ms = Math.round((performance.now() - t0) * 1000) / 1000
    metrics.countStatus(response.status)
    metrics.http.latency.record(elapsed_ms)
    if (config.log_requests)
      log.write({ level: "info", msg: "http.request", request_id: id, method: request.method, path, status: response.status, elapsed_ms })
    return response
  })

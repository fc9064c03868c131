/**
 * The request pipeline around the routes (chain-and-services.md §3.1 and §6, outermost first):
 * request id (client's x-request-id or a UUIDv4, echoed); the Origin check (a browser origin not on
 * `allowed_origins` gets 403 OriginNotAllowed, before anything else runs; CORS headers name an
 * allowed origin only, never `*`); the per-client token bucket, preflights included (429 with
 * Retry-After); the routes; typed JSON for a known path with another method (405 with Allow),
 * unknown routes (404) and internal failures (500); then one structured log line per request
 * {request_id, method, path, status, elapsed_ms}. The body limit is applied by /submit as it reads.
 */
import type { HttpApp } from "@effect/platform"
import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Cause, Chunk, Effect } from "effect"
import { ServerConfig } from "../config.ts"
import { LogSink } from "../log.ts"
import { clientAddress } from "./client-address.ts"
import { serviceFailure } from "./errors.ts"
import { ApiMetrics } from "./metrics.ts"
import { corsHeaders, originAllowed } from "./origin.ts"
import { RateLimits, RETRY_AFTER_S } from "./rate-limit.ts"
import { requestId } from "./request-id.ts"
import { failureResponse, router } from "./routes.ts"

/** characters of a request path that messages and log lines echo */
export const PATH_SHOWN_MAX = 200

/** the methods the router serves at a path (by its templates), for 405 answers */
const templates = Chunk.toReadonlyArray(router.routes).map((r) => ({
  method: r.method,
  pattern: new RegExp(`^${String(r.path).split("/").map((seg) => (seg.startsWith(":") ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}$`)
}))
export const methodsAt = (path: string): ReadonlyArray<string> => [...new Set(templates.filter((t) => t.pattern.test(path)).map((t) => t.method))]

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
    // what error messages and logs may echo of the path (bounded: logs are bounded per request)
    const shown = path.length > PATH_SHOWN_MAX ? `${path.slice(0, PATH_SHOWN_MAX)}…` : path
    const client = clientAddress(NodeHttpServerRequest.toIncomingMessage(request), config)

    const origin = request.headers["origin"]
    let response: HttpServerResponse.HttpServerResponse
    if (!originAllowed(origin, config.allowed_origins)) response = failureResponse(serviceFailure("OriginNotAllowed", `origin ${origin ?? ""} is not allowed`))
    else if (!limits.http.take(client)) response = failureResponse(serviceFailure("RateLimitExceeded", "too many requests from this address"))
    else if (request.method === "OPTIONS") response = HttpServerResponse.empty({ status: 204 })
    else
      response = yield* app.pipe(
        Effect.catchAllCause((cause) =>
          Effect.sync(() => {
            const notFound = cause._tag === "Fail" && typeof cause.error === "object" && cause.error !== null && "_tag" in cause.error && cause.error._tag === "RouteNotFound"
            if (notFound) {
              const allowed = methodsAt(path)
              // the template matches and the method is served, yet the router did not match: a path
              // parameter beyond the router's length limit
              if (allowed.includes(request.method)) return failureResponse(serviceFailure("InvalidParameter", `a path parameter of ${shown} is too long`))
              return allowed.length > 0
                ? failureResponse(serviceFailure("MethodNotAllowed", `${request.method} is not served at ${shown} (${allowed.join(", ")} is)`)).pipe(HttpServerResponse.setHeader("allow", allowed.join(", ")))
                : failureResponse(serviceFailure("RouteNotFound", `no route ${request.method} ${shown}`))
            }
            // the client hung up (the platform interrupts the handler): not our failure, and nobody reads the answer
            if (Cause.isInterruptedOnly(cause)) {
              log.write({ level: "info", msg: "http.client_abort", request_id: id, path: shown })
              return failureResponse(serviceFailure("ClientClosedRequest", "the client closed the connection before the answer"))
            }
            log.write({ level: "error", msg: "http.internal_error", request_id: id, path: shown, cause: String(cause).slice(0, 2_000) })
            return failureResponse(serviceFailure("InternalError", "internal error"))
          })
        )
      )
    // every 429 (this bucket's, /submit's, per transaction) tells the client when to come back
    if (response.status === 429) response = response.pipe(HttpServerResponse.setHeader("retry-after", String(RETRY_AFTER_S)))
    response = response.pipe(HttpServerResponse.setHeaders({ ...corsHeaders(origin, config.allowed_origins), "x-request-id": id }))
    const elapsed_ms = Math.round((performance.now() - t0) * 1000) / 1000
    metrics.countStatus(response.status)
    metrics.http.latency.record(elapsed_ms)
    if (config.log_requests)
      log.write({ level: "info", msg: "http.request", request_id: id, method: request.method, path: shown, status: response.status, elapsed_ms })
    return response
  })

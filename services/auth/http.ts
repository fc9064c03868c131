/**
 * The auth service's HTTP edge (node:http): request id (reused from x-request-id or a UUID,
 * echoed), one bounded JSON log line per request, routes from routes.ts with their gates in order
 * — rate limit per `limiter:ip`, origin (exact match with AUTH_ALLOWED_ORIGINS; a missing origin
 * is refused), session cookie, CSRF header — CORS only for allowed origins (credentials, never *),
 * a body limit, typed errors `{error, code, message}`, 405 with Allow, /metrics/prometheus behind
 * the metrics token (loopback-only without one). Secrets never reach a log line: bodies are not
 * logged, only method, path, status and timing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { timingSafeEqual } from "node:crypto"
import { Context, Effect, Layer } from "effect"
import { clientAddress } from "../api/client-address.ts"
import { isLoopbackHost } from "../loopback.ts"
import { authError, isAuthError, type AuthError } from "./errors.ts"
import { makeRateLimiter, type RateLimiter } from "./rate-limit.ts"
import { newRequestId, ROUTES, type Limiter, type RequestContext, type Route } from "./routes.ts"
import { AuthService, type AuthServiceShape } from "./service.ts"
import { csrfMatches, cookieValue, SESSION_COOKIE, sessionOf } from "./sessions.ts"

export interface AuthListeningShape {
  readonly url: string
  readonly port: number
}
export class AuthListening extends Context.Tag("nullspace/services/auth/AuthListening")<AuthListening, AuthListeningShape>() {}

const PATH_LOG_MAX = 200
const WEBHOOK_BODY_LIMIT_BYTES = 512_000

const readBody = (req: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(authError("BodyTooLarge", `the body exceeds ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

const requestOrigin = (req: IncomingMessage): string | null => {
  const o = req.headers["origin"]
  if (typeof o === "string" && o !== "" && o !== "null") return o
  const r = req.headers["referer"]
  if (typeof r === "string") {
    try {
      return new URL(r).origin
    } catch {
      return null
    }
  }
  return null
}

const parseJson = (raw: Buffer): Readonly<Record<string, unknown>> => {
  if (raw.length === 0) return {}
  let v: unknown
  try {
    v = JSON.parse(raw.toString("utf8"))
  } catch {
    throw authError("InvalidRequest", "the body is not JSON")
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw authError("InvalidRequest", "the body must be a JSON object")
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) out[k] = x
  return out
}

const tokenMatches = (expected: string, req: IncomingMessage): boolean => {
  const auth = req.headers["authorization"]
  const got = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : req.headers["x-metrics-token"]
  if (typeof got !== "string") return false
  const a = Buffer.from(expected)
  const b = Buffer.from(got)
  return a.length === b.length && timingSafeEqual(a, b)
}

export const makeAuthHandler = (s: AuthServiceShape) => {
  const c = s.config
  const limiters: Record<Limiter, RateLimiter> = {
    challenge: makeRateLimiter(c.rate_limits.challenge, c.rate_bucket_max),
    profile: makeRateLimiter(c.rate_limits.profile, c.rate_bucket_max),
    billing: makeRateLimiter(c.rate_limits.billing, c.rate_bucket_max),
    webhook: makeRateLimiter(c.rate_limits.webhook, c.rate_bucket_max)
  }
  const allowed = new Set(c.allowed_origins)
  const byPath = new Map<string, Route[]>()
  for (const r of ROUTES) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r])

  const send = (res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}) => {
    if (res.headersSent) return
    const text = typeof body === "string" ? body : JSON.stringify(body)
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain; version=0.0.4" : "application/json", "cache-control": "no-store", ...headers })
    res.end(text)
  }
  const fail = (res: ServerResponse, e: AuthError, headers: Record<string, string>) =>
    send(res, e.status, { error: e.reason, code: e.code, message: e.message }, e.retry_after_s === undefined ? headers : { ...headers, "retry-after": String(e.retry_after_s) })

  const handle = async (req: IncomingMessage, res: ServerResponse, request_id: string, headers: Record<string, string>): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://auth.invalid")
    const ip = clientAddress(req, c)
    const origin = requestOrigin(req)
    const originOk = origin !== null && allowed.has(origin)
    // a browser request from a disallowed origin is refused everywhere (requests without Origin pass to the route's own gate)
    if (typeof req.headers["origin"] === "string" && !originOk) throw authError("OriginNotAllowed", "this origin is not allowed")
    if (originOk) Object.assign(headers, { "access-control-allow-origin": origin, "access-control-allow-credentials": "true", vary: "Origin", "access-control-expose-headers": "x-request-id" })
    if (url.pathname === "/metrics/prometheus" && req.method === "GET") {
      const peer = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "")
      const permitted = c.metrics_token === null ? isLoopbackHost(peer) : tokenMatches(c.metrics_token, req)
      if (!permitted) throw authError("MetricsUnauthorized", "metrics need the metrics token")
      send(res, 200, await s.metrics.registry.metrics(), headers)
      return
    }
    const routes = byPath.get(url.pathname)
    if (routes === undefined) throw authError("NotFound", "no such endpoint")
    if (req.method === "OPTIONS") {
      if (!originOk) throw authError("OriginNotAllowed", "this origin is not allowed")
      send(res, 204, "", { ...headers, "access-control-allow-methods": routes.map((r) => r.method).join(", "), "access-control-allow-headers": "content-type, x-csrf-token, x-request-id", "access-control-max-age": "600" })
      return
    }
    const route = routes.find((r) => r.method === req.method)
    if (route === undefined) {
      headers["allow"] = routes.map((r) => r.method).join(", ")
      throw authError("MethodNotAllowed", `use ${headers["allow"]}`)
    }
    if (route.limiter !== null) {
      const wait = limiters[route.limiter].take(`${route.limiter}:${ip}`, Date.now())
      if (wait !== null) {
        s.metrics.count(`ratelimit.${route.limiter}`)
        throw authError("RateLimited", "too many requests", wait)
      }
    }
    if (route.origin && !originOk) throw authError("OriginNotAllowed", origin === null ? "the request names no origin" : "this origin is not allowed")
    // a Stripe event (a subscription with its items) may exceed the JSON limit of the browser endpoints
    const raw = req.method === "POST" ? await readBody(req, route.raw === true ? WEBHOOK_BODY_LIMIT_BYTES : c.body_limit_bytes) : Buffer.alloc(0)
    const token = cookieValue(typeof req.headers["cookie"] === "string" ? req.headers["cookie"] : undefined, SESSION_COOKIE) ?? null
    const session = route.session && token !== null ? await sessionOf(s.sql, token, Date.now()) : null
    if (route.session && session === null) {
      s.metrics.count("profile.unauthorized")
      throw authError("Unauthorized", "log in first")
    }
    if (route.csrf) {
      const got = req.headers["x-csrf-token"]
      if (session === null || !csrfMatches(session.csrf_token, typeof got === "string" ? got : undefined)) throw authError("CsrfInvalid", "the x-csrf-token header does not match the session")
    }
    const ctx: RequestContext = { request_id, origin: originOk ? origin : null, ip, json: route.raw === true ? {} : parseJson(raw), raw, headers: req.headers, session, session_token: token }
    const answer = await route.handle(s, ctx)
    send(res, answer.status, answer.body, { ...headers, ...(answer.headers ?? {}) })
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const t0 = performance.now()
    const request_id = newRequestId(req.headers["x-request-id"])
    const headers: Record<string, string> = { "x-request-id": request_id }
    s.metrics.count("http.requests")
    s.metrics.count(`http.method.${/^[A-Z]{1,10}$/.test(req.method ?? "") ? req.method : "OTHER"}`)
    handle(req, res, request_id, headers)
      .catch((e: unknown) => {
        if (isAuthError(e)) fail(res, e, headers)
        else {
          s.log.write({ level: "error", msg: "auth.internal", request_id, error: e instanceof Error ? e.message.slice(0, 300) : "unknown" })
          fail(res, authError("InternalError", "internal error"), headers)
        }
      })
      .finally(() => {
        const ms = performance.now() - t0
        s.metrics.time("http.request_ms", ms)
        s.log.write({ level: "info", msg: "http.request", requestId: request_id, method: req.method, path: (req.url ?? "").split("?")[0]?.slice(0, PATH_LOG_MAX), status: res.statusCode, durationMs: Math.round(ms) })
      })
  }
}

export const AuthHttpLive = Layer.scoped(
  AuthListening,
  Effect.gen(function* () {
    const s = yield* AuthService
    const handler = makeAuthHandler(s)
    const server = yield* Effect.acquireRelease(
      Effect.async<Server, Error>((resume) => {
        const srv = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, handler)
        srv.maxConnections = 10_000
        srv.once("error", (e) => resume(Effect.fail(e)))
        srv.listen(s.config.port, s.config.host, () => resume(Effect.succeed(srv)))
      }).pipe(Effect.orDie),
      (srv) =>
        Effect.async<void>((resume) => {
          srv.close(() => resume(Effect.void))
          srv.closeAllConnections()
        })
    )
    const addr = server.address()
    const port = typeof addr === "object" && addr !== null ? addr.port : s.config.port
    return { url: `http://${s.config.host}:${port}`, port }
  })
)

/**
 * The simulator API routes (JSON): submit, chain/account/player/session/house queries, health,
 * metrics and the effective configuration. Queries read the engine's tables through their
 * schemas; nothing here decides a rule.
 */
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Effect, Option, Schema } from "effect"
import { house, House } from "../../engine/casino/house.ts"
import { Player, players } from "../../engine/casino/player.ts"
import { GameSession, sessions } from "../../engine/games/session.ts"
import { PublicKey } from "../../engine/schema/primitives.ts"
import { ServerConfig } from "../config.ts"
import { DevChain } from "../node/dev-chain.ts"
import { SessionVerifications } from "../node/session-verification.ts"
import { CertifiedChain } from "../node/certified.ts"
import { stateAnswer, STATE_KEY_MAX } from "../verify/state-answer.ts"
import { seedAnswer } from "../verify/seed-answer.ts"
import { readBody } from "./body.ts"
import { clientAddress } from "./client-address.ts"
import { serviceFailure, transactionFailure, type ApiFailure } from "./errors.ts"
import { ApiMetrics } from "./metrics.ts"
import { RateLimits } from "./rate-limit.ts"
import { Submit } from "./submit.ts"
import { parseU64Decimal } from "./u64-param.ts"
import { metricsAccess, PrometheusMetrics } from "./prometheus.ts"
import { isLoopbackHost } from "../loopback.ts"
import { declaredCount } from "./submission.ts"
import { OversizedSubmission } from "../../engine/errors.ts"
import { explorerRouter } from "../explorer/http.ts"
import { bridgeRouter } from "../bridge/http.ts"
import { redactedExplorerSettings } from "../explorer/settings.ts"
import { explorerMetricsSnapshot } from "../explorer/metrics-json.ts"
import { clockAt } from "../../engine/chain/clock.ts"
import { readAmm, readBalances, readOracle, readPolicy, readSavings, readStaking, readTournament, readVault } from "../../engine/read/read-model.ts"
import { AmmView, BalancesView, SavingsView, StakingView, VaultView } from "../../engine/read/views.ts"
import { Policy } from "../../engine/economy/policy.ts"
import { OracleState } from "../../engine/economy/oracle/oracle.ts"
import { Tournament } from "../../engine/economy/tournament/tournament.ts"

const replacer = (_k: string, v: unknown): unknown => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v)

export const jsonResponse = (status: number, body: unknown): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(JSON.stringify(body, replacer), { status, contentType: "application/json" })

export const failureResponse = (f: ApiFailure): HttpServerResponse.HttpServerResponse => jsonResponse(f.status, f.body)

const encodePlayer = Schema.encodeSync(Player)
const encodeHouse = Schema.encodeSync(House)
const encodeSession = Schema.encodeSync(GameSession)
const isPublicKey = Schema.is(PublicKey)
const encodeBalances = Schema.encodeSync(BalancesView)
const encodeVault = Schema.encodeSync(VaultView)
const encodeSavings = Schema.encodeSync(SavingsView)
const encodeStaking = Schema.encodeSync(StakingView)
const encodeAmm = Schema.encodeSync(AmmView)
const encodePolicy = Schema.encodeSync(Policy)
const encodeOracle = Schema.encodeSync(OracleState)
const encodeTournament = Schema.encodeSync(Tournament)

const publicKeyParam = (name: string) =>
  Effect.map(HttpRouter.params, (p): PublicKey | ApiFailure => {
    const v = (p[name] ?? "").toLowerCase().replace(/^0x/, "")
    return isPublicKey(v) ? v : serviceFailure("InvalidParameter", `${name} must be a 32-byte public key as 64 hex characters`)
  })

/** a decimal u64 path parameter, or a typed InvalidParameter */
const u64Param = (name: string) =>
  Effect.map(HttpRouter.params, (p): bigint | ApiFailure => parseU64Decimal(p[name] ?? "") ?? serviceFailure("InvalidParameter", `${name} must be a decimal u64`))
const sessionIdParam = u64Param("id")

/** finalized blocks execution may trail by before /healthz reports the node lagging */
export const HEALTH_LAG_BLOCKS_MAX = 32

/** 401 unless the request may read metrics (prometheus.ts metricsAccess) */
const metricsDenied = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const config = yield* ServerConfig
  const auth = request.headers["authorization"]
  const x = request.headers["x-metrics-token"]
  return metricsAccess(config.metrics_token, isLoopbackHost(config.host), auth, x)
    ? null
    : failureResponse(
        serviceFailure("MetricsUnauthorized", config.metrics_token === null ? "metrics beyond loopback need a metrics token (METRICS_AUTH_TOKEN)" : "a valid metrics token is required")
      )
})

const isFailure = (v: unknown): v is ApiFailure => typeof v === "object" && v !== null && "status" in v && "body" in v

const submitRoute = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const config = yield* ServerConfig
  const limits = yield* RateLimits
  const submit = yield* Submit
  const metrics = yield* ApiMetrics
  const t0 = performance.now()
  const incoming = NodeHttpServerRequest.toIncomingMessage(request)
  const client = clientAddress(incoming, config)
  if (!limits.submit.take(client)) return failureResponse(serviceFailure("RateLimitExceeded", "too many submissions from this address"))
  const body = yield* readBody(incoming, config.http_body_limit_bytes).pipe(Effect.either)
  if (body._tag === "Left") return failureResponse(serviceFailure("InvalidParameter", `reading the body: ${body.left.message}`))
  if (body.right._tag === "TooLarge")
    return failureResponse(
      transactionFailure(new OversizedSubmission({ message: `the body exceeds ${body.right.limit_bytes} bytes` }), null)
    ).pipe(HttpServerResponse.setHeader("connection", "close"))
  const declared = declaredCount(body.right.bytes)
  if (declared !== null && !limits.submit_tx.take(client, declared))
    return failureResponse(serviceFailure("RateLimitExceeded", `too many transactions from this address (${declared} in this submission)`))
  const outcome = yield* Effect.either(submit.submit(body.right.bytes))
  metrics.submit.latency.record(performance.now() - t0)
  return outcome._tag === "Right" ? jsonResponse(200, outcome.right) : failureResponse(outcome.left)
})

export const router = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/healthz",
    Effect.map(DevChain, (c) => {
      // what is wrong, if anything: halted, a full mempool (new submissions refused), lagging execution
      const halted = c.halted()
      const mempool = { size: c.mempool.size, max: c.mempool.limits.transactions_max }
      const lag_blocks = c.lag_blocks()
      const problems = [
        ...(halted === null ? [] : [`halted: ${halted}`]),
        ...(mempool.size >= mempool.max ? ["mempool full"] : []),
        ...(lag_blocks > HEALTH_LAG_BLOCKS_MAX ? [`execution ${lag_blocks} blocks behind finalization`] : [])
      ]
      return jsonResponse(problems.length === 0 ? 200 : 503, { ok: problems.length === 0, problems, halted, mempool, lag_blocks, height: c.chain.height })
    })
  ),
  HttpRouter.get(
    "/chain",
    Effect.map(DevChain, (c) => {
      const h = c.head()
      return jsonResponse(200, { ...h, mempool_size: c.mempool.size, consensus: c.consensus() })
    })
  ),
  HttpRouter.get(
    "/account/:pubkey",
    Effect.gen(function* () {
      const pk = yield* publicKeyParam("pubkey")
      if (isFailure(pk)) return failureResponse(pk)
      const c = yield* DevChain
      return jsonResponse(200, { public_key: pk, nonce: c.chain.nonceOf(pk).toString() })
    })
  ),
  HttpRouter.get(
    "/player/:pubkey",
    Effect.gen(function* () {
      const pk = yield* publicKeyParam("pubkey")
      if (isFailure(pk)) return failureResponse(pk)
      const c = yield* DevChain
      const p = players.get(c.chain.store, pk)
      return p === undefined ? failureResponse(serviceFailure("PlayerNotFound", `no player registered for ${pk}`)) : jsonResponse(200, encodePlayer(p))
    })
  ),
  HttpRouter.get(
    "/session/:id",
    Effect.gen(function* () {
      const id = yield* sessionIdParam
      if (isFailure(id)) return failureResponse(id)
      const c = yield* DevChain
      const s = sessions.get(c.chain.store, id.toString())
      return s === undefined ? failureResponse(serviceFailure("SessionNotFound", `no session ${id}`)) : jsonResponse(200, encodeSession(s))
    })
  ),
  HttpRouter.get(
    "/session/:id/verification",
    Effect.gen(function* () {
      const id = yield* sessionIdParam
      if (isFailure(id)) return failureResponse(id)
      const v = yield* Effect.serviceOption(SessionVerifications)
      if (Option.isNone(v))
        return failureResponse(serviceFailure("NotCertified", "this node does not certify its chain (the dev chain): run the validators (npm run chain) to verify sessions"))
      const bundle = v.value.bundle(id)
      return bundle === null
        ? failureResponse(serviceFailure("SessionNotFound", `session ${id} was not executed by this node (or was forgotten: it indexes the latest 100,000), or is not finalized and certified yet`))
        : jsonResponse(200, bundle)
    })
  ),
  HttpRouter.get(
    "/seed/:view",
    Effect.gen(function* () {
      const view = yield* u64Param("view")
      if (isFailure(view)) return failureResponse(view)
      const certified = yield* Effect.serviceOption(CertifiedChain)
      if (Option.isNone(certified)) return failureResponse(serviceFailure("NotCertified", "the dev chain's seeds are not verifiable: run the validators (npm run chain)"))
      const f = certified.value.finalizedAtView(view)
      return f === null ? failureResponse(serviceFailure("SeedNotFound", `view ${view} finalized no block here (nullified, not yet finalized, or before this node's history)`)) : jsonResponse(200, seedAnswer(f))
    })
  ),
  HttpRouter.get(
    "/state/:table/:key",
    Effect.gen(function* () {
      const p = yield* HttpRouter.params
      const table = p["table"] ?? ""
      const key = p["key"] ?? ""
      if (!/^[a-z0-9_]{1,64}$/.test(table) || key.length === 0 || key.length > STATE_KEY_MAX)
        return failureResponse(serviceFailure("InvalidParameter", `table must be 1..64 of [a-z0-9_], key 1..${STATE_KEY_MAX} characters`))
      const c = yield* DevChain
      const certified = yield* Effect.serviceOption(CertifiedChain)
      const cert = Option.isSome(certified) ? certified.value.executionCertificate(c.chain.height) : null
      return jsonResponse(200, stateAnswer(c.chain, table, key, cert))
    })
  ),
  HttpRouter.get(
    "/wallet/:pubkey",
    Effect.gen(function* () {
      // a key's player record (null before it registers), every balance and its vault, savings and staking views (engine read model, at the executed view)
      const pk = yield* publicKeyParam("pubkey")
      if (isFailure(pk)) return failureResponse(pk)
      const c = yield* DevChain
      const clock = clockAt(c.chain.view)
      const vault = readVault(c.chain.store, pk, clock)
      const player = players.get(c.chain.store, pk)
      return jsonResponse(200, {
        public_key: pk,
        view: c.chain.view,
        player: player === undefined ? null : encodePlayer(player),
        balances: encodeBalances(readBalances(c.chain.store, pk, clock)),
        vault: vault === undefined ? null : encodeVault(vault),
        savings: encodeSavings(readSavings(c.chain.store, pk)),
        staking: encodeStaking(readStaking(c.chain.store, pk, clock))
      })
    })
  ),
  HttpRouter.get(
    "/economy",
    Effect.map(DevChain, (c) =>
      // the public economy: AMM pool and spot price, policy (caps, tax bands, fees), oracle
      jsonResponse(200, { view: c.chain.view, amm: encodeAmm(readAmm(c.chain.store)), policy: encodePolicy(readPolicy(c.chain.store)), oracle: encodeOracle(readOracle(c.chain.store)) })
    )
  ),
  HttpRouter.get(
    "/tournament/:id",
    Effect.gen(function* () {
      const id = yield* sessionIdParam
      if (isFailure(id)) return failureResponse(id)
      const c = yield* DevChain
      const t = readTournament(c.chain.store, id)
      // an unknown id is an answer (null), as absent state rows are on /state
      return jsonResponse(200, { tournament_id: id, tournament: t === undefined ? null : encodeTournament(t) })
    })
  ),
  HttpRouter.get(
    "/house",
    Effect.map(DevChain, (c) => jsonResponse(200, encodeHouse(house.get(c.chain.store))))
  ),
  HttpRouter.get(
    "/metrics/prometheus",
    Effect.gen(function* () {
      const denied = yield* metricsDenied
      if (denied !== null) return denied
      const p = yield* PrometheusMetrics
      const text = yield* Effect.promise(() => p.text())
      return HttpServerResponse.text(text, { status: 200, contentType: p.contentType })
    })
  ),
  HttpRouter.get(
    "/metrics/explorer",
    Effect.gen(function* () {
      const denied = yield* metricsDenied
      if (denied !== null) return denied
      const snapshot = yield* explorerMetricsSnapshot
      return Option.match(snapshot, {
        onNone: () => failureResponse(serviceFailure("ExplorerUnavailable", "this indexer keeps no explorer")),
        onSome: (body) => jsonResponse(200, body)
      })
    })
  ),
  HttpRouter.get(
    "/metrics",
    Effect.gen(function* () {
      const denied = yield* metricsDenied
      if (denied !== null) return denied
      const c = yield* DevChain
      const m = yield* ApiMetrics
      return jsonResponse(200, { chain: { ...c.head(), ...c.stats() }, http: m.http, submit: m.submit, ws: m.ws })
    })
  ),
  HttpRouter.get(
    "/config",
    Effect.map(ServerConfig, (cfg) => jsonResponse(200, { ...cfg, seed_secret: "(redacted)", explorer: redactedExplorerSettings(cfg.explorer) }))
  ),
  HttpRouter.post("/submit", submitRoute),
  HttpRouter.concat(explorerRouter),
  HttpRouter.concat(bridgeRouter)
)

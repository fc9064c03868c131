/**
 * The explorer's HTTP routes (chain-and-services.md §3.2), mounted on the indexer's router:
 *
 *   GET /explorer/status                      backend, indexed height, chain height
 *   GET /explorer/blocks?before=&limit=       newest first (limit ≤ 200)      short cache
 *   GET /explorer/blocks/:id                  height or block digest          immutable
 *   GET /explorer/tx/:hash                    first inclusion of the tx id    immutable
 *   GET /explorer/account/:pubkey?before=&limit=  (also /explorer/accounts/…) short cache
 *   GET /explorer/games/:pubkey?before=&limit=    sessions a key played        short cache
 *   GET /explorer/sessions/:id                one game session's steps        immutable once completed
 *   GET /explorer/search?q=                   height, session id, block digest, tx id or public key
 *
 * Finalized, immutable answers carry `Cache-Control: public, max-age=31536000, immutable`; lists
 * and changing answers `public, max-age=2, stale-while-revalidate=10`; every 200 carries an ETag
 * (SHA-256 of the body) and `If-None-Match` with it answers 304 without a body. With an
 * ExplorerCache (Redis) found answers are served from and written to it (`x-explorer-cache:
 * hit|miss`). Bad parameters are 400 ExplorerBadRequest, absent things 404 with their own codes,
 * a database failure 503; without an ExplorerStore every route answers 503 ExplorerUnavailable.
 */
import { createHash } from "node:crypto"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, Option } from "effect"
import { DevChain } from "../node/dev-chain.ts"
import { serviceFailure, type ApiFailure, type ServiceErrorTag } from "../api/errors.ts"
import { parseU64Decimal } from "../api/u64-param.ts"
import { ExplorerCache } from "./cache.ts"
import type { ExplorerDatabaseError } from "./errors.ts"
import { ExplorerIndexer } from "./indexer.ts"
import {
  ACCOUNT_PAGE_DEFAULT,
  ACCOUNT_PAGE_MAX,
  BLOCKS_PAGE_DEFAULT,
  BLOCKS_PAGE_MAX,
  ExplorerStore,
  GAMES_PAGE_DEFAULT,
  GAMES_PAGE_MAX,
  type AccountCursor,
  type ExplorerStoreShape,
  type SearchQuery
} from "./store.ts"

export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
export const CACHE_SHORT = "public, max-age=2, stale-while-revalidate=10"
/** characters of `q` a search accepts */
export const SEARCH_QUERY_MAX = 200

const HEX64 = /^(0x)?[0-9a-fA-F]{64}$/

const errorResponse = (f: ApiFailure) =>
  HttpServerResponse.text(JSON.stringify(f.body), { status: f.status, contentType: "application/json", headers: { "cache-control": "no-store" } })
const fail = (tag: ServiceErrorTag, message: string) => errorResponse(serviceFailure(tag, message))

export const etagOf = (body: string): string => `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`

/** a found answer: ETag, cache class, 304 when the client holds it */
const found = (body: string, immutable: boolean, cache: "hit" | "miss" | null) =>
  Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
    const etag = etagOf(body)
    const headers: Record<string, string> = { etag, "cache-control": immutable ? CACHE_IMMUTABLE : CACHE_SHORT, ...(cache === null ? {} : { "x-explorer-cache": cache }) }
    const held = (request.headers["if-none-match"] ?? "").split(",").map((t) => t.trim().replace(/^W\//, ""))
    return held.includes(etag) || held.includes("*")
      ? HttpServerResponse.empty({ status: 304, headers })
      : HttpServerResponse.text(body, { status: 200, contentType: "application/json", headers })
  })

/** what a handler found: the JSON body and whether it can never change, or a typed failure */
type Answer = { readonly body: string; readonly immutable: boolean } | ApiFailure

const isFailure = (a: Answer): a is ApiFailure => "status" in a

const answer = (value: unknown, immutable: boolean): Answer => ({ body: JSON.stringify(value), immutable })

/** run a lookup through the cache (when configured) and answer it */
const serve = (key: string, lookup: (store: ExplorerStoreShape) => Effect.Effect<Answer, ExplorerDatabaseError>) =>
  Effect.gen(function* () {
    const store = yield* Effect.serviceOption(ExplorerStore)
    if (Option.isNone(store)) return fail("ExplorerUnavailable", "this indexer keeps no explorer (start it with the explorer enabled: npm run serve)")
    const cache = yield* Effect.serviceOption(ExplorerCache)
    if (Option.isSome(cache)) {
      const hit = yield* cache.value.get(key)
      if (hit !== null) {
        // a cached body is served as it was stored; immutability travels in the key's first character
        const immutable = hit.startsWith("I")
        return yield* found(hit.slice(1), immutable, "hit")
      }
    }
    const a = yield* Effect.either(lookup(store.value))
    if (a._tag === "Left") return fail("ExplorerDatabaseError", a.left.message)
    if (isFailure(a.right)) return errorResponse(a.right)
    if (Option.isSome(cache)) yield* cache.value.set(key, `${a.right.immutable ? "I" : "M"}${a.right.body}`)
    return yield* found(a.right.body, a.right.immutable, Option.isSome(cache) ? "miss" : null)
  })

const searchParams = Effect.map(HttpServerRequest.HttpServerRequest, (r) => new URL(r.url, "http://explorer.invalid").searchParams)

const limitParam = (raw: string | null, fallback: number, max: number): number | ApiFailure => {
  if (raw === null || raw === "") return fallback
  const n = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN
  return Number.isInteger(n) && n >= 1 && n <= max ? n : serviceFailure("ExplorerBadRequest", `limit must be an integer in 1..${max}`)
}

const u64Query = (name: string, raw: string | null): bigint | null | ApiFailure => {
  if (raw === null || raw === "") return null
  return parseU64Decimal(raw) ?? serviceFailure("ExplorerBadRequest", `${name} must be a decimal u64`)
}

const hexParam = (name: string, raw: string | undefined): string | ApiFailure =>
  raw !== undefined && HEX64.test(raw) ? raw.toLowerCase().replace(/^0x/, "") : serviceFailure("ExplorerBadRequest", `${name} must be 64 hex characters`)

const isApiFailure = (v: unknown): v is ApiFailure => typeof v === "object" && v !== null && "status" in v && "body" in v

const notFound = (tag: ServiceErrorTag, message: string): ApiFailure => serviceFailure(tag, message)

/** `height.position`: an account page cursor */
const cursorParam = (raw: string | null): AccountCursor | null | ApiFailure => {
  if (raw === null || raw === "") return null
  const m = /^([0-9]{1,20})\.([0-9]{1,3})$/.exec(raw)
  const h = m === null ? null : parseU64Decimal(m[1] ?? "")
  return m === null || h === null ? serviceFailure("ExplorerBadRequest", "before must be height.position (from next_before)") : { height: h, position: Number(m[2]) }
}

/** what `q` asks for: a decimal (height or session id) or 64 hex (block digest, tx id, public key) */
export const parseSearch = (raw: string | null): SearchQuery | ApiFailure => {
  const q = (raw ?? "").trim()
  if (q === "") return serviceFailure("ExplorerBadRequest", "q is empty")
  if (q.length > SEARCH_QUERY_MAX) return serviceFailure("ExplorerBadRequest", `q is longer than ${SEARCH_QUERY_MAX} characters`)
  const n = parseU64Decimal(q)
  if (n !== null) return { _tag: "Decimal", value: n }
  if (HEX64.test(q)) return { _tag: "Hex", value: q.toLowerCase().replace(/^0x/, "") }
  return serviceFailure("ExplorerBadRequest", "q must be a height or session id (decimal) or a block digest, transaction id or public key (64 hex)")
}

const accountRoute = Effect.gen(function* () {
  const p = yield* HttpRouter.params
  const qs = yield* searchParams
  const pk = hexParam("pubkey", p["pubkey"])
  const before = cursorParam(qs.get("before"))
  const limit = limitParam(qs.get("limit"), ACCOUNT_PAGE_DEFAULT, ACCOUNT_PAGE_MAX)
  if (isApiFailure(pk)) return errorResponse(pk)
  if (isApiFailure(before)) return errorResponse(before)
  if (isApiFailure(limit)) return errorResponse(limit)
  return yield* serve(`account:${pk}:before=${before === null ? "" : `${before.height}.${before.position}`}:limit=${limit}`, (s) =>
    Effect.map(s.account(pk, before, limit), (a) => (a === null ? notFound("AccountNotFound", `no indexed transaction names ${pk}`) : answer(a, false)))
  )
})

export const explorerRouter = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/explorer/status",
    Effect.gen(function* () {
      const store = yield* Effect.serviceOption(ExplorerStore)
      if (Option.isNone(store)) return fail("ExplorerUnavailable", "this indexer keeps no explorer")
      const indexer = yield* Effect.serviceOption(ExplorerIndexer)
      const chain = yield* Effect.serviceOption(DevChain)
      const through = yield* Effect.either(store.value.indexedThrough)
      const stats = Option.isSome(indexer) ? yield* indexer.value.stats : null
      const body = {
        backend: store.value.backend,
        schema: store.value.schema,
        indexed_through: through._tag === "Right" ? through.right.toString() : null,
        chain_height: Option.isSome(chain) ? chain.value.head().height.toString() : null,
        indexer:
          stats === null
            ? null
            : { ...stats, indexed_height: stats.indexed_height.toString() },
        cache: Option.match(yield* Effect.serviceOption(ExplorerCache), { onNone: () => null, onSome: (c) => ({ prefix: c.prefix, ttl_s: c.ttl_s, ...c.stats() }) })
      }
      return HttpServerResponse.text(JSON.stringify(body), { status: 200, contentType: "application/json", headers: { "cache-control": "no-store" } })
    })
  ),
  HttpRouter.get(
    "/explorer/blocks",
    Effect.gen(function* () {
      const qs = yield* searchParams
      const before = u64Query("before", qs.get("before"))
      const limit = limitParam(qs.get("limit"), BLOCKS_PAGE_DEFAULT, BLOCKS_PAGE_MAX)
      if (isApiFailure(before)) return errorResponse(before)
      if (isApiFailure(limit)) return errorResponse(limit)
      return yield* serve(`blocks:before=${before ?? ""}:limit=${limit}`, (s) => Effect.map(s.blocks(before, limit), (page) => answer(page, false)))
    })
  ),
  HttpRouter.get(
    "/explorer/blocks/:id",
    Effect.gen(function* () {
      const raw = (yield* HttpRouter.params)["id"] ?? ""
      const height = parseU64Decimal(raw)
      const digest = HEX64.test(raw) ? raw.toLowerCase().replace(/^0x/, "") : null
      if (height === null && digest === null) return fail("ExplorerBadRequest", "a block is named by its height (decimal) or its digest (64 hex)")
      return yield* serve(`block:${height ?? digest}`, (s) =>
        Effect.map(s.block(height !== null ? { height } : { digest: digest ?? "" }), (b) => (b === null ? notFound("BlockNotFound", `no indexed block ${raw.slice(0, 80)}`) : answer(b, true)))
      )
    })
  ),
  HttpRouter.get(
    "/explorer/tx/:hash",
    Effect.gen(function* () {
      const hash = hexParam("hash", (yield* HttpRouter.params)["hash"])
      if (isApiFailure(hash)) return errorResponse(hash)
      return yield* serve(`tx:${hash}`, (s) => Effect.map(s.transaction(hash), (t) => (t === null ? notFound("TransactionNotFound", `no indexed transaction ${hash}`) : answer(t, true))))
    })
  ),
  HttpRouter.get("/explorer/account/:pubkey", accountRoute),
  HttpRouter.get("/explorer/accounts/:pubkey", accountRoute),
  HttpRouter.get(
    "/explorer/games/:pubkey",
    Effect.gen(function* () {
      const pk = hexParam("pubkey", (yield* HttpRouter.params)["pubkey"])
      const qs = yield* searchParams
      const before = u64Query("before", qs.get("before"))
      const limit = limitParam(qs.get("limit"), GAMES_PAGE_DEFAULT, GAMES_PAGE_MAX)
      if (isApiFailure(pk)) return errorResponse(pk)
      if (isApiFailure(before)) return errorResponse(before)
      if (isApiFailure(limit)) return errorResponse(limit)
      return yield* serve(`games:${pk}:before=${before ?? ""}:limit=${limit}`, (s) => Effect.map(s.games(pk, before, limit), (g) => answer(g, false)))
    })
  ),
  HttpRouter.get(
    "/explorer/sessions/:id",
    Effect.gen(function* () {
      const id = parseU64Decimal((yield* HttpRouter.params)["id"] ?? "")
      if (id === null) return fail("ExplorerBadRequest", "a session id is a decimal u64")
      return yield* serve(`session:${id}`, (s) =>
        Effect.map(s.session(id), (g) => (g === null ? notFound("IndexedSessionNotFound", `no indexed game session ${id}`) : answer(g, g.completed)))
      )
    })
  ),
  HttpRouter.get(
    "/explorer/search",
    Effect.gen(function* () {
      const q = parseSearch((yield* searchParams).get("q"))
      if (isApiFailure(q)) return errorResponse(q)
      const text = q._tag === "Decimal" ? q.value.toString() : q.value
      return yield* serve(`search:${text}`, (s) => Effect.map(s.search(q), (r) => (r === null ? notFound("SearchNotFound", `nothing indexed matches ${text}`) : answer(r, false))))
    })
  )
)

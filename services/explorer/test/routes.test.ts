/**
 * The explorer on a running indexer: a real dev chain fills it through the ExplorerIndexer, the
 * routes answer with cache headers, ETags and 304s, typed 400/404s, search, the typed client; a
 * restart replays the blocks the explorer missed from blocks.log; Postgres with the Redis
 * response cache (miss, then hit, nothing cached for not-found); no explorer → 503.
 */
import { Context, Effect, Layer, Schema } from "effect"
import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { DevServer, DevServerConfig } from "../../server.ts"
import { get, removeTempDirs, startTestServer, tempDir, waitUntil } from "../../test/helpers.ts"
import { NullspaceClient } from "../../verify/client.ts"
import { ExplorerCache, ExplorerRedisCacheLive } from "../cache.ts"
import { CACHE_IMMUTABLE, CACHE_SHORT } from "../http.ts"
import { defaultExplorerSettings, explorerSettingsFrom } from "../settings.ts"
import { dropSchema, POSTGRES_URL, produceTraffic, REDIS_URL, uniqueName, type Traffic } from "./fixtures.ts"

afterAll(removeTempDirs)

const METRICS_TOKEN = "explorer-metrics-test-token"
const ExplorerStatusCounters = Schema.Struct({ hits: Schema.Number, misses: Schema.Number, writes: Schema.Number })
const IndexerCounters = Schema.Struct({ ingest_batches: Schema.Number })

/** `name{labels} value` lines of a Prometheus text exposition, by series (comments skipped) */
const parseExposition = (text: string): Map<string, number> => {
  const out = new Map<string, number>()
  for (const line of text.split("\n").slice(0, 10_000)) {
    if (line === "" || line.startsWith("#")) continue
    const at = line.lastIndexOf(" ")
    out.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return out
}

const status = async (server: DevServer) => (await get(server, "/explorer/status")).body
const indexedThrough = async (server: DevServer, height: number) =>
  waitUntil(`the explorer to index height ${height}`, async () => (await status(server))["indexed_through"] === String(height), 30_000)

const raw = (server: DevServer, p: string, headers: Record<string, string> = {}) => fetch(`${server.url}${p}`, { headers })

describe("the explorer on an embedded indexer", () => {
  let server: DevServer
  let traffic: Traffic
  const dir = tempDir("explorer-routes")

  beforeAll(async () => {
    server = await startTestServer({ dataDir: dir, config: { explorer: defaultExplorerSettings } })
    traffic = await produceTraffic(server, "routes")
    await indexedThrough(server, 5)
  }, 120_000)

  afterAll(async () => {
    await server.close()
  })

  it("serves finalized blocks as immutable with an ETag and answers 304 to it", async () => {
    const r = await raw(server, "/explorer/blocks/1")
    expect(r.status).toBe(200)
    expect(r.headers.get("cache-control")).toBe(CACHE_IMMUTABLE)
    const etag = r.headers.get("etag") ?? ""
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
    const body: unknown = await r.json()
    expect(body).toMatchObject({ height: "1", block_digest: traffic.blocks[0]?.result.digest })
    const again = await raw(server, "/explorer/blocks/1", { "if-none-match": etag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe("")
    expect(again.headers.get("etag")).toBe(etag)
    // by digest: the same block, the same ETag
    const byDigest = await raw(server, `/explorer/blocks/${traffic.blocks[0]?.result.digest ?? ""}`)
    expect(byDigest.headers.get("etag")).toBe(etag)
    // a stale ETag gets the body
    expect((await raw(server, "/explorer/blocks/1", { "if-none-match": '"0"' })).status).toBe(200)
  })

  it("lists blocks newest first with a short cache, paged by before", async () => {
    const r = await raw(server, "/explorer/blocks?limit=2")
    expect(r.headers.get("cache-control")).toBe(CACHE_SHORT)
    const page = (await get(server, "/explorer/blocks?limit=2")).body
    const blocks = Array.isArray(page["blocks"]) ? page["blocks"] : []
    expect(blocks.map((b: { height?: string }) => b.height)).toEqual(["5", "4"])
    expect(page["next_before"]).toBe("4")
    expect((await raw(server, "/explorer/blocks?limit=2", { "if-none-match": r.headers.get("etag") ?? "" })).status).toBe(304)
  })

  it("serves transactions, accounts, sessions, games and search", async () => {
    const out = traffic.blocks[1]?.result.outputs[0]
    const p0 = traffic.players[0]
    if (out === undefined || p0 === undefined) throw new Error("fixture")
    const t = await raw(server, `/explorer/tx/${out.tx_id}`)
    expect(t.status).toBe(200)
    expect(t.headers.get("cache-control")).toBe(CACHE_IMMUTABLE)
    expect(await t.json()).toMatchObject({ hash: out.tx_id, block_height: "2", instruction_tag: "StartGame", status: "applied" })
    const a = await raw(server, `/explorer/account/${p0.public_key}`)
    expect(a.headers.get("cache-control")).toBe(CACHE_SHORT)
    expect(await a.json()).toMatchObject({ public_key: p0.public_key, tx_count: 4 })
    expect((await get(server, `/explorer/accounts/${p0.public_key.toUpperCase()}`)).body["tx_count"]).toBe(4)
    const s = await raw(server, `/explorer/sessions/${traffic.sessions[0] ?? 0n}`)
    expect(s.headers.get("cache-control")).toBe(CACHE_IMMUTABLE)
    expect(await s.json()).toMatchObject({ completed: true, game_type: "roulette", player: p0.public_key })
    const g = (await get(server, `/explorer/games/${p0.public_key}`)).body
    expect(Array.isArray(g["games"]) ? g["games"].length : 0).toBe(1)
    expect((await get(server, "/explorer/search?q=3")).body).toEqual({ query: "3", type: "block", results: [{ type: "block", id: "3" }, { type: "session", id: "3" }] })
    expect((await get(server, `/explorer/search?q=${out.tx_id}`)).body["type"]).toBe("transaction")
    expect((await get(server, `/explorer/search?q=${p0.public_key}`)).body["type"]).toBe("account")
  })

  it("refuses bad parameters with 400 and absent things with 404, each with its code", async () => {
    const cases: ReadonlyArray<readonly [string, number, number]> = [
      ["/explorer/blocks/xyz", 400, 226],
      ["/explorer/blocks?limit=0", 400, 226],
      ["/explorer/blocks?limit=201", 400, 226],
      ["/explorer/blocks?before=-1", 400, 226],
      ["/explorer/blocks/999", 404, 221],
      ["/explorer/tx/abc", 400, 226],
      [`/explorer/tx/${"00".repeat(32)}`, 404, 222],
      [`/explorer/account/${"11".repeat(32)}`, 404, 223],
      [`/explorer/account/${"11".repeat(32)}?before=x`, 400, 226],
      ["/explorer/sessions/999", 404, 224],
      ["/explorer/sessions/nope", 400, 226],
      ["/explorer/search?q=", 400, 226],
      ["/explorer/search?q=zz", 400, 226],
      [`/explorer/search?q=${"ab".repeat(32)}`, 404, 225],
      [`/explorer/search?q=${"1".repeat(201)}`, 400, 226]
    ]
    for (const [p, code_status, code] of cases) {
      const r = await get(server, p)
      expect([p, r.status, r.body["code"]]).toEqual([p, code_status, code])
      expect(r.headers.get("cache-control")).toBe("no-store")
    }
    const post = await fetch(`${server.url}/explorer/blocks`, { method: "POST" })
    expect(post.status).toBe(405)
  })

  it("the typed client reads and schema-checks the explorer", async () => {
    const client = new NullspaceClient(server.url)
    const page = await Effect.runPromise(client.explorerBlocks({ limit: 3 }))
    expect(page.blocks.map((b) => b.height)).toEqual(["5", "4", "3"])
    const b = await Effect.runPromise(client.explorerBlock(2n))
    expect(b.block_digest).toBe(traffic.blocks[1]?.result.digest)
    const hit = await Effect.runPromise(client.explorerSearch(b.block_digest))
    expect(hit.results).toEqual([{ type: "block", id: "2" }])
    const session = await Effect.runPromise(client.explorerSession(traffic.sessions[1] ?? 0n))
    expect(session.steps).toHaveLength(2)
    const missing = await Effect.runPromise(Effect.either(client.explorerTransaction("00".repeat(32))))
    expect(missing._tag === "Left" ? missing.left.status : null).toBe(404)
  })

  it("after a restart, replays the blocks it missed from blocks.log and resumes", async () => {
    await server.close()
    // the chain goes on without an explorer (as if the indexer had crashed before indexing them)
    const bare = await startTestServer({ dataDir: dir })
    await bare.produceNow()
    await bare.produceNow()
    expect(bare.devChain.head().height).toBe(7n)
    await bare.close()
    server = await startTestServer({ dataDir: dir, config: { explorer: defaultExplorerSettings } })
    await indexedThrough(server, 7)
    const st = await status(server)
    expect(st["indexer"]).toMatchObject({ blocks_replayed: 2 })
    await server.produceNow()
    await indexedThrough(server, 8)
  }, 120_000)

  it("a fresh chain (--fresh) starts a fresh embedded explorer, not a conflicting one", async () => {
    await server.close()
    server = await startTestServer({ dataDir: dir, fresh: true, config: { explorer: defaultExplorerSettings } })
    expect((await status(server))["indexed_through"]).toBe("0")
    await server.produceNow()
    await indexedThrough(server, 1)
    expect((await status(server))["indexer"]).toMatchObject({ ingest_errors: 0 })
    expect((await get(server, "/explorer/blocks/1")).body["block_digest"]).toBe(server.devChain.head().last_digest)
  }, 120_000)
})

describe("the explorer on Postgres with the Redis response cache", () => {
  const schema = uniqueName("explorer_routes")
  const prefix = `${uniqueName("nullspace_test")}:explorer:`
  const redis = new Redis(REDIS_URL, { lazyConnect: true })
  const dir = tempDir("explorer-pg")
  let server: DevServer
  let config: Partial<DevServerConfig>
  let traffic: Traffic

  beforeAll(async () => {
    await redis.connect()
    // trust auth ignores the password: it is here to be redacted from /config
    const settings = explorerSettingsFrom({ postgres: POSTGRES_URL.replace("postgres@", "postgres:s3cret-pw@"), redis: REDIS_URL, schema }, {})
    config = { explorer: { ...settings, cache_prefix: prefix }, metrics_token: METRICS_TOKEN }
    server = await startTestServer({ dataDir: dir, config })
    traffic = await produceTraffic(server, "pg-routes")
    await indexedThrough(server, 5)
  }, 120_000)

  afterAll(async () => {
    await server.close()
    await dropSchema(schema)
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    await redis.quit()
  })

  it("misses, then hits; the cached bytes are the answer; not-found is not cached", async () => {
    expect((await status(server))["backend"]).toBe("postgres")
    const first = await raw(server, "/explorer/blocks/2")
    expect(first.headers.get("x-explorer-cache")).toBe("miss")
    const body = await first.text()
    const second = await raw(server, "/explorer/blocks/2")
    expect(second.headers.get("x-explorer-cache")).toBe("hit")
    expect(await second.text()).toBe(body)
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"))
    expect(second.headers.get("cache-control")).toBe(CACHE_IMMUTABLE)
    const ttl = await redis.ttl(`${prefix}block:2`)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(defaultExplorerSettings.cache_ttl_s)
    expect((await raw(server, "/explorer/blocks/999")).status).toBe(404)
    expect(await redis.exists(`${prefix}block:999`)).toBe(0)
    const cache = (await status(server))["cache"]
    expect(cache).toMatchObject({ hits: 1, writes: 1 })
  })

  it("/metrics/prometheus (with the token) has the explorer's series with the indexer's and the cache's numbers", async () => {
    const before = await status(server)
    const cacheBefore = Schema.decodeUnknownSync(ExplorerStatusCounters)(before["cache"])
    expect((await raw(server, "/explorer/blocks/3")).headers.get("x-explorer-cache")).toBe("miss")
    expect((await raw(server, "/explorer/blocks/3")).headers.get("x-explorer-cache")).toBe("hit")
    expect((await raw(server, "/metrics/prometheus")).status).toBe(401)
    const r = await raw(server, "/metrics/prometheus", { authorization: `Bearer ${METRICS_TOKEN}` })
    expect(r.status).toBe(200)
    const series = parseExposition(await r.text())
    const indexer = Schema.decodeUnknownSync(IndexerCounters)((await status(server))["indexer"])
    const transactions = traffic.blocks.reduce((n, fb) => n + fb.result.outputs.length, 0)
    expect(transactions).toBe(10)
    expect(indexer.ingest_batches).toBeGreaterThanOrEqual(1)
    expect({
      height: series.get("nullspace_explorer_indexed_height"),
      blocks: series.get("nullspace_explorer_blocks_ingested_total"),
      transactions: series.get("nullspace_explorer_transactions_ingested_total"),
      batches: series.get("nullspace_explorer_ingest_batches_total"),
      latency_count: series.get("nullspace_explorer_ingest_latency_ms_count"),
      latency_inf: series.get('nullspace_explorer_ingest_latency_ms_bucket{le="+Inf"}'),
      errors: series.get("nullspace_explorer_ingest_errors_total"),
      conflicts: series.get("nullspace_explorer_ingest_conflicts_total"),
      missed: series.get("nullspace_explorer_blocks_missed_total"),
      hits: series.get("nullspace_explorer_cache_hits_total"),
      misses: series.get("nullspace_explorer_cache_misses_total"),
      writes: series.get("nullspace_explorer_cache_writes_total"),
      cache_errors: series.get("nullspace_explorer_cache_errors_total")
    }).toEqual({
      height: 5,
      blocks: 5,
      transactions,
      batches: indexer.ingest_batches,
      latency_count: indexer.ingest_batches,
      latency_inf: indexer.ingest_batches,
      errors: 0,
      conflicts: 0,
      missed: 0,
      hits: cacheBefore.hits + 1,
      misses: cacheBefore.misses + 1,
      writes: cacheBefore.writes + 1,
      cache_errors: 0
    })
    expect(series.get("nullspace_explorer_ingest_latency_ms_sum")).toBeGreaterThan(0)
    // the API's own series are still there, in the same registry
    expect(series.get("nullspace_simulator_chain_height")).toBe(5)
  })

  it("resumes into Postgres after a restart, replaying what it missed", async () => {
    await server.close()
    const bare = await startTestServer({ dataDir: dir })
    await bare.produceNow()
    await bare.produceNow()
    await bare.close()
    server = await startTestServer({ dataDir: dir, config })
    await indexedThrough(server, 7)
    expect((await status(server))["indexer"]).toMatchObject({ blocks_replayed: 2, ingest_errors: 0 })
  }, 60_000)

  it("/config shows no database password", async () => {
    const cfg = (await get(server, "/config")).body
    expect(JSON.stringify(cfg["explorer"])).toContain(schema)
    expect(JSON.stringify(cfg)).not.toContain("s3cret-pw")
  })
})

describe("the Redis cache when Redis is away", () => {
  it("degrades to misses and counts the errors, never failing a request", async () => {
    const out = await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(Layer.build(ExplorerRedisCacheLive({ url: "redis://127.0.0.1:31001", prefix: "x:", ttl_s: 2, value_bytes_max: 16 })), (ctx) => {
          const cache = Context.get(ctx, ExplorerCache)
          return Effect.gen(function* () {
            yield* cache.set("k", "short")
            yield* cache.set("big", "x".repeat(17))
            const got = yield* cache.get("k")
            return { got, stats: cache.stats() }
          })
        })
      )
    )
    expect(out.got).toBeNull()
    expect(out.stats).toMatchObject({ hits: 0, writes: 0, too_large: 1 })
    expect(out.stats.errors).toBeGreaterThanOrEqual(2)
  })
})

describe("explorer settings", () => {
  it("embedded by default; flags win over the environment; overrides from the environment", () => {
    expect(explorerSettingsFrom({}, {})).toMatchObject({ backend: "embedded", postgres_url: null, redis_url: null })
    const env = { EXPLORER_DATABASE_URL: "postgres://10.0.0.2/x", REDIS_URL: "redis://10.0.0.3", EXPLORER_PERSISTENCE_ALLOW_HOSTNAME: "1" }
    expect(explorerSettingsFrom({}, env)).toMatchObject({ backend: "postgres", postgres_url: "postgres://10.0.0.2/x", redis_url: "redis://10.0.0.3", allow_hostname: true, allow_public_host: false })
    expect(explorerSettingsFrom({ postgres: "postgres://127.0.0.1/y" }, env).postgres_url).toBe("postgres://127.0.0.1/y")
  })
})

describe("an indexer without an explorer", () => {
  it("answers 503 ExplorerUnavailable", async () => {
    const server = await startTestServer()
    try {
      const r = await get(server, "/explorer/blocks")
      expect([r.status, r.body["code"]]).toEqual([503, 220])
    } finally {
      await server.close()
    }
  })
})

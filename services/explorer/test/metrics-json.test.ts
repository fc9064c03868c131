/**
 * `/metrics/explorer`: the explorer's JSON snapshot behind the metrics token, decoded with its
 * schema; its heights, lag and totals move when the real dev chain finalizes a block and the
 * indexer writes it; the Redis cache counters move on a miss and a hit; no explorer → 503.
 */
import { randomBytes } from "node:crypto"
import { Schema } from "effect"
import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { DevServer } from "../../server.ts"
import { register, removeTempDirs, signer, startTestServer, submit, tempDir, waitUntil } from "../../test/helpers.ts"
import { ExplorerMetricsJson } from "../metrics-json.ts"
import { explorerSettingsFrom } from "../settings.ts"
import { REDIS_URL, uniqueName } from "./fixtures.ts"

afterAll(removeTempDirs)

const TOKEN = `explorer-json-${randomBytes(6).toString("hex")}`
const Coded = Schema.Struct({ code: Schema.Number })
const decode = Schema.decodeUnknownSync(ExplorerMetricsJson)

const metrics = async (server: DevServer, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => {
  const r = await fetch(`${server.url}/metrics/explorer`, { headers })
  const body: unknown = await r.json()
  return { status: r.status, body, code: Schema.is(Coded)(body) ? body.code : null }
}
const snapshot = async (server: DevServer): Promise<ExplorerMetricsJson> => {
  const r = await metrics(server)
  expect(r.status).toBe(200)
  return decode(r.body)
}
const produceRegistration = async (server: DevServer, name: string): Promise<void> => {
  const r = await submit(server, [register(signer(`explorer-json/${name}`), 0n, name)])
  expect(r.status).toBe(200)
  await server.produceNow()
}
const indexed = (server: DevServer, height: number) =>
  waitUntil(`the explorer to index height ${height}`, async () => (await snapshot(server)).indexed_through === String(height), 30_000)

describe("/metrics/explorer", () => {
  const prefix = `${uniqueName("nullspace_test")}:explorer:`
  const redis = new Redis(REDIS_URL, { lazyConnect: true })
  let server: DevServer

  beforeAll(async () => {
    await redis.connect()
    const settings = explorerSettingsFrom({ redis: REDIS_URL }, {})
    server = await startTestServer({ dataDir: tempDir("explorer-json"), config: { explorer: { ...settings, cache_prefix: prefix }, metrics_token: TOKEN } })
    await produceRegistration(server, "a")
    await indexed(server, 1)
  }, 120_000)

  afterAll(async () => {
    await server.close()
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    await redis.quit()
  })

  it("refuses a request without the token or with another one (401, code 211)", async () => {
    const none = await metrics(server, {})
    const wrong = await metrics(server, { authorization: "Bearer not-the-token" })
    expect([none.status, none.code, wrong.status, wrong.code]).toEqual([401, 211, 401, 211])
    expect((await metrics(server, { "x-metrics-token": TOKEN })).status).toBe(200)
  })

  it("is the schema's document: heights as decimal strings, lag, totals and cache counters", async () => {
    const s = await snapshot(server)
    expect(s).toMatchObject({ backend: "pglite", indexed_through: "1", indexed_height: "1", chain_height: "1", lag_blocks: 0 })
    expect(s.totals).toMatchObject({ blocks_ingested: 1, transactions_ingested: 1, ingest_errors: 0, ingest_conflicts: 0, blocks_missed: 0, last_error: null })
    expect(s.cache).toMatchObject({ prefix, hits: 0, errors: 0 })
    // a number where a height string belongs is not the document
    expect(() => decode({ ...s, indexed_through: 1 })).toThrow()
  })

  it("moves when a block is indexed and when the cache misses then hits", async () => {
    const before = await snapshot(server)
    await produceRegistration(server, "b")
    await indexed(server, 2)
    const cacheGet = () => fetch(`${server.url}/explorer/blocks/2`).then((r) => r.headers.get("x-explorer-cache"))
    expect([await cacheGet(), await cacheGet()]).toEqual(["miss", "hit"])
    const after = await snapshot(server)
    expect({
      through: after.indexed_through,
      height: after.indexed_height,
      chain: after.chain_height,
      lag: after.lag_blocks,
      blocks: (after.totals?.blocks_ingested ?? 0) - (before.totals?.blocks_ingested ?? 0),
      transactions: (after.totals?.transactions_ingested ?? 0) - (before.totals?.transactions_ingested ?? 0),
      hits: (after.cache?.hits ?? 0) - (before.cache?.hits ?? 0),
      misses: (after.cache?.misses ?? 0) - (before.cache?.misses ?? 0),
      writes: (after.cache?.writes ?? 0) - (before.cache?.writes ?? 0)
    }).toEqual({ through: "2", height: "2", chain: "2", lag: 0, blocks: 1, transactions: 1, hits: 1, misses: 1, writes: 1 })
  })
})

describe("/metrics/explorer on an indexer without an explorer", () => {
  it("answers 503 ExplorerUnavailable (220)", async () => {
    const server = await startTestServer()
    try {
      const r = await metrics(server, {})
      expect([r.status, r.code]).toEqual([503, 220])
    } finally {
      await server.close()
    }
  })
})

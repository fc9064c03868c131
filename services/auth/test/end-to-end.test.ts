/**
 * End to end through the real services: a dev chain + indexer API (services/test/helpers.ts,
 * the validators' admin list naming the auth service's admin key), the auth service on the real
 * Postgres, the Stripe stub behind the official SDK. Register a key on chain → log in → checkout →
 * signed webhook → entitlement → daily freeroll limit 10 read back through the API → cancel →
 * back to 1. Also: two auth instances allocating admin nonces concurrently against that chain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { actorSigner } from "../../../engine/tx/sign.ts"
import { memoryLogSink } from "../../log.ts"
import type { DevServer } from "../../server.ts"
import { get, register, startTestServer, submit, waitUntil } from "../../test/helpers.ts"
import { adminSignerFromHex } from "../admin-key.ts"
import { withAdminNonce } from "../admin-nonce.ts"
import { makeChainClient } from "../chain-client.ts"
import { migrate } from "../migrations.ts"
import { openPostgres } from "../sql.ts"
import { startAuthServer, type AuthServer } from "../start.ts"
import { signTransaction } from "../../../engine/tx/sign.ts"
import { PublicKey } from "../../../engine/schema/primitives.ts"
import { signedDelivery, StripeStub } from "./stripe-stub.ts"
import { Browser, dropSchema, ORIGIN, pgStorage, PG_URL, STRIPE_KEY, testConfig, uniqueSchema, WEBHOOK_SECRET } from "./helpers.ts"

const admin = adminSignerFromHex("5a".repeat(32), "test")
const schema = uniqueSchema("e2e")
const stub = new StripeStub(STRIPE_KEY)
let chain: DevServer
let auth: AuthServer

beforeAll(async () => {
  chain = await startTestServer({ adminKeys: [admin.public_key], blockIntervalMs: 20 })
  await stub.start()
  auth = await startAuthServer(testConfig({ storage: pgStorage(schema), stripe_port: stub.port, casino_api_url: chain.url }), admin, memoryLogSink())
})

afterAll(async () => {
  await auth?.close()
  await stub.close()
  await chain?.close()
  await dropSchema(schema)
})

const dailyLimit = async (pk: string): Promise<number | null> => {
  const r = await get(chain, `/player/${pk}`)
  return r.status === 200 && typeof r.body["daily_limit"] === "number" ? r.body["daily_limit"] : null
}

const deliver = async (event: unknown) => {
  const d = signedDelivery(event, WEBHOOK_SECRET)
  const res = await fetch(`${auth.url}/stripe/webhook`, { method: "POST", body: d.payload, headers: { "stripe-signature": d.header } })
  return res.json()
}

describe("end to end", () => {
  it("register → login → checkout → webhook → limit 10 on chain → cancel → limit 1", async () => {
    const t0 = performance.now()
    const player = actorSigner("auth-e2e-player")
    expect((await submit(chain, [register(player, 0n, "member-to-be")])).status).toBe(200)
    await waitUntil("the player is registered", async () => (await dailyLimit(player.public_key)) !== null, 30_000)
    expect(await dailyLimit(player.public_key)).toBe(1)

    const b = new Browser(auth.url)
    expect((await b.login(player)).status).toBe(200)
    const checkout = await b.call("POST", "/billing/checkout", { tier: "member", successUrl: `${ORIGIN}/welcome`, cancelUrl: `${ORIGIN}/pricing` })
    expect(checkout.status).toBe(200)
    const session = [...stub.sessions.values()].at(-1)
    if (session === undefined) throw new Error("the stub saw no checkout")
    const sub = stub.completeCheckout(session.id)
    expect(await deliver(stub.event("customer.subscription.created", sub))).toMatchObject({ outcome: "applied" })
    await waitUntil("the limit is 10 on chain", async () => (await dailyLimit(player.public_key)) === 10, 30_000)
    const t_member = performance.now() - t0
    expect((await b.call("GET", "/profile")).body["entitlements"]).toMatchObject([{ tier: "member", status: "active" }])

    stub.now_s += 60
    expect(await deliver(stub.event("customer.subscription.deleted", stub.setStatus(sub.id, "canceled")))).toMatchObject({ outcome: "applied" })
    await waitUntil("the limit is back to 1", async () => (await dailyLimit(player.public_key)) === 1, 30_000)
    // the explicit sync now finds nothing to do
    expect((await b.call("POST", "/profile/sync-freeroll", {})).body).toMatchObject({ ok: true, status: "already_set", limit: 1 })
    const submitted = await auth.service.sql.query(`SELECT details FROM audit_events WHERE action = 'tournament_limit.submitted' ORDER BY id`)
    expect(submitted.length).toBe(2)
    expect(await auth.service.metrics.value("freeroll.sync.success")).toBeGreaterThanOrEqual(2)
    const total = performance.now() - t0
    console.log(`auth e2e: member limit on chain after ${t_member.toFixed(0)} ms, full round trip ${total.toFixed(0)} ms`)
  })

  it("an entitlement change made while the chain is unreachable is kept and synced by the scheduled resync after a restart", async () => {
    const player = actorSigner("auth-e2e-offline")
    expect((await submit(chain, [register(player, 0n, "offline")])).status).toBe(200)
    await waitUntil("registered", async () => (await dailyLimit(player.public_key)) !== null, 30_000)
    const s2 = uniqueSchema("e2e_restart")
    const offline = await startAuthServer(
      testConfig({ storage: pgStorage(s2), stripe_port: stub.port, casino_api_url: "http://127.0.0.1:9", freeroll_retry_max: 1 }),
      admin,
      memoryLogSink()
    )
    try {
      const b = new Browser(offline.url)
      await b.login(player)
      await b.call("POST", "/billing/checkout", { tier: "member", successUrl: `${ORIGIN}/w`, cancelUrl: `${ORIGIN}/p` })
      const session = [...stub.sessions.values()].at(-1)
      if (session === undefined) throw new Error("no checkout")
      const sub = stub.completeCheckout(session.id)
      const d = signedDelivery(stub.event("customer.subscription.created", sub), WEBHOOK_SECRET)
      expect((await fetch(`${offline.url}/stripe/webhook`, { method: "POST", body: d.payload, headers: { "stripe-signature": d.header } })).status).toBe(200)
      await offline.service.idle()
      expect(await offline.service.sql.query(`SELECT desired_limit, synced_limit FROM freeroll_limits WHERE public_key = $1`, [player.public_key])).toEqual([{ desired_limit: 10, synced_limit: null }])
    } finally {
      await offline.close()
    }
    expect(await dailyLimit(player.public_key)).toBe(1)
    const online = await startAuthServer(testConfig({ storage: pgStorage(s2), stripe_port: stub.port, casino_api_url: chain.url }), admin, memoryLogSink())
    try {
      await online.service.retention(Date.now())
      await waitUntil("the pending limit reached the chain", async () => (await dailyLimit(player.public_key)) === 10, 30_000)
    } finally {
      await online.close()
      await dropSchema(s2)
    }
  })

  it("two auth services on one Postgres sync members concurrently: every limit lands, admin nonces consecutive and unique", async () => {
    const second = await startAuthServer(testConfig({ storage: pgStorage(schema), stripe_port: stub.port, casino_api_url: chain.url }), admin, memoryLogSink())
    try {
      const players = Array.from({ length: 6 }, (_, i) => actorSigner(`auth-two-instances-${i}`))
      expect((await submit(chain, players.map((p) => register(p, 0n, "two")))).status).toBe(200)
      await waitUntil("registered", async () => (await dailyLimit(players[5]?.public_key ?? "")) !== null, 30_000)
      const before = await auth.service.sql.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'tournament_limit.submitted'`)
      const events = await Promise.all(
        players.map(async (p, i) => {
          const instance = i % 2 === 0 ? auth : second
          const b = new Browser(instance.url)
          await b.login(p)
          const r = await b.call("POST", "/billing/checkout", { tier: "member", successUrl: `${ORIGIN}/w`, cancelUrl: `${ORIGIN}/p` })
          const id = String(r.body["url"]).split("/").at(-1) ?? ""
          return { instance, event: stub.event("customer.subscription.created", stub.completeCheckout(id)) }
        })
      )
      // all deliveries at once, each to the instance that did not sell it
      await Promise.all(
        events.map(async ({ instance, event }) => {
          const d = signedDelivery(event, WEBHOOK_SECRET)
          const to = instance === auth ? second : auth
          expect((await fetch(`${to.url}/stripe/webhook`, { method: "POST", body: d.payload, headers: { "stripe-signature": d.header } })).status).toBe(200)
        })
      )
      await Promise.all([auth.service.idle(), second.service.idle()])
      await waitUntil("every member limit on chain", async () => (await Promise.all(players.map((p) => dailyLimit(p.public_key)))).every((l) => l === 10), 30_000)
      const rows = await auth.service.sql.query(`SELECT details->>'nonce' AS nonce FROM audit_events WHERE action = 'tournament_limit.submitted' ORDER BY id OFFSET $1`, [before[0]?.["n"] ?? 0])
      const nonces = rows.map((r) => BigInt(String(r["nonce"]))).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
      expect(nonces.length).toBe(players.length)
      const first = nonces[0] ?? 0n
      expect(nonces).toEqual(nonces.map((_, i) => first + BigInt(i)))
    } finally {
      await second.close()
    }
  })

  it("two auth instances allocate admin nonces concurrently: every transaction admitted, none reused, no gap", async () => {
    const players = Array.from({ length: 6 }, (_, i) => actorSigner(`auth-nonce-player-${i}`))
    expect((await submit(chain, players.map((p) => register(p, 0n, "n")))).status).toBe(200)
    await waitUntil("players registered", async () => (await dailyLimit(players[5]?.public_key ?? "")) !== null, 30_000)
    const a = await openPostgres(PG_URL, schema, 4)
    const b = await openPostgres(PG_URL, schema, 4)
    try {
      await Promise.all([migrate(a), migrate(b)])
      const client = makeChainClient(chain.url)
      const start = await client.accountNonce(admin.public_key)
      const [row] = await a.query(`SELECT next_nonce FROM admin_nonces WHERE admin_public_key = $1`, [admin.public_key])
      // the stored nonce, raised to the chain's when another allocator (the restart test's schema) used the key
      const stored = row === undefined ? start : BigInt(String(row["next_nonce"]))
      const base = stored < start ? start : stored
      const PER_INSTANCE = 12
      const jobs = [a, b].flatMap((sql, inst) =>
        Array.from({ length: PER_INSTANCE }, (_, i) =>
          withAdminNonce(
            sql,
            admin.public_key,
            () => client.accountNonce(admin.public_key),
            async (nonce) => {
              const target = players[(inst * PER_INSTANCE + i) % players.length]
              if (target === undefined) throw new Error("no player")
              // every fifth reservation fails before it reaches the chain: its nonce must not be lost
              if (i % 5 === 4) throw new Error("transport failed")
              const tx = signTransaction(admin, nonce, { _tag: "CasinoSetTournamentLimit", player: PublicKey.make(target.public_key), daily_limit: 2 + (i % 5) })
              const r = await client.submit(tx)
              if (r.kind === "rejected") throw new Error(r.error)
              return r.kind === "accepted" ? { kind: "accepted", value: inst } : r
            }
          )
        )
      )
      const settled = await Promise.allSettled(jobs)
      const results = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []))
      const failed = settled.length - results.length
      expect(failed).toBe(2 * Math.floor(PER_INSTANCE / 5))
      const nonces = results.map((r) => r.nonce).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
      expect(nonces).toEqual(Array.from({ length: 2 * PER_INSTANCE - failed }, (_, i) => base + BigInt(i)))
      expect(new Set(results.map((r) => r.value))).toEqual(new Set([0, 1]))
      await waitUntil("all admin transactions executed", async () => (await client.accountNonce(admin.public_key)) === base + BigInt(2 * PER_INSTANCE - failed), 30_000)
    } finally {
      await a.close()
      await b.close()
    }
  })
})

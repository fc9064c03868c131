import { afterAll, beforeAll, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { memoryLogSink } from "../log.ts"
import type { DevServer } from "../server.ts"
import { CLOSE_MALFORMED_FILTER } from "../api/updates.ts"
import { get, register, waitFor, signer, startTestServer, submit, tx, UpdatesClient } from "./helpers.ts"

const alice = signer("updates/alice")
const bob = signer("updates/bob")

describe("a running dev chain (timer-driven blocks)", () => {
  let server: DevServer
  const log = memoryLogSink()
  beforeAll(async () => {
    server = await startTestServer({ blockIntervalMs: 20, logRequests: true, log })
  })
  afterAll(() => server.close())

  it("executes a valid submission within a few intervals and streams its events to that account only", async () => {
    const forAlice = await UpdatesClient.open(server, `?account=${alice.public_key}`)
    const forBob = await UpdatesClient.open(server, `?account=${bob.public_key.toUpperCase()}`)
    const everything = await UpdatesClient.open(server)

    const r1 = await submit(server, [register(alice, 0n, "alice")])
    expect(r1.status).toBe(200)
    await forAlice.until(() => forAlice.frames.length >= 1)
    const [f1] = forAlice.frames
    expect(f1?.events.map((e) => e._tag)).toEqual(["PlayerRegistered"])
    expect(f1?.events[0]?.player).toBe(alice.public_key)
    expect(f1?.transactions.map((t) => t.tx_id)).toEqual(r1.body["tx_ids"])

    expect((await submit(server, [register(bob, 0n, "bob")])).status).toBe(200)
    await forBob.until(() => forBob.frames.length >= 1)
    expect(forBob.frames[0]?.events.every((e) => e.player === bob.public_key)).toBe(true)

    expect((await submit(server, [tx(alice, 1n, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 77n })])).status).toBe(200)
    await forAlice.until(() => forAlice.frames.length >= 2)
    await everything.until(() => everything.frames.some((f) => f.events.some((e) => e._tag === "GameStarted")))

    // alice's stream saw exactly her two blocks; bob's block never reached her
    expect(forAlice.frames).toHaveLength(2)
    for (const f of forAlice.frames) {
      for (const e of f.events) expect(e.player).toBe(alice.public_key)
      for (const t of f.transactions) expect(t.signer).toBe(alice.public_key)
    }
    expect(forAlice.frames[1]?.events.map((e) => e._tag)).toContain("GameStarted")
    expect(forBob.frames).toHaveLength(1)
    // the unfiltered stream carries all three blocks, heights increasing
    const heights = everything.frames.map((f) => BigInt(f.height))
    expect(heights.length).toBeGreaterThanOrEqual(3)
    for (let i = 1; i < heights.length; i++) expect(heights[i]! > heights[i - 1]!).toBe(true)
    await Promise.all([forAlice.close(), forBob.close(), everything.close()])
  })

  it("serves the query endpoints", async () => {
    const unknown = signer("updates/nobody")
    expect((await get(server, `/account/${unknown.public_key}`)).body).toEqual({ public_key: unknown.public_key, nonce: "0" })
    expect((await get(server, `/account/${alice.public_key}`)).body["nonce"]).toBe("2")
    const player = await get(server, `/player/0x${alice.public_key.toUpperCase()}`)
    expect(player.status).toBe(200)
    expect(player.body["name"]).toBe("alice")
    expect(player.body["active_session"]).toBe("77")
    const missing = await get(server, `/player/${unknown.public_key}`)
    expect(missing.status).toBe(404)
    expect(missing.body["error"]).toBe("PlayerNotFound")
    const session = await get(server, "/session/77")
    expect(session.status).toBe(200)
    expect(session.body["player"]).toBe(alice.public_key)
    expect(session.body["game_type"]).toBe("roulette")
    expect((await get(server, "/session/78")).status).toBe(404)
    const house = await get(server, "/house")
    expect(house.status).toBe(200)
    expect(typeof house.body["chips_minted"]).toBe("string")
    const chain = await get(server, "/chain")
    const head = server.devChain.head()
    expect(chain.body).toMatchObject({ height: head.height.toString(), view: head.view.toString(), last_digest: head.last_digest, state_root: head.state_root })
    expect((await get(server, "/healthz")).body).toMatchObject({ ok: true, problems: [], halted: null, lag_blocks: 0 })
  })

  it("answers malformed parameters and unknown routes with typed 400/404", async () => {
    for (const p of ["/account/abc", "/player/zz", `/account/${"g".repeat(64)}`]) {
      const r = await get(server, p)
      expect(r.status).toBe(400)
      expect(r.body["error"]).toBe("InvalidParameter")
    }
    for (const p of ["/session/abc", "/session/-1", "/session/18446744073709551616"]) expect((await get(server, p)).status).toBe(400)
    const r = await get(server, "/nowhere")
    expect(r.status).toBe(404)
    expect(r.body["error"]).toBe("RouteNotFound")
  })

  it("echoes x-request-id and logs one structured line per request", async () => {
    const r = await get(server, "/healthz", { "x-request-id": "test-req-42" })
    expect(r.headers.get("x-request-id")).toBe("test-req-42")
    const fresh = await get(server, "/healthz")
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
    const line = log.records.find((l) => l.msg === "http.request" && l["request_id"] === "test-req-42")
    expect(line).toMatchObject({ method: "GET", path: "/healthz", status: 200 })
    expect(typeof line?.["elapsed_ms"]).toBe("number")
  })

  it("streams one game session's events and the transactions that emitted them with ?session=", async () => {
    const cat = signer("updates/cat")
    const dan = signer("updates/dan")
    const forSession = await UpdatesClient.open(server, "?session=91")
    expect((await submit(server, [register(cat, 0n, "cat"), register(dan, 0n, "dan")])).status).toBe(200)
    expect((await submit(server, [tx(cat, 1n, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 91n }), tx(dan, 1n, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 92n })])).status).toBe(200)
    await forSession.until(() => forSession.frames.length >= 1)
    await new Promise((r) => setTimeout(r, 200))
    expect(forSession.frames).toHaveLength(1)
    const [f] = forSession.frames
    expect(f?.events.length).toBeGreaterThan(0)
    for (const e of f?.events ?? []) expect(e.session_id).toBe("91")
    expect(f?.transactions.map((t) => t.signer)).toEqual([cat.public_key])
    await forSession.close()
    for (const bad of ["?session=abc", `?session=1&account=${cat.public_key}`]) {
      const c = await UpdatesClient.open(server, bad)
      await c.until(() => c.closed !== null)
      expect(c.closed?.code).toBe(CLOSE_MALFORMED_FILTER)
    }
  })

  it("closes a connection with a malformed account filter with a typed reason", async () => {
    const c = await UpdatesClient.open(server, "?account=nothex")
    await c.until(() => c.closed !== null)
    expect(c.closed?.code).toBe(CLOSE_MALFORMED_FILTER)
    expect(c.closed?.reason).toMatch(/^MalformedFilter/)
  })
})

describe("WebSocket connection cap", () => {
  it("refuses upgrades beyond ws_max_connections with 429 and frees the slot on close", async () => {
    const server = await startTestServer({ config: { ws_max_connections: 2 }, log: memoryLogSink() })
    try {
      const a = await UpdatesClient.open(server)
      const b = await UpdatesClient.open(server)
      const status = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(server.updatesUrl)
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0))
        ws.once("open", () => reject(new Error("a third connection was accepted")))
      })
      expect(status).toBe(429)
      expect(server.metrics.ws.connection_reject_global).toBe(1)
      await a.close()
      await waitFor(() => server.metrics.ws.connections === 1)
      const c = await UpdatesClient.open(server)
      await Promise.all([b.close(), c.close()])
    } finally {
      await server.close()
    }
  })
})

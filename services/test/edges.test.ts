/**
 * The API's edges fail closed (chain-and-services.md §6): browser origins only from the allowlist
 * (403 otherwise, on HTTP and on the WebSocket upgrade; CORS headers name the allowed origin, never
 * `*`); 405 with Allow for a known path and another method; 429 with Retry-After, preflights
 * counted; a per-transaction limit on submissions; connections capped per client address; a
 * request whose headers never finish is cut; and no start beyond loopback without an allowlist.
 */
import { spawn, type ChildProcess } from "node:child_process"
import * as net from "node:net"
import { afterAll, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { Effect } from "effect"
import { DEFAULT_MEMPOOL_LIMITS } from "../../engine/chain/mempool.ts"
import { verifyStateAnswer } from "../verify/state-answer.ts"
import { startDevServer, type DevServer } from "../server.ts"
import { get, register, signer, startTestServer, submit, waitUntil } from "./helpers.ts"

const SITE = "https://play.nullspace.test"
const servers: DevServer[] = []
const children: ChildProcess[] = []
afterAll(async () => {
  for (const s of servers) await s.close()
  for (const c of children) c.kill("SIGKILL")
})
const start = async (config: Parameters<typeof startTestServer>[0] = {}): Promise<DevServer> => {
  const s = await startTestServer({ ...config, config: { allowed_origins: [SITE], ...config.config } })
  servers.push(s)
  return s
}
const noStar = (h: Headers) => {
  h.forEach((v) => expect(v).not.toBe("*"))
}
const upgrade = (url: string, origin: string): Promise<number> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { origin } })
    ws.on("open", () => {
      ws.close()
      resolve(101)
    })
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0))
    ws.on("error", () => resolve(0))
  })

describe("API edges", () => {
  it("serves browser origins from the allowlist only, on HTTP and WebSocket", async () => {
    const s = await start()
    const plain = await get(s, "/chain")
    expect(plain.status).toBe(200)
    expect(plain.headers.get("access-control-allow-origin")).toBe(null)
    expect(plain.headers.get("vary")).toBe("Origin")
    const allowed = await get(s, "/chain", { origin: SITE })
    expect(allowed.status).toBe(200)
    expect(allowed.headers.get("access-control-allow-origin")).toBe(SITE)
    const evil = await get(s, "/chain", { origin: "https://evil.test" })
    expect(evil.status).toBe(403)
    expect(evil.body).toMatchObject({ error: "OriginNotAllowed", code: 209 })
    expect(evil.headers.get("access-control-allow-origin")).toBe(null)
    for (const r of [plain, allowed, evil]) noStar(r.headers)
    // a submission from a foreign page changes nothing
    const before = s.devChain.mempool.size
    const forged = await fetch(`${s.url}/submit`, { method: "POST", headers: { origin: "https://evil.test" }, body: new Uint8Array([1, 1]) })
    expect(forged.status).toBe(403)
    expect(s.devChain.mempool.size).toBe(before)
    const preflight = await fetch(`${s.url}/submit`, { method: "OPTIONS", headers: { origin: SITE } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe(SITE)
    expect((await fetch(`${s.url}/submit`, { method: "OPTIONS", headers: { origin: "https://evil.test" } })).status).toBe(403)

    expect(await upgrade(s.updatesUrl, "https://evil.test")).toBe(403)
    expect(await upgrade(s.updatesUrl, SITE)).toBe(101)
  })

  it("answers a known path with another method 405 and Allow, an unknown one 404", async () => {
    const s = await start()
    const wrong = await fetch(`${s.url}/chain`, { method: "POST", body: "x" })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get("allow")).toBe("GET")
    const getSubmit = await get(s, "/submit")
    expect(getSubmit.status).toBe(405)
    expect(getSubmit.headers.get("allow")).toBe("POST")
    expect(getSubmit.body).toMatchObject({ error: "MethodNotAllowed", code: 210 })
    expect((await get(s, "/session/12/verification")).status).toBe(501)
    expect((await fetch(`${s.url}/session/12/verification`, { method: "DELETE" })).status).toBe(405)
    expect((await get(s, "/no/such/route")).status).toBe(404)
    // a parameter beyond the router's limit is a 400, and no answer echoes more than 200 characters of the path
    const long = await fetch(`${s.url}/account/${"a".repeat(5_000)}`)
    expect(long.status).toBe(400)
    expect((await long.text()).length).toBeLessThan(600)
    expect((await fetch(`${s.url}/${"b".repeat(5_000)}`).then((r) => r.text())).length).toBeLessThan(600)
  })

  it("limits requests (preflights included) with Retry-After, and transactions per client", async () => {
    const s = await start({ config: { http_rate_limit_per_second: 1, http_rate_limit_burst: 2 } })
    expect((await fetch(`${s.url}/chain`, { method: "OPTIONS" })).status).toBe(204)
    expect((await get(s, "/chain")).status).toBe(200)
    const limited = await get(s, "/chain")
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("1")

    const t = await start({ config: { submit_tx_rate_limit_per_minute: 1, submit_tx_rate_limit_burst: 3 } })
    const four = Array.from({ length: 4 }, (_, i) => register(signer(`edges/tx/${i}`)))
    const refused = await submit(t, four)
    expect(refused.status).toBe(429)
    expect(String(refused.body["message"])).toContain("4 in this submission")
    expect(t.devChain.mempool.size).toBe(0)
    expect((await submit(t, four.slice(0, 3))).status).toBe(200)
  })

  it("caps connections per client address and cuts requests whose headers never finish (npm run serve, a real process)", async () => {
    const port = 17240
    const child = spawn(process.execPath, ["--import", "tsx", "services/cli/serve.ts", "--memory", "--quiet", "--port", String(port), "--http-max-connections-per-ip", "3", "--http-headers-timeout-ms", "400"], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    children.push(child)
    try {
      // ready when it says so (no HTTP client here: a pooled keep-alive connection would take a slot)
      let printed = ""
      child.stdout?.on("data", (b: Buffer) => (printed += b.toString()))
      await waitUntil("npm run serve listening", () => printed.includes("listening on"), 60_000, 100)
      /** a raw connection; resolves once connected, or once closed (a refused one may close first) */
      const open = (): Promise<{ socket: net.Socket; closed: Promise<void> }> =>
        new Promise((resolve) => {
          const socket = net.connect({ host: "127.0.0.1", port })
          const closed = new Promise<void>((r) => socket.once("close", () => r()))
          socket.once("connect", () => resolve({ socket, closed }))
          void closed.then(() => resolve({ socket, closed }))
          socket.on("error", () => {})
          socket.resume() // flowing, so the server's 408 and close are seen
        })
      const held = [await open(), await open(), await open()]
      await new Promise((r) => setTimeout(r, 100))
      for (const h of held) expect(h.socket.destroyed).toBe(false)
      const extra = await open()
      await extra.closed // the fourth from this address is closed at once
      for (const h of held) expect(h.socket.destroyed).toBe(false)
      // requests whose headers never finish (or never start) are cut after the headers timeout
      held[0]?.socket.write("GET /chain HTTP/1.1\r\nhost: x\r\n")
      const t0 = Date.now()
      await Promise.all(held.map((h) => h.closed))
      expect(Date.now() - t0).toBeLessThan(10_000)
      // the address may connect again once its connections closed
      const again = await open()
      again.socket.write("GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
      const answer = await new Promise<string>((r) => {
        let text = ""
        again.socket.on("data", (b: Buffer) => (text += b.toString()))
        again.socket.once("close", () => r(text))
      })
      expect(answer).toMatch(/^HTTP\/1\.1 200/)
      again.socket.destroy()
    } finally {
      child.kill("SIGTERM")
    }
  }, 90_000)

  it("does not start beyond loopback without an origin allowlist", async () => {
    await expect(startDevServer({ host: "0.0.0.0", port: 0, dataDir: null })).rejects.toThrow(/origin allowlist/)
  })
})

describe("Prometheus metrics", () => {
  it("serves the text exposition behind the metrics token, agreeing with the JSON metrics", async () => {
    const s = await start({ config: { metrics_token: "s3cret-token" } })
    await submit(s, [register(signer("edges/prom/a"))])
    expect((await fetch(`${s.url}/metrics/prometheus`)).status).toBe(401)
    expect((await fetch(`${s.url}/metrics/prometheus`, { headers: { authorization: "Bearer wrong-token!" } })).status).toBe(401)
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401)
    const res = await fetch(`${s.url}/metrics/prometheus`, { headers: { authorization: "Bearer s3cret-token" } })
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toContain("text/plain")
    const text = await res.text()
    expect(text).toContain("# TYPE nullspace_simulator_http_submit_latency_ms histogram")
    expect(text).toMatch(/nullspace_simulator_http_submit_latency_ms_count 1\n/)
    expect(text).toMatch(/nullspace_simulator_submit_accepted_transactions_total 1\n/)
    expect(text).toMatch(/nullspace_simulator_http_requests_total\{status="401"\} 3\n/)
    expect(text).toMatch(/nullspace_simulator_chain_mempool_size 1\n/)
    const buckets = [...text.matchAll(/nullspace_simulator_http_request_latency_ms_bucket\{le="([^"]+)"\} (\d+)/g)].map((m) => Number(m[2]))
    expect(buckets.length).toBe(13)
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]).toBeGreaterThanOrEqual(buckets[i - 1] ?? 0)
    const json = await fetch(`${s.url}/metrics`, { headers: { "x-metrics-token": "s3cret-token" } })
    expect(json.status).toBe(200)
    // without a token, metrics are served on a loopback bind only
    const open = await start()
    expect((await fetch(`${open.url}/metrics/prometheus`)).status).toBe(200)
  })
})

describe("/healthz", () => {
  it("reports what is wrong: a full mempool is a 503 naming it", async () => {
    const s = await start({ config: { mempool: { ...DEFAULT_MEMPOOL_LIMITS, transactions_max: 2 } } })
    expect((await get(s, "/healthz")).body).toMatchObject({ ok: true, problems: [], mempool: { size: 0, max: 2 } })
    expect((await submit(s, [register(signer("edges/health/a")), register(signer("edges/health/b"))])).status).toBe(200)
    const full = await get(s, "/healthz")
    expect(full.status).toBe(503)
    expect(full.body).toMatchObject({ ok: false, problems: ["mempool full"], mempool: { size: 2, max: 2 } })
  })
})

describe("/updates heartbeat", () => {
  it("closes a connection that stops answering pings, keeps one that answers", async () => {
    const s = await start({ config: { ws_heartbeat_ms: 150 } })
    const { port } = new URL(s.url)
    // a peer that completes the handshake and then never reads or answers anything
    const dead = net.connect({ host: "127.0.0.1", port: Number(port) })
    dead.on("error", () => {})
    const upgraded = new Promise<void>((r) => dead.once("data", () => r()))
    const closed = new Promise<void>((r) => dead.once("close", () => r()))
    dead.write("GET /updates HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n")
    await upgraded
    dead.resume() // reads (and drops) the pings, never answers them
    const live = new WebSocket(s.updatesUrl)
    await new Promise((r) => live.once("open", r))
    await closed
    expect(s.metrics.ws.heartbeat_timeouts).toBeGreaterThanOrEqual(1)
    await new Promise((r) => setTimeout(r, 400))
    expect(live.readyState).toBe(WebSocket.OPEN)
    live.close()
  })
})

describe("/state/:table/:key", () => {
  it("proves a row and an absence against the node's root; the dev chain certifies neither", async () => {
    const s = await start()
    const ann = signer("edges/state/ann")
    expect((await submit(s, [register(ann)])).status).toBe(200)
    await s.devChain.produceNow.pipe(Effect.runPromise)
    const row = await get(s, `/state/player/${ann.public_key}`)
    expect(row.status).toBe(200)
    expect(row.body["state_root"]).toBe(s.devChain.head().state_root)
    const r1 = verifyStateAnswer(row.body, null)
    expect(r1.checks.find((c) => c.name === "proof")?.ok).toBe(true)
    expect(r1).toMatchObject({ ok: false, certified: false })
    const absent = await get(s, `/state/player/${signer("edges/state/nobody").public_key}`)
    expect(absent.body["value"]).toBe(null)
    expect(verifyStateAnswer(absent.body, null).checks.find((c) => c.name === "proof")?.ok).toBe(true)
    // a row claimed absent does not verify
    expect(verifyStateAnswer({ ...row.body, value: null }, null).checks.find((c) => c.name === "proof")?.ok).toBe(false)
    expect((await get(s, "/state/Bad-Table/x")).status).toBe(400)
  })
})

describe("forwarded client addresses", () => {
  const hit = (s: DevServer, forwarded: string) => fetch(`${s.url}/chain`, { headers: { "x-forwarded-for": forwarded } }).then((r) => r.status)
  it("count only from a trusted proxy: anyone else cannot pick its own rate-limit key", async () => {
    const limits = { http_rate_limit_per_second: 0.001, http_rate_limit_burst: 1 }
    const untrusted = await start({ config: { ...limits, trust_proxy: true, trusted_proxies: ["10.9.9.9"] } })
    expect(await hit(untrusted, "198.51.100.1")).toBe(200)
    expect(await hit(untrusted, "198.51.100.2")).toBe(429) // the same socket address: the header is ignored
    const proxied = await start({ config: { ...limits, trust_proxy: true } })
    expect(await hit(proxied, "198.51.100.1")).toBe(200)
    expect(await hit(proxied, "198.51.100.2")).toBe(200) // a loopback proxy: each forwarded client has its own bucket
    expect(await hit(proxied, "198.51.100.1")).toBe(429)
  })
})

describe("client aborts", () => {
  it("a client that hangs up mid-body is not a 500 and changes nothing", async () => {
    const s = await start()
    const { port } = new URL(s.url)
    const before = s.devChain.mempool.size
    for (let i = 0; i < 5; i++) {
      const socket = net.connect({ host: "127.0.0.1", port: Number(port) })
      socket.on("error", () => {})
      await new Promise((r) => socket.once("connect", r))
      socket.write("POST /submit HTTP/1.1\r\nhost: x\r\ncontent-type: application/octet-stream\r\ncontent-length: 1000\r\n\r\n" + "\u0001".repeat(10))
      await new Promise((r) => setTimeout(r, 20))
      socket.destroy()
    }
    await new Promise((r) => setTimeout(r, 200))
    expect(s.metrics.http.by_status["500"] ?? 0).toBe(0)
    expect(s.metrics.http.by_status["499"] ?? 0).toBe(5)
    expect(s.devChain.mempool.size).toBe(before)
    expect((await get(s, "/healthz")).status).toBe(200)
  })
})

describe("/seed/:view", () => {
  it("is a validator's: the dev chain answers NotCertified, a malformed view 400", async () => {
    const s = await start()
    expect((await get(s, "/seed/3")).status).toBe(501)
    expect((await get(s, "/seed/3")).body).toMatchObject({ error: "NotCertified" })
    expect((await get(s, "/seed/-1")).status).toBe(400)
  })
})

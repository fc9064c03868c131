/**
 * Fail-closed start, the error-code table, the embedded PGlite default, admin-key resolution and
 * the bounded rate limiter.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { SERVICE_ERROR_CODES } from "../../api/errors.ts"
import { memoryLogSink } from "../../log.ts"
import { adminSignerFromHex, resolveAdminSigner } from "../admin-key.ts"
import { authConfigFromEnv } from "../config.ts"
import { AUTH_ERROR_CODES, AUTH_ERROR_STATUS, isAuthError } from "../errors.ts"
import { MIGRATIONS, migrate } from "../migrations.ts"
import { makeRateLimiter } from "../rate-limit.ts"
import { actorSigner } from "../../../engine/tx/sign.ts"
import { startAuthServer } from "../start.ts"
import { Browser, dropSchema, pgStorage, STRIPE_KEY, testConfig, uniqueSchema } from "./helpers.ts"
import { StripeStub } from "./stripe-stub.ts"

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const FULL_ENV = {
  AUTH_ALLOWED_ORIGINS: "https://nullspace.example",
  STRIPE_SECRET_KEY: "sk_test_x",
  STRIPE_WEBHOOK_SECRET: "whsec_x",
  STRIPE_PRICE_TIERS: "member:price_1"
}

const refusal = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    if (isAuthError(e)) return `${e.reason}:${e.code}`
    throw e
  }
  return "started"
}

describe("fail closed", () => {
  it("refuses to configure without origins, Stripe secrets or a price allowlist", () => {
    expect(refusal(() => authConfigFromEnv(FULL_ENV))).toBe("started")
    for (const key of Object.keys(FULL_ENV)) expect(refusal(() => authConfigFromEnv({ ...FULL_ENV, [key]: "" }))).toBe("ConfigInvalid:300")
    expect(refusal(() => authConfigFromEnv({ ...FULL_ENV, AUTH_ALLOWED_ORIGINS: "https://x.example/path" }))).toBe("ConfigInvalid:300")
    expect(authConfigFromEnv(FULL_ENV).storage).toEqual({ kind: "pglite", data_dir: ".data/auth" })
    expect(authConfigFromEnv({ ...FULL_ENV, DATABASE_URL: "postgres://h/db" }).storage).toMatchObject({ kind: "postgres", schema: "nullspace_auth" })
  })

  it("resolves the admin key from a file, refuses raw env keys in production, and refuses no key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nullspace-auth-key-"))
    dirs.push(dir)
    const file = join(dir, "admin.json")
    writeFileSync(file, JSON.stringify({ data: { privateKey: "ab".repeat(32) } }), { mode: 0o600 })
    expect((await resolveAdminSigner({ CASINO_ADMIN_PRIVATE_KEY_FILE: file })).public_key).toBe(adminSignerFromHex("ab".repeat(32), "t").public_key)
    await expect(resolveAdminSigner({})).rejects.toMatchObject({ reason: "ConfigInvalid" })
    await expect(resolveAdminSigner({ CASINO_ADMIN_PRIVATE_KEY_HEX: "ab".repeat(32), NODE_ENV: "production" })).rejects.toMatchObject({ reason: "ConfigInvalid" })
    expect((await resolveAdminSigner({ CASINO_ADMIN_PRIVATE_KEY_HEX: "ab".repeat(32), NODE_ENV: "production", ALLOW_INSECURE_ADMIN_KEY_ENV: "true" })).public_key).toMatch(/^[0-9a-f]{64}$/)
    await expect(resolveAdminSigner({ CASINO_ADMIN_PRIVATE_KEY_HEX: "abc" })).rejects.toMatchObject({ reason: "ConfigInvalid" })
  })
})

describe("error codes", () => {
  it("are unique, auth in 300–349 and billing in 350–399, each with a status, none shared with the API's", () => {
    const codes = Object.values(AUTH_ERROR_CODES)
    const api: ReadonlyArray<number> = Object.values(SERVICE_ERROR_CODES)
    expect(new Set(codes).size).toBe(codes.length)
    for (const [tag, code] of Object.entries(AUTH_ERROR_CODES)) {
      expect(code >= 300 && code <= 399, tag).toBe(true)
      expect(api.includes(code), tag).toBe(false)
    }
    const billing = ["PriceNotAllowed", "TierMismatch", "RedirectNotAllowed", "NoStripeCustomer", "StripeUnavailable", "WebhookSignatureMissing", "WebhookSignatureInvalid", "WebhookPayloadInvalid"]
    for (const [tag, code] of Object.entries(AUTH_ERROR_CODES)) expect(code >= 350, tag).toBe(billing.includes(tag))
    expect(Object.keys(AUTH_ERROR_STATUS).sort()).toEqual(Object.keys(AUTH_ERROR_CODES).sort())
  })
})

describe("storage and edges", () => {
  it("runs on the embedded PGlite default, migrates once, and serves a login there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nullspace-auth-pglite-"))
    dirs.push(dir)
    const stub = new StripeStub(STRIPE_KEY)
    await stub.start()
    const server = await startAuthServer(testConfig({ storage: { kind: "pglite", data_dir: dir }, stripe_port: stub.port }), adminSignerFromHex("33".repeat(32), "t"), memoryLogSink())
    try {
      // the server migrated at start; a second run applies nothing
      expect(MIGRATIONS.length).toBeGreaterThan(0)
      expect(await migrate(server.service.sql)).toEqual([])
      const b = new Browser(server.url)
      expect((await b.login(actorSigner("auth-pglite"))).status).toBe(200)
      expect((await b.call("GET", "/profile")).status).toBe(200)
      expect((await fetch(`${server.url}/profile`, { method: "DELETE" })).status).toBe(405)
      const metrics = await fetch(`${server.url}/metrics/prometheus`)
      expect(await metrics.text()).toContain('nullspace_auth_counter_total{key="auth.challenge.created"} 1')
    } finally {
      await server.close()
      await stub.close()
    }
  }, 180_000) // PGlite compiles its WebAssembly and runs initdb at start: seconds, more at high load

  it("rate limits per key with Retry-After and keeps at most its bucket cap", async () => {
    const rl = makeRateLimiter({ window_ms: 60_000, max: 2 }, 100)
    expect([rl.take("a", 0), rl.take("a", 1), rl.take("a", 2)]).toEqual([null, null, 60])
    expect(rl.take("a", 60_000)).toBeNull()
    for (let i = 0; i < 1_000; i++) rl.take(`ip${i}`, 70_000)
    expect(rl.size()).toBeLessThanOrEqual(100)
    const stub = new StripeStub(STRIPE_KEY)
    await stub.start()
    const schema = uniqueSchema("rl")
    const server = await startAuthServer(
      testConfig({ storage: pgStorage(schema), stripe_port: stub.port, rate_limits: { challenge: { window_ms: 60_000, max: 2 }, profile: { window_ms: 60_000, max: 60 }, billing: { window_ms: 60_000, max: 20 }, webhook: { window_ms: 60_000, max: 120 } } }),
      adminSignerFromHex("34".repeat(32), "t"),
      memoryLogSink()
    )
    try {
      const b = new Browser(server.url)
      const pk = "ab".repeat(32)
      const answers = [await b.call("POST", "/auth/challenge", { publicKey: pk }), await b.call("POST", "/auth/challenge", { publicKey: pk }), await b.call("POST", "/auth/challenge", { publicKey: pk })]
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429])
      expect(answers[2]?.body).toMatchObject({ error: "RateLimited", code: 304 })
      expect(Number(answers[2]?.headers.get("retry-after"))).toBeGreaterThan(0)
      // X-Forwarded-For is not trusted unless configured: a forged header does not buy a new bucket
      expect((await b.call("POST", "/auth/challenge", { publicKey: pk }, { "x-forwarded-for": "203.0.113.7" })).status).toBe(429)
    } finally {
      await server.close()
      await stub.close()
      await dropSchema(schema)
    }
  })
})

/**
 * Test helpers for the auth service: the real Postgres on 127.0.0.1 with a unique schema per run
 * (dropped after), a complete test configuration pointed at the Stripe stub, and a browser-like
 * client that keeps the session cookie and CSRF token and sends an Origin.
 */
import { randomBytes } from "node:crypto"
import pg from "pg"
import { toHex } from "../../../engine/codec/bytes.ts"
import { signBytes, type Signer } from "../../../engine/tx/sign.ts"
import { loginMessage } from "../challenges.ts"
import { AUTH_DEFAULTS, checkAuthConfig, type AuthConfig } from "../config.ts"
import type { StorageConfig } from "../sql.ts"

export const PG_URL = process.env["AUTH_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"
export const ORIGIN = "http://app.nullspace.test"
export const OTHER_ORIGIN = "http://evil.example"
export const STRIPE_KEY = "sk_test_stub_key"
export const WEBHOOK_SECRET = "whsec_test_stub_secret"
export const MEMBER_PRICE = "price_member_monthly"
export const PRICE_TIERS: ReadonlyMap<string, string> = new Map([[MEMBER_PRICE, "member"], ["price_supporter", "supporter"]])

export const uniqueSchema = (label: string): string => `auth_t_${label}_${process.pid}_${randomBytes(4).toString("hex")}`

export const dropSchema = async (schema: string): Promise<void> => {
  const c = new pg.Client({ connectionString: PG_URL })
  await c.connect()
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await c.end()
  }
}

export const pgStorage = (schema: string): StorageConfig => ({ kind: "postgres", url: PG_URL, schema, pool_max: 4 })

export const testConfig = (o: { storage: StorageConfig; stripe_port: number; casino_api_url?: string } & Partial<AuthConfig>): AuthConfig =>
  checkAuthConfig({
    ...AUTH_DEFAULTS,
    port: 0,
    allowed_origins: [ORIGIN],
    stripe_secret_key: STRIPE_KEY,
    stripe_webhook_secret: WEBHOOK_SECRET,
    stripe_endpoint: { host: "127.0.0.1", port: o.stripe_port, protocol: "http" },
    price_tiers: PRICE_TIERS,
    casino_api_url: o.casino_api_url ?? "http://127.0.0.1:9",
    cookie_secure: false,
    retention_interval_ms: 0,
    reconcile_interval_ms: 0,
    freeroll_retry_base_ms: 20,
    ...o
  })

export interface Answer {
  readonly status: number
  readonly body: Record<string, unknown>
  readonly headers: Headers
}

/** a browser at `origin`: keeps the session cookie, sends the CSRF token it was given */
export class Browser {
  cookie: string | null = null
  csrf: string | null = null
  constructor(
    readonly base: string,
    readonly origin: string | null = ORIGIN
  ) {}

  async call(method: "GET" | "POST", path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(body === undefined ? {} : { "content-type": "application/json" }), ...extra }
    if (this.origin !== null) headers["origin"] = this.origin
    if (this.cookie !== null) headers["cookie"] = this.cookie
    if (this.csrf !== null && method === "POST" && extra["x-csrf-token"] === undefined) headers["x-csrf-token"] = this.csrf
    const res = await fetch(`${this.base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    const set = res.headers.get("set-cookie")
    if (set !== null) {
      const [pair] = set.split(";")
      this.cookie = pair !== undefined && !pair.endsWith("=") ? pair : null
    }
    const text = await res.text()
    const parsed: unknown = text === "" ? {} : JSON.parse(text)
    const out: Record<string, unknown> = {}
    if (typeof parsed === "object" && parsed !== null) for (const [k, v] of Object.entries(parsed)) out[k] = v
    return { status: res.status, body: out, headers: res.headers }
  }

  /** challenge → sign → login with the key */
  async login(who: Signer): Promise<Answer> {
    const c = await this.call("POST", "/auth/challenge", { publicKey: who.public_key })
    if (c.status !== 200) return c
    const signature = toHex(signBytes(who.secret, loginMessage(String(c.body["challenge"]))))
    const r = await this.call("POST", "/auth/login", { publicKey: who.public_key, signature, challengeId: c.body["challengeId"] })
    if (r.status === 200 && typeof r.body["csrfToken"] === "string") this.csrf = r.body["csrfToken"]
    return r
  }
}

export const signChallenge = (who: Signer, challenge_hex: string): string => toHex(signBytes(who.secret, loginMessage(challenge_hex)))

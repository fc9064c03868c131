/**
 * The auth service's configuration, from the environment (cli/auth.ts) or given directly (tests,
 * embedders). Fails closed (ConfigInvalid, code 300): no start without allowed origins, the Stripe
 * secret key, the webhook secret, a price → tier allowlist and the admin key (admin-key.ts).
 * Secrets never appear in `describeConfig` (what the service logs at start).
 */
import { authError } from "./errors.ts"
import type { StorageConfig } from "./sql.ts"

export interface RateLimitRule {
  readonly window_ms: number
  readonly max: number
}

export interface StripeEndpoint {
  readonly host: string
  readonly port: number
  readonly protocol: "http" | "https"
}

export interface AuthConfig {
  readonly app: string
  readonly host: string
  readonly port: number
  readonly allowed_origins: ReadonlyArray<string>
  readonly stripe_secret_key: string
  readonly stripe_webhook_secret: string
  /** null: Stripe's own API; else a Stripe-API-compatible server (tests) */
  readonly stripe_endpoint: StripeEndpoint | null
  readonly stripe_webhook_tolerance_s: number
  /** priceId → tier, the only prices checkout accepts */
  readonly price_tiers: ReadonlyMap<string, string>
  readonly member_tiers: ReadonlyArray<string>
  readonly freeroll_limit_free: number
  readonly freeroll_limit_member: number
  readonly casino_api_url: string
  readonly storage: StorageConfig
  readonly challenge_ttl_ms: number
  readonly challenge_retention_ms: number
  readonly session_ttl_ms: number
  readonly stripe_event_retention_ms: number
  readonly cookie_secure: boolean
  readonly evm_allowed_chain_ids: ReadonlyArray<number>
  readonly metrics_token: string | null
  readonly rate_limits: { readonly challenge: RateLimitRule; readonly profile: RateLimitRule; readonly billing: RateLimitRule; readonly webhook: RateLimitRule }
  readonly rate_bucket_max: number
  readonly body_limit_bytes: number
  /** forwarded client addresses count only from these proxies, and only when trust_proxy is on */
  readonly trust_proxy: boolean
  readonly trusted_proxies: ReadonlyArray<string>
  readonly reconcile_interval_ms: number
  readonly retention_interval_ms: number
  readonly reconcile_batch_size: number
  readonly freeroll_retry_max: number
  readonly freeroll_retry_base_ms: number
}

export const AUTH_DEFAULTS = {
  app: "nullspace",
  host: "127.0.0.1",
  port: 4000,
  stripe_webhook_tolerance_s: 300,
  member_tiers: ["member"],
  freeroll_limit_free: 1,
  freeroll_limit_member: 10,
  casino_api_url: "http://127.0.0.1:8080",
  challenge_ttl_ms: 300_000,
  challenge_retention_ms: 3_600_000,
  session_ttl_ms: 7 * 86_400_000,
  stripe_event_retention_ms: 30 * 86_400_000,
  cookie_secure: true,
  evm_allowed_chain_ids: [],
  metrics_token: null,
  rate_limits: {
    challenge: { window_ms: 60_000, max: 30 },
    profile: { window_ms: 60_000, max: 60 },
    billing: { window_ms: 60_000, max: 20 },
    webhook: { window_ms: 60_000, max: 120 }
  },
  rate_bucket_max: 50_000,
  body_limit_bytes: 100_000,
  trust_proxy: false,
  trusted_proxies: ["127.0.0.1", "::1"],
  reconcile_interval_ms: 12 * 3_600_000,
  retention_interval_ms: 15 * 60_000,
  reconcile_batch_size: 100,
  freeroll_retry_max: 5,
  freeroll_retry_base_ms: 200
} as const

const ORIGIN = /^https?:\/\/[^/\s]+$/

/** check a complete configuration (also the one tests build): throws ConfigInvalid */
export const checkAuthConfig = (c: AuthConfig): AuthConfig => {
  const bad = (m: string) => {
    throw authError("ConfigInvalid", m)
  }
  if (c.allowed_origins.length === 0) bad("AUTH_ALLOWED_ORIGINS is empty: the service refuses to start without an origin allowlist")
  for (const o of c.allowed_origins) if (!ORIGIN.test(o) || new URL(o).origin !== o) bad(`allowed origin ${JSON.stringify(o)} is not an origin (scheme://host[:port])`)
  if (c.stripe_secret_key.trim() === "") bad("STRIPE_SECRET_KEY is not set")
  if (c.stripe_webhook_secret.trim() === "") bad("STRIPE_WEBHOOK_SECRET is not set")
  if (c.price_tiers.size === 0) bad("STRIPE_PRICE_TIERS is empty (tier:priceId,…)")
  for (const n of [c.freeroll_limit_free, c.freeroll_limit_member])
    if (!Number.isInteger(n) || n < 1 || n > 255) bad(`freeroll limits must be integers in 1..255, got ${n}`)
  if (c.storage.kind === "postgres" && c.storage.url === "") bad("DATABASE_URL is empty")
  if (c.reconcile_batch_size < 1 || c.reconcile_batch_size > 200) bad("STRIPE_RECONCILE_BATCH_SIZE must be 1..200")
  if (c.freeroll_retry_max < 0 || c.freeroll_retry_max > 20) bad("FREEROLL_RETRY_MAX must be 0..20")
  return c
}

/** `member:price_123,pro:price_456` → price → tier */
export const parsePriceTiers = (raw: string): ReadonlyMap<string, string> => {
  const out = new Map<string, string>()
  for (const entry of raw.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const [tier, price, ...rest] = entry.split(":").map((s) => s.trim())
    if (tier === undefined || price === undefined || tier === "" || price === "" || rest.length > 0)
      throw authError("ConfigInvalid", `STRIPE_PRICE_TIERS entry ${JSON.stringify(entry)} is not tier:priceId`)
    out.set(price, tier)
  }
  return out
}

const list = (raw: string | undefined): ReadonlyArray<string> => (raw ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "")

const int = (env: Readonly<Record<string, string | undefined>>, key: string, fallback: number): number => {
  const raw = env[key]
  if (raw === undefined || raw === "") return fallback
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 0) throw authError("ConfigInvalid", `${key} must be a non-negative integer`)
  return n
}

/** the configuration from environment variables (chain-and-services.md §4.12 names, plus DATABASE_URL / AUTH_DATA_DIR) */
export const authConfigFromEnv = (env: Readonly<Record<string, string | undefined>>): AuthConfig => {
  const d = AUTH_DEFAULTS
  const stripeHost = env["STRIPE_API_HOST"]
  const rule = (name: string, def: RateLimitRule): RateLimitRule => ({
    window_ms: int(env, `AUTH_${name}_RATE_LIMIT_WINDOW_MS`, def.window_ms),
    max: int(env, `AUTH_${name}_RATE_LIMIT_MAX`, def.max)
  })
  const databaseUrl = env["DATABASE_URL"]
  return checkAuthConfig({
    app: d.app,
    host: env["AUTH_HOST"] ?? d.host,
    port: int(env, "PORT", d.port),
    allowed_origins: list(env["AUTH_ALLOWED_ORIGINS"]),
    stripe_secret_key: env["STRIPE_SECRET_KEY"] ?? "",
    stripe_webhook_secret: env["STRIPE_WEBHOOK_SECRET"] ?? "",
    stripe_endpoint:
      stripeHost === undefined || stripeHost === ""
        ? null
        : { host: stripeHost, port: int(env, "STRIPE_API_PORT", 443), protocol: env["STRIPE_API_PROTOCOL"] === "http" ? "http" : "https" },
    stripe_webhook_tolerance_s: int(env, "STRIPE_WEBHOOK_TOLERANCE_S", d.stripe_webhook_tolerance_s),
    price_tiers: parsePriceTiers(env["STRIPE_PRICE_TIERS"] ?? ""),
    member_tiers: env["FREEROLL_MEMBER_TIERS"] === undefined ? d.member_tiers : list(env["FREEROLL_MEMBER_TIERS"]),
    freeroll_limit_free: int(env, "FREEROLL_DAILY_LIMIT_FREE", d.freeroll_limit_free),
    freeroll_limit_member: int(env, "FREEROLL_DAILY_LIMIT_MEMBER", d.freeroll_limit_member),
    casino_api_url: env["CASINO_API_URL"] ?? d.casino_api_url,
    storage:
      databaseUrl === undefined || databaseUrl === ""
        ? { kind: "pglite", data_dir: env["AUTH_DATA_DIR"] ?? ".data/auth" }
        : { kind: "postgres", url: databaseUrl, schema: env["AUTH_DB_SCHEMA"] ?? "nullspace_auth", pool_max: int(env, "AUTH_DB_POOL_MAX", 10) },
    challenge_ttl_ms: int(env, "AUTH_CHALLENGE_TTL_MS", d.challenge_ttl_ms),
    challenge_retention_ms: int(env, "AUTH_CHALLENGE_RETENTION_MS", d.challenge_retention_ms),
    session_ttl_ms: int(env, "AUTH_SESSION_TTL_MS", d.session_ttl_ms),
    stripe_event_retention_ms: int(env, "STRIPE_EVENT_RETENTION_MS", d.stripe_event_retention_ms),
    cookie_secure: env["AUTH_COOKIE_INSECURE"] !== "true",
    evm_allowed_chain_ids: list(env["EVM_ALLOWED_CHAIN_IDS"]).map((s) => {
      const n = Number(s)
      if (!Number.isSafeInteger(n) || n <= 0) throw authError("ConfigInvalid", `EVM_ALLOWED_CHAIN_IDS entry ${s} is not a positive integer`)
      return n
    }),
    metrics_token: env["METRICS_AUTH_TOKEN"] ?? null,
    rate_limits: {
      challenge: rule("CHALLENGE", d.rate_limits.challenge),
      profile: rule("PROFILE", d.rate_limits.profile),
      billing: rule("BILLING", d.rate_limits.billing),
      webhook: { window_ms: int(env, "STRIPE_WEBHOOK_RATE_LIMIT_WINDOW_MS", d.rate_limits.webhook.window_ms), max: int(env, "STRIPE_WEBHOOK_RATE_LIMIT_MAX", d.rate_limits.webhook.max) }
    },
    rate_bucket_max: int(env, "AUTH_RATE_BUCKET_MAX", d.rate_bucket_max),
    body_limit_bytes: d.body_limit_bytes,
    trust_proxy: env["AUTH_TRUST_PROXY"] === "true",
    trusted_proxies: env["AUTH_TRUSTED_PROXIES"] === undefined ? d.trusted_proxies : list(env["AUTH_TRUSTED_PROXIES"]),
    reconcile_interval_ms: int(env, "STRIPE_RECONCILE_INTERVAL_MS", d.reconcile_interval_ms),
    retention_interval_ms: int(env, "AUTH_RETENTION_INTERVAL_MS", d.retention_interval_ms),
    reconcile_batch_size: int(env, "STRIPE_RECONCILE_BATCH_SIZE", d.reconcile_batch_size),
    freeroll_retry_max: int(env, "FREEROLL_RETRY_MAX", d.freeroll_retry_max),
    freeroll_retry_base_ms: int(env, "FREEROLL_RETRY_BASE_MS", d.freeroll_retry_base_ms)
  })
}

/** what is safe to log: no secret, only whether it is set */
export const describeConfig = (c: AuthConfig): Record<string, unknown> => ({
  host: c.host,
  port: c.port,
  allowed_origins: c.allowed_origins,
  stripe: c.stripe_endpoint === null ? "api.stripe.com" : `${c.stripe_endpoint.protocol}://${c.stripe_endpoint.host}:${c.stripe_endpoint.port}`,
  stripe_secret_key: "(set)",
  stripe_webhook_secret: "(set)",
  price_tiers: Object.fromEntries(c.price_tiers),
  member_tiers: c.member_tiers,
  freeroll_limits: { free: c.freeroll_limit_free, member: c.freeroll_limit_member },
  casino_api_url: c.casino_api_url,
  storage: c.storage.kind === "pglite" ? { kind: "pglite", data_dir: c.storage.data_dir } : { kind: "postgres", schema: c.storage.schema, url: "(set)" },
  metrics_token: c.metrics_token === null ? "(unset: loopback only)" : "(set)"
})

/**
 * Stripe billing with the official SDK: Checkout (subscription mode, one unit of an allowlisted
 * price) and the Customer Portal for the `member` tier, and the reconciliation that lists a
 * customer's subscriptions and applies each as a state (entitlements.ts). The price and tier come
 * only from the server-side allowlist (STRIPE_PRICE_TIERS); a client-sent price outside it is
 * PriceNotAllowed, a tier that is not the price's TierMismatch, a redirect outside the allowed
 * origins RedirectNotAllowed. Stripe failures are StripeUnavailable (502).
 */
import Stripe from "stripe"
import { Schema } from "effect"
import type { CheckoutBody, PortalBody } from "./bodies.ts"
import type { AuthConfig } from "./config.ts"
import { markDesiredForCustomer } from "./desired-limit.ts"
import { applySubscriptionState } from "./entitlements.ts"
import { authError, isAuthError } from "./errors.ts"
import type { User } from "./sessions.ts"
import type { SqlShape } from "./sql.ts"
import { StripeSubscriptionObject, subscriptionState } from "./subscription.ts"

export const SUBSCRIPTION_LIST_MAX = 100

export const makeStripe = (c: AuthConfig): Stripe =>
  new Stripe(c.stripe_secret_key, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(c.stripe_endpoint === null ? {} : { host: c.stripe_endpoint.host, port: c.stripe_endpoint.port, protocol: c.stripe_endpoint.protocol })
  })

const stripeCall = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
  try {
    return await f()
  } catch (e) {
    if (isAuthError(e)) throw e
    // the SDK's message names the request, never the key
    throw authError("StripeUnavailable", `Stripe ${what} failed: ${e instanceof Error ? e.message.slice(0, 200) : "unknown error"}`)
  }
}

export const checkRedirect = (raw: unknown, allowed: ReadonlyArray<string>, field: string): string => {
  if (typeof raw !== "string" || raw.length > 2_000) throw authError("RedirectNotAllowed", `${field} must be a URL`)
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    throw authError("RedirectNotAllowed", `${field} is not a URL`)
  }
  if (!allowed.includes(u.origin)) throw authError("RedirectNotAllowed", `${field} must point at an allowed origin`)
  return u.toString()
}

/** the allowlisted price and its tier for a request naming a priceId, a tier, or both */
export const resolvePrice = (tiers: ReadonlyMap<string, string>, price_id: string | undefined, tier: string | undefined): { price_id: string; tier: string } => {
  if (price_id !== undefined) {
    const t = tiers.get(price_id)
    if (t === undefined) throw authError("PriceNotAllowed", "this price is not offered")
    if (tier !== undefined && tier !== t) throw authError("TierMismatch", "the tier is not the price's tier")
    return { price_id, tier: t }
  }
  if (tier === undefined) throw authError("PriceNotAllowed", "name a tier or an offered priceId")
  for (const [p, t] of tiers) if (t === tier) return { price_id: p, tier: t }
  throw authError("PriceNotAllowed", `no price is offered for tier ${JSON.stringify(tier).slice(0, 40)}`)
}

/** the user's Stripe customer, created on first use (idempotency key per user, so racing requests make one) */
export const ensureCustomer = async (stripe: Stripe, sql: SqlShape, user: User): Promise<string> => {
  if (user.stripe_customer_id !== null) return user.stripe_customer_id
  const customer = await stripeCall("customer creation", () => stripe.customers.create({ metadata: { userId: user.id } }, { idempotencyKey: `nullspace-customer-${user.id}` }))
  await sql.query(`UPDATE users SET stripe_customer_id = $2 WHERE id = $1 AND stripe_customer_id IS NULL`, [user.id, customer.id])
  const [r] = await sql.query(`SELECT stripe_customer_id FROM users WHERE id = $1`, [user.id])
  const stored = r?.["stripe_customer_id"]
  return typeof stored === "string" ? stored : customer.id
}

export const createCheckout = async (
  stripe: Stripe,
  sql: SqlShape,
  c: AuthConfig,
  user: User,
  body: CheckoutBody
): Promise<{ url: string; price_id: string; tier: string; session_id: string }> => {
  const { price_id, tier } = resolvePrice(c.price_tiers, body.priceId, body.tier)
  const success_url = checkRedirect(body.successUrl, c.allowed_origins, "successUrl")
  const cancel_url = checkRedirect(body.cancelUrl, c.allowed_origins, "cancelUrl")
  const customer = await ensureCustomer(stripe, sql, user)
  const session = await stripeCall("checkout", () =>
    stripe.checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: user.id,
      line_items: [{ price: price_id, quantity: 1 }],
      success_url,
      cancel_url,
      ...(body.allowPromotionCodes === true ? { allow_promotion_codes: true } : {}),
      subscription_data: { metadata: { tier, userId: user.id } }
    })
  )
  if (session.url === null) throw authError("StripeUnavailable", "Stripe returned a checkout session without a URL")
  return { url: session.url, price_id, tier, session_id: session.id }
}

export const createPortal = async (stripe: Stripe, c: AuthConfig, user: User, body: PortalBody): Promise<{ url: string }> => {
  if (user.stripe_customer_id === null) throw authError("NoStripeCustomer", "no billing account yet: check out first")
  const return_url = checkRedirect(body.returnUrl, c.allowed_origins, "returnUrl")
  const customer = user.stripe_customer_id
  const session = await stripeCall("portal", () => stripe.billingPortal.sessions.create({ customer, return_url }))
  return { url: session.url }
}

const decodeSubscription = Schema.decodeUnknownEither(StripeSubscriptionObject)

/**
 * List the customer's subscriptions (all statuses, ≤ limit) and apply each as its state at `now`
 * (a reconcile sees Stripe's present state, so it is newer than every event created before it; an
 * unchanged subscription rewrites the same rows). Returns how many subscriptions were applied.
 */
export const reconcileCustomer = async (stripe: Stripe, sql: SqlShape, c: AuthConfig, customer_id: string, limit: number, now_ms: number): Promise<number> => {
  const list = await stripeCall("subscription listing", () =>
    stripe.subscriptions.list({ customer: customer_id, status: "all", limit: Math.max(1, Math.min(SUBSCRIPTION_LIST_MAX, limit)) })
  )
  let applied = 0
  for (const raw of list.data.slice(0, SUBSCRIPTION_LIST_MAX)) {
    const d = decodeSubscription(raw)
    if (d._tag === "Left") continue
    // the listed customer is the one asked for (a mismatching answer is ignored)
    const state = subscriptionState(d.right, Math.floor(now_ms / 1000))
    if (state.customer_id !== customer_id) continue
    const policy = { member_tiers: c.member_tiers, free: c.freeroll_limit_free, member: c.freeroll_limit_member }
    const done = await sql.transaction(async (q) => {
      const r = await applySubscriptionState(q, state, c.price_tiers, now_ms)
      if (r === "applied") await markDesiredForCustomer(q, customer_id, policy, now_ms)
      return r
    })
    if (done === "applied") applied++
  }
  return applied
}

/** one page of the scheduled reconciliation from the stored cursor (null when it wrapped around) */
export const reconcilePage = async (stripe: Stripe, sql: SqlShape, c: AuthConfig, now_ms: number): Promise<{ customers: number; applied: number; touched: ReadonlyArray<string>; cursor: string | null }> => {
  const [state] = await sql.query(`SELECT cursor FROM reconcile_state WHERE name = 'default'`)
  const cursor = typeof state?.["cursor"] === "string" ? state["cursor"] : ""
  const rows = await sql.query(`SELECT id, stripe_customer_id FROM users WHERE id > $1 AND stripe_customer_id IS NOT NULL ORDER BY id LIMIT ${c.reconcile_batch_size}`, [cursor])
  let applied = 0
  const touched: string[] = []
  for (const r of rows) {
    const customer = r["stripe_customer_id"]
    if (typeof customer !== "string") continue
    const n = await reconcileCustomer(stripe, sql, c, customer, SUBSCRIPTION_LIST_MAX, now_ms)
    applied += n
    if (n > 0) touched.push(customer)
  }
  const last = rows[rows.length - 1]?.["id"]
  const next = rows.length === c.reconcile_batch_size && typeof last === "string" ? last : null
  await sql.query(
    `INSERT INTO reconcile_state (name, cursor, updated_at_ms) VALUES ('default', $1, $2) ON CONFLICT (name) DO UPDATE SET cursor = $1, updated_at_ms = $2`,
    [next, now_ms]
  )
  return { customers: rows.length, applied, touched, cursor: next }
}

export const pruneStripeEvents = async (sql: SqlShape, retention_ms: number, now_ms: number, batch: number): Promise<number> =>
  (
    await sql.query(
      `DELETE FROM stripe_events WHERE event_id IN (SELECT event_id FROM stripe_events WHERE processed_at_ms <= $1 LIMIT ${batch}) RETURNING event_id`,
      [now_ms - retention_ms]
    )
  ).length

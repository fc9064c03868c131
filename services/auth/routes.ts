/**
 * The auth service's endpoints (docs/auth.md lists them): each route names its gates — origin
 * (the request's Origin, else its Referer's origin, must be an allowed origin), session (the
 * ns_session cookie), csrf (x-csrf-token equal to the session's token), a rate limiter — and a
 * handler from the request context to a JSON answer. http.ts applies the gates in that order.
 */
import { randomUUID } from "node:crypto"
import { ChallengeBody, CheckoutBody, decodeBody, EvmChallengeBody, KeyProofBody, LinkEvmBody, PortalBody, ReconcileBody } from "./bodies.ts"
import { createCheckout, createPortal, reconcileCustomer, SUBSCRIPTION_LIST_MAX } from "./billing.ts"
import { issueChallenge, parsePublicKey, parseSignature, proveKey } from "./challenges.ts"
import { authError } from "./errors.ts"
import { evmLinkOf, issueEvmChallenge, linkEvm, parseChainId, parseEvmAddress, unlinkEvm } from "./evm-link.ts"
import type { AuthServiceShape } from "./service.ts"
import { clearedCookie, createSession, deleteSession, sessionCookie, userById, userForKey, type Session, type User } from "./sessions.ts"
import { applyStripeEvent, verifyWebhook } from "./webhook.ts"

export type Limiter = "challenge" | "profile" | "billing" | "webhook"

export interface RequestContext {
  readonly request_id: string
  readonly origin: string | null
  readonly ip: string
  readonly json: Readonly<Record<string, unknown>>
  readonly raw: Buffer
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly session: Session | null
  readonly session_token: string | null
}

export interface RouteAnswer {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export interface Route {
  readonly method: "GET" | "POST"
  readonly path: string
  readonly origin: boolean
  readonly session: boolean
  readonly csrf: boolean
  readonly limiter: Limiter | null
  /** the body is kept raw (the webhook's signature covers the exact bytes) */
  readonly raw?: boolean
  readonly handle: (s: AuthServiceShape, ctx: RequestContext) => Promise<RouteAnswer>
}

const ok = (body: unknown, headers?: Readonly<Record<string, string>>): RouteAnswer => (headers === undefined ? { status: 200, body } : { status: 200, body, headers })

const userView = (u: User) => ({ id: u.id, authProvider: u.auth_provider, authSubject: u.auth_subject, publicKey: u.public_key, hasBillingAccount: u.stripe_customer_id !== null })

const need = (ctx: RequestContext): { user: User; origin: string } => {
  if (ctx.session === null) throw authError("Unauthorized", "log in first")
  if (ctx.origin === null) throw authError("OriginNotAllowed", "no origin")
  return { user: ctx.session.user, origin: ctx.origin }
}

const originOf = (ctx: RequestContext): string => {
  if (ctx.origin === null) throw authError("OriginNotAllowed", "no origin")
  return ctx.origin
}

export const ROUTES: ReadonlyArray<Route> = [
  {
    method: "GET",
    path: "/healthz",
    origin: false,
    session: false,
    csrf: false,
    limiter: null,
    handle: async (s) => {
      await s.sql.query("SELECT 1")
      return ok({ ok: true })
    }
  },
  {
    method: "POST",
    path: "/auth/challenge",
    origin: true,
    session: false,
    csrf: false,
    limiter: "challenge",
    handle: async (s, ctx) => {
      const pk = parsePublicKey(decodeBody(ChallengeBody, ctx.json).publicKey)
      const c = await issueChallenge(s.sql, pk, originOf(ctx), s.config.challenge_ttl_ms, Date.now())
      s.metrics.count("auth.challenge.created")
      return ok(c)
    }
  },
  {
    method: "POST",
    path: "/auth/login",
    origin: true,
    session: false,
    csrf: false,
    limiter: "challenge",
    handle: async (s, ctx) => {
      const origin = originOf(ctx)
      const body = decodeBody(KeyProofBody, ctx.json)
      const pk = parsePublicKey(body.publicKey)
      const sig = parseSignature(body.signature)
      const now = Date.now()
      const { user, session } = await s.sql.transaction(async (q) => {
        await proveKey(q, body.challengeId, pk, sig, origin, now)
        const user = await userForKey(q, pk, now)
        return { user, session: await createSession(q, user.id, s.config.session_ttl_ms, now) }
      })
      s.metrics.count("auth.login.success")
      await s.audit("auth.login", user.id, ctx.request_id, { public_key: pk, origin })
      return ok({ user: userView(user), csrfToken: session.csrf_token, expiresAtMs: session.expires_at_ms }, {
        "set-cookie": sessionCookie(session.token, Math.floor(s.config.session_ttl_ms / 1000), s.config.cookie_secure)
      })
    }
  },
  {
    method: "GET",
    path: "/auth/session",
    origin: true,
    session: true,
    csrf: false,
    limiter: "profile",
    handle: async (_s, ctx) => {
      const { user } = need(ctx)
      return ok({ user: userView(user), csrfToken: ctx.session?.csrf_token, expiresAtMs: ctx.session?.expires_at_ms })
    }
  },
  {
    method: "POST",
    path: "/auth/logout",
    origin: true,
    session: true,
    csrf: true,
    limiter: "profile",
    handle: async (s, ctx) => {
      const { user } = need(ctx)
      if (ctx.session_token !== null) await deleteSession(s.sql, ctx.session_token)
      await s.audit("auth.logout", user.id, ctx.request_id, {})
      return ok({ ok: true }, { "set-cookie": clearedCookie(s.config.cookie_secure) })
    }
  },
  {
    method: "GET",
    path: "/profile",
    origin: true,
    session: true,
    csrf: false,
    limiter: "profile",
    handle: async (s, ctx) => {
      const { user } = need(ctx)
      const [entitlements, evmLink, desiredLimit] = await Promise.all([s.entitlementsOf(user), evmLinkOf(s.sql, user.id), s.desiredLimitOf(user)])
      s.metrics.count("profile.success")
      if (user.public_key !== null) s.enqueueUser(user)
      return ok({
        user: userView(user),
        entitlements: entitlements.map((e) => ({
          tier: e.tier,
          status: e.status,
          source: "stripe",
          startsAtMs: e.starts_at_ms,
          endsAtMs: e.ends_at_ms,
          stripeSubscriptionId: e.subscription_id,
          stripePriceId: e.price_id
        })),
        evmLink,
        freeroll: { desiredLimit }
      })
    }
  },
  {
    method: "POST",
    path: "/profile/link-public-key",
    origin: true,
    session: true,
    csrf: true,
    limiter: "profile",
    handle: async (s, ctx) => {
      const { user, origin } = need(ctx)
      const body = decodeBody(KeyProofBody, ctx.json)
      const pk = parsePublicKey(body.publicKey)
      const sig = parseSignature(body.signature)
      const now = Date.now()
      await s.sql.transaction(async (q) => {
        await proveKey(q, body.challengeId, pk, sig, origin, now)
        const [other] = await q.query(`SELECT id FROM users WHERE public_key = $1 AND id <> $2`, [pk, user.id])
        if (other !== undefined) throw authError("PublicKeyTaken", "another account holds this public key")
        await q.query(`UPDATE users SET public_key = $2 WHERE id = $1`, [user.id, pk])
      })
      s.metrics.count("profile.link_public_key.success")
      await s.audit("profile.link_public_key", user.id, ctx.request_id, { public_key: pk, previous: user.public_key })
      const updated = await userById(s.sql, user.id)
      if (updated !== null) s.enqueueUser(updated)
      return ok({ ok: true })
    }
  },
  {
    method: "POST",
    path: "/profile/evm-challenge",
    origin: true,
    session: true,
    csrf: true,
    limiter: "profile",
    handle: async (s, ctx) => {
      const { user, origin } = need(ctx)
      const body = decodeBody(EvmChallengeBody, ctx.json)
      const address = parseEvmAddress(body.address)
      const chainId = parseChainId(body.chainId, s.config.evm_allowed_chain_ids)
      if (user.public_key === null) throw authError("EvmNeedsPublicKey", "link a casino public key before an EVM wallet")
      const c = await issueEvmChallenge(s.sql, s.config.app, user.id, address, chainId, origin, s.config.challenge_ttl_ms, Date.now())
      s.metrics.count("profile.evm_challenge.success")
      return ok(c)
    }
  },
  {
    method: "POST",
    path: "/profile/link-evm",
    origin: true,
    session: true,
    csrf: true,
    limiter: "profile",
    handle: async (s, ctx) => {
      const { user, origin } = need(ctx)
      const body = decodeBody(LinkEvmBody, ctx.json)
      const link = await s.sql.transaction((q) => linkEvm(q, user.id, body, s.config.evm_allowed_chain_ids, origin, Date.now()))
      s.metrics.count("profile.link_evm.success")
      await s.audit("profile.link_evm", user.id, ctx.request_id, { address: link.address, chain_id: link.chainId })
      return ok({ ok: true, link })
    }
  },
  {
    method: "POST",
    path: "/profile/unlink-evm",
    origin: true,
    session: true,
    csrf: true,
    limiter: "profile",
    handle: async (s, ctx) => {
      const { user } = need(ctx)
      const changed = await unlinkEvm(s.sql, user.id, Date.now())
      if (!changed) throw authError("NotFound", "no active EVM link")
      s.metrics.count("profile.unlink_evm.success")
      await s.audit("profile.unlink_evm", user.id, ctx.request_id, {})
      return ok({ ok: true })
    }
  },
  {
    method: "POST",
    path: "/profile/sync-freeroll",
    origin: true,
    session: true,
    csrf: true,
    limiter: "profile",
    handle: async (s, ctx) => {
      const { user } = need(ctx)
      const r = await s.syncUser(user, ctx.request_id)
      return ok({ ok: true, status: r.status, limit: r.limit })
    }
  },
  {
    method: "POST",
    path: "/billing/checkout",
    origin: true,
    session: true,
    csrf: true,
    limiter: "billing",
    handle: async (s, ctx) => {
      const { user } = need(ctx)
      const t0 = performance.now()
      try {
        const body = decodeBody(CheckoutBody, ctx.json)
        const r = await createCheckout(s.stripe, s.sql, s.config, user, body)
        s.metrics.count("billing.checkout.success")
        await s.audit("billing.checkout", user.id, ctx.request_id, { price_id: r.price_id, tier: r.tier, session_id: r.session_id, promo: body.allowPromotionCodes === true })
        return ok({ url: r.url })
      } catch (e) {
        s.metrics.count("billing.checkout.invalid")
        throw e
      } finally {
        s.metrics.time("billing.checkout_ms", performance.now() - t0)
      }
    }
  },
  {
    method: "POST",
    path: "/billing/portal",
    origin: true,
    session: true,
    csrf: true,
    limiter: "billing",
    handle: async (s, ctx) => {
      const { user } = need(ctx)
      const r = await createPortal(s.stripe, s.config, user, decodeBody(PortalBody, ctx.json))
      s.metrics.count("billing.portal.success")
      await s.audit("billing.portal", user.id, ctx.request_id, {})
      return ok(r)
    }
  },
  {
    method: "POST",
    path: "/billing/reconcile",
    origin: true,
    session: true,
    csrf: true,
    limiter: "billing",
    handle: async (s, ctx) => {
      const { user } = need(ctx)
      const limit = decodeBody(ReconcileBody, ctx.json).limit ?? SUBSCRIPTION_LIST_MAX
      if (user.stripe_customer_id === null) return ok({ processed: 0 })
      const processed = await reconcileCustomer(s.stripe, s.sql, s.config, user.stripe_customer_id, limit, Date.now())
      s.metrics.count("billing.reconcile.success")
      await s.audit("billing.reconcile", user.id, ctx.request_id, { processed })
      s.enqueueUser(user)
      return ok({ processed })
    }
  },
  {
    method: "POST",
    path: "/stripe/webhook",
    origin: false,
    session: false,
    csrf: false,
    limiter: "webhook",
    raw: true,
    handle: async (s, ctx) => {
      const sig = ctx.headers["stripe-signature"]
      const event = verifyWebhook(s.stripe, ctx.raw, typeof sig === "string" ? sig : undefined, s.config.stripe_webhook_secret, s.config.stripe_webhook_tolerance_s)
      const policy = { member_tiers: s.config.member_tiers, free: s.config.freeroll_limit_free, member: s.config.freeroll_limit_member }
      const r = await applyStripeEvent(s.sql, s.config.price_tiers, event, Date.now(), policy)
      s.metrics.count(`stripe.webhook.${r.outcome}`)
      if (r.outcome === "applied" && r.customer_id !== null) {
        await s.audit("billing.entitlement_change", null, ctx.request_id, { event_id: r.event_id, type: r.type, customer_id: r.customer_id })
        s.enqueueCustomer(r.customer_id)
      }
      return ok({ received: true, outcome: r.outcome })
    }
  }
]

export const newRequestId = (incoming: string | string[] | undefined): string =>
  typeof incoming === "string" && /^[A-Za-z0-9._-]{1,128}$/.test(incoming) ? incoming : randomUUID()

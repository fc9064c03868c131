/**
 * POST /stripe/webhook: the raw body verified with Stripe's signature (stripe.webhooks.constructEvent
 * with the configured tolerance), then, in one transaction: the event id recorded once (a
 * duplicate delivery changes nothing) and, for customer.subscription.created|updated|deleted, the
 * subscription's state applied if it is newer than the stored one (ordering by the event's own
 * `created`, never by arrival). Other event types are only recorded. Returns the affected
 * customer when entitlements changed, so the caller syncs that player's freeroll limit.
 */
import type Stripe from "stripe"
import { Schema } from "effect"
import { markDesiredForCustomer, type LimitPolicy } from "./desired-limit.ts"
import { applySubscriptionState, recordEventOnce, type ApplyOutcome } from "./entitlements.ts"
import { authError } from "./errors.ts"
import type { SqlShape } from "./sql.ts"
import { StripeSubscriptionObject, subscriptionState } from "./subscription.ts"

const SUBSCRIPTION_EVENTS = new Set(["customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted"])

const EventShape = Schema.Struct({
  id: Schema.String.pipe(Schema.maxLength(255)),
  type: Schema.String.pipe(Schema.maxLength(255)),
  created: Schema.Number,
  data: Schema.Struct({ object: Schema.Unknown })
})
const decodeEvent = Schema.decodeUnknownEither(EventShape)
const decodeSubscription = Schema.decodeUnknownEither(StripeSubscriptionObject)

export interface WebhookOutcome {
  readonly event_id: string
  readonly type: string
  readonly outcome: ApplyOutcome
  readonly customer_id: string | null
}

export const verifyWebhook = (stripe: Stripe, raw: Buffer, signature: string | undefined, secret: string, tolerance_s: number): unknown => {
  if (signature === undefined || signature === "") throw authError("WebhookSignatureMissing", "the stripe-signature header is missing")
  try {
    return stripe.webhooks.constructEvent(raw, signature, secret, tolerance_s)
  } catch {
    throw authError("WebhookSignatureInvalid", "the Stripe signature does not verify (or is outside the tolerance)")
  }
}

/** apply a verified event (also the property test's entry point) */
export const applyStripeEvent = async (
  sql: SqlShape,
  price_tiers: ReadonlyMap<string, string>,
  event: unknown,
  now_ms: number,
  policy: LimitPolicy | null = null
): Promise<WebhookOutcome> => {
  const e = decodeEvent(event)
  if (e._tag === "Left") throw authError("WebhookPayloadInvalid", "the event is not a Stripe event")
  const { id, type, created } = e.right
  const sub = SUBSCRIPTION_EVENTS.has(type) ? decodeSubscription(e.right.data.object) : null
  if (sub !== null && sub._tag === "Left") throw authError("WebhookPayloadInvalid", `the ${type} event does not carry a subscription`)
  return sql.transaction(async (q) => {
    if (!(await recordEventOnce(q, id, type, now_ms))) return { event_id: id, type, outcome: "duplicate", customer_id: null }
    if (sub === null) return { event_id: id, type, outcome: "recorded", customer_id: null }
    const state = subscriptionState(sub.right, created)
    const r = await applySubscriptionState(q, state, price_tiers, now_ms)
    if (r === "applied" && policy !== null) await markDesiredForCustomer(q, state.customer_id, policy, now_ms)
    return { event_id: id, type, outcome: r, customer_id: r === "applied" ? state.customer_id : null }
  })
}

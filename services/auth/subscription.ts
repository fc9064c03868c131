/**
 * A Stripe subscription as the service keeps it: the fields entitlements come from, decoded with
 * Effect Schema from a webhook event's object or a subscriptions-list entry, and its version.
 *
 * Ordering: a state is applied only if its version is newer than the stored one. The version is
 * (the time Stripe says the state holds — the event's `created`, or the reconcile fetch time —,
 * then the status rank: incomplete < live states < terminal states), so a stale or duplicated
 * delivery never overwrites a newer state, whatever order they arrive in; on an exact tie the
 * terminal state wins (a canceled subscription never comes back).
 */
import { Schema } from "effect"

const Expandable = Schema.Union(Schema.String, Schema.Struct({ id: Schema.String }))
const Metadata = Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.String })))

export const StripeSubscriptionObject = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("subscription"),
  customer: Expandable,
  status: Schema.String,
  created: Schema.Number,
  metadata: Metadata,
  current_period_start: Schema.optional(Schema.Number),
  current_period_end: Schema.optional(Schema.Number),
  items: Schema.Struct({
    data: Schema.Array(
      Schema.Struct({
        id: Schema.String,
        price: Schema.Struct({ id: Schema.String, product: Schema.optional(Schema.NullOr(Expandable)) }),
        current_period_start: Schema.optional(Schema.Number),
        current_period_end: Schema.optional(Schema.Number)
      })
    )
  })
})
export type StripeSubscriptionObject = typeof StripeSubscriptionObject.Type

export interface SubscriptionItem {
  readonly price_id: string
  readonly product_id: string | null
  readonly period_start_s: number
  readonly period_end_s: number | null
}

export interface SubscriptionState {
  readonly subscription_id: string
  readonly customer_id: string
  readonly status: string
  readonly version_s: number
  readonly items: ReadonlyArray<SubscriptionItem>
}

const TERMINAL = new Set(["canceled", "incomplete_expired"])
export const ENTITLING_STATUSES: ReadonlySet<string> = new Set(["active", "trialing"])

export const statusRank = (status: string): number => (TERMINAL.has(status) ? 2 : status === "incomplete" ? 0 : 1)

export const ITEMS_MAX = 100

const idOf = (v: string | { readonly id: string }): string => (typeof v === "string" ? v : v.id)

export const subscriptionState = (s: StripeSubscriptionObject, version_s: number): SubscriptionState => ({
  subscription_id: s.id,
  customer_id: idOf(s.customer),
  status: s.status,
  version_s,
  items: s.items.data.slice(0, ITEMS_MAX).map((i) => ({
    price_id: i.price.id,
    product_id: i.price.product === undefined || i.price.product === null ? null : idOf(i.price.product),
    period_start_s: i.current_period_start ?? s.current_period_start ?? s.created,
    period_end_s: i.current_period_end ?? s.current_period_end ?? null
  }))
})

/** true when `next` (version, rank) is strictly newer than the stored (version, rank) */
export const isNewer = (next: { readonly version_s: number; readonly status: string }, stored: { readonly version_s: number; readonly rank: number } | null): boolean =>
  stored === null || next.version_s > stored.version_s || (next.version_s === stored.version_s && statusRank(next.status) > stored.rank)

/** the daily freeroll limit entitlements give (§4.9): member limit if any entitling row of a member tier */
export const desiredFreerollLimit = (
  entitlements: ReadonlyArray<{ readonly tier: string; readonly status: string }>,
  member_tiers: ReadonlyArray<string>,
  limits: { readonly free: number; readonly member: number }
): number =>
  entitlements.some((e) => ENTITLING_STATUSES.has(e.status) && (member_tiers.length === 0 || member_tiers.includes(e.tier))) ? limits.member : limits.free

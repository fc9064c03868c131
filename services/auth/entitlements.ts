/**
 * Entitlements from subscription states (chain-and-services.md §4.8 with ordering by version,
 * subscription.ts): `applyStripeEvent` records the event id once (a duplicate changes nothing),
 * then applies the state only if it is newer than the stored one, in one transaction holding the
 * subscription's row lock. Each item is one entitlement row keyed (subscription, price) with the
 * tier the server-side allowlist gives its price; rows of the subscription whose price is no
 * longer an item are canceled.
 */
import { isNewer, statusRank, type SubscriptionState } from "./subscription.ts"
import { num, optNum, optStr, str, type Queryable } from "./sql.ts"

export interface EntitlementRow {
  readonly subscription_id: string
  readonly price_id: string
  readonly customer_id: string
  readonly tier: string
  readonly status: string
  readonly product_id: string | null
  readonly starts_at_ms: number
  readonly ends_at_ms: number | null
}

export const UNLISTED_TIER = "unlisted"

export type ApplyOutcome = "duplicate" | "recorded" | "stale" | "applied"

export const recordEventOnce = async (q: Queryable, event_id: string, event_type: string, now_ms: number): Promise<boolean> =>
  (await q.query(`INSERT INTO stripe_events (event_id, event_type, processed_at_ms) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`, [event_id, event_type, now_ms]))
    .length === 1

/** apply one subscription state (caller holds a transaction) */
export const applySubscriptionState = async (q: Queryable, state: SubscriptionState, price_tiers: ReadonlyMap<string, string>, now_ms: number): Promise<"stale" | "applied"> => {
  await q.query(
    `INSERT INTO stripe_subscriptions (subscription_id, customer_id, status, version_s, version_rank, updated_at_ms) VALUES ($1, $2, '', -1, -1, $3) ON CONFLICT (subscription_id) DO NOTHING`,
    [state.subscription_id, state.customer_id, now_ms]
  )
  const [row] = await q.query(`SELECT version_s, version_rank FROM stripe_subscriptions WHERE subscription_id = $1 FOR UPDATE`, [state.subscription_id])
  const stored = row === undefined || num(row["version_rank"]) < 0 ? null : { version_s: num(row["version_s"]), rank: num(row["version_rank"]) }
  if (!isNewer(state, stored)) return "stale"
  await q.query(`UPDATE stripe_subscriptions SET customer_id = $2, status = $3, version_s = $4, version_rank = $5, updated_at_ms = $6 WHERE subscription_id = $1`, [
    state.subscription_id,
    state.customer_id,
    state.status,
    state.version_s,
    statusRank(state.status),
    now_ms
  ])
  const prices: string[] = []
  for (const item of state.items) {
    prices.push(item.price_id)
    await q.query(
      `INSERT INTO entitlements (subscription_id, price_id, customer_id, tier, status, product_id, starts_at_ms, ends_at_ms, updated_at_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (subscription_id, price_id) DO UPDATE SET customer_id = $3, tier = $4, status = $5, product_id = $6, starts_at_ms = $7, ends_at_ms = $8, updated_at_ms = $9`,
      [
        state.subscription_id,
        item.price_id,
        state.customer_id,
        price_tiers.get(item.price_id) ?? UNLISTED_TIER,
        state.status,
        item.product_id,
        item.period_start_s * 1000,
        item.period_end_s === null ? null : item.period_end_s * 1000,
        now_ms
      ]
    )
  }
  await q.query(
    `UPDATE entitlements SET status = 'canceled', ends_at_ms = $3, updated_at_ms = $3 WHERE subscription_id = $1 AND status <> 'canceled' AND NOT (price_id = ANY($2::text[]))`,
    [state.subscription_id, prices, now_ms]
  )
  return "applied"
}

const rowOf = (r: Readonly<Record<string, unknown>>): EntitlementRow => ({
  subscription_id: str(r["subscription_id"]),
  price_id: str(r["price_id"]),
  customer_id: str(r["customer_id"]),
  tier: str(r["tier"]),
  status: str(r["status"]),
  product_id: optStr(r["product_id"]),
  starts_at_ms: num(r["starts_at_ms"]),
  ends_at_ms: optNum(r["ends_at_ms"])
})

export const entitlementsOfCustomer = async (q: Queryable, customer_id: string): Promise<ReadonlyArray<EntitlementRow>> =>
  (await q.query(`SELECT * FROM entitlements WHERE customer_id = $1 ORDER BY subscription_id, price_id`, [customer_id])).map(rowOf)

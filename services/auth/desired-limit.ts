/**
 * The desired daily freeroll limit of a customer's player, recorded in `freeroll_limits` inside the
 * same transaction that changed the customer's entitlements (webhook, reconcile). The freeroll
 * worker syncs it right after; if the process stops first, the scheduled resync finds the row
 * (synced_limit differs) — an entitlement change is never lost between commit and sync.
 */
import { entitlementsOfCustomer } from "./entitlements.ts"
import { num, type Queryable } from "./sql.ts"
import { desiredFreerollLimit } from "./subscription.ts"

export interface LimitPolicy {
  readonly member_tiers: ReadonlyArray<string>
  readonly free: number
  readonly member: number
}

export const upsertDesired = (q: Queryable, public_key: string, desired: number, now_ms: number) =>
  q.query(
    `INSERT INTO freeroll_limits (public_key, desired_limit, synced_limit, updated_at_ms) VALUES ($1, $2, NULL, $3)
     ON CONFLICT (public_key) DO UPDATE SET desired_limit = $2, synced_limit = CASE WHEN freeroll_limits.desired_limit = $2 THEN freeroll_limits.synced_limit ELSE NULL END, updated_at_ms = $3`,
    [public_key, desired, now_ms]
  )

/** record the desired limit of the customer's player (none if no user or no casino key); returns it */
export const markDesiredForCustomer = async (q: Queryable, customer_id: string, policy: LimitPolicy, now_ms: number): Promise<number | null> => {
  const [u] = await q.query(`SELECT public_key FROM users WHERE stripe_customer_id = $1`, [customer_id])
  const pk = u?.["public_key"]
  if (typeof pk !== "string") return null
  const desired = desiredFreerollLimit(await entitlementsOfCustomer(q, customer_id), policy.member_tiers, { free: policy.free, member: policy.member })
  await upsertDesired(q, pk, desired, now_ms)
  const [row] = await q.query(`SELECT desired_limit FROM freeroll_limits WHERE public_key = $1`, [pk])
  return row === undefined ? null : num(row["desired_limit"])
}

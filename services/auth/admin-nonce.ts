/**
 * The admin nonce allocator every auth instance shares (table admin_nonces). `withAdminNonce`
 * holds the admin key's row lock (SELECT … FOR UPDATE) for the whole reserve → sign → submit, and
 * commits the increment only when the chain admitted the transaction, so several instances never
 * hand out the same nonce and a failed submission leaves no gap. The first use seeds the row from
 * the chain's nonce; a stored nonce behind the chain is raised to it; a NonceGap / NonceReplay
 * answer names the nonce the chain expects, which is stored and retried (bounded).
 */
import { authError } from "./errors.ts"
import { big, type Queryable, type SqlShape } from "./sql.ts"

export const NONCE_RESYNC_MAX = 3

export type NonceUse<T> = (nonce: bigint) => Promise<{ readonly kind: "accepted"; readonly value: T } | { readonly kind: "nonce"; readonly expected: bigint }>

const lockRow = async (q: Queryable, admin: string, chain_nonce: bigint, now_ms: number): Promise<bigint> => {
  await q.query(`INSERT INTO admin_nonces (admin_public_key, next_nonce, updated_at_ms) VALUES ($1, $2, $3) ON CONFLICT (admin_public_key) DO NOTHING`, [
    admin,
    chain_nonce.toString(),
    now_ms
  ])
  const [row] = await q.query(`SELECT next_nonce FROM admin_nonces WHERE admin_public_key = $1 FOR UPDATE`, [admin])
  if (row === undefined) throw authError("StorageFailure", "the admin nonce row vanished")
  return big(row["next_nonce"])
}

const store = (q: Queryable, admin: string, next: bigint, now_ms: number) =>
  q.query(`UPDATE admin_nonces SET next_nonce = $2, updated_at_ms = $3 WHERE admin_public_key = $1`, [admin, next.toString(), now_ms])

/**
 * Run `use` with the next admin nonce under the row lock. `chainNonce` reads the admin account's
 * executed nonce (a floor). The returned nonce is the one the chain admitted.
 */
export const withAdminNonce = <T>(
  sql: SqlShape,
  admin_public_key: string,
  chainNonce: () => Promise<bigint>,
  use: NonceUse<T>,
  now: () => number = Date.now
): Promise<{ readonly nonce: bigint; readonly value: T }> =>
  sql.transaction(async (q) => {
    const floor = await chainNonce()
    const stored = await lockRow(q, admin_public_key, floor, now())
    let nonce = stored < floor ? floor : stored
    for (let attempt = 0; attempt <= NONCE_RESYNC_MAX; attempt++) {
      const r = await use(nonce)
      if (r.kind === "accepted") {
        await store(q, admin_public_key, nonce + 1n, now())
        return { nonce, value: r.value }
      }
      if (r.expected === nonce) break
      nonce = r.expected
    }
    // rolls back: the row keeps its value and the next caller resyncs again
    throw authError("FreerollSyncFailed", `the chain kept refusing admin nonces (last tried ${nonce})`)
  })

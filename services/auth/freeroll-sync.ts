/**
 * Freeroll sync (chain-and-services.md §4.9): set a player's on-chain daily freeroll limit to the
 * one their entitlements give, with an admin transaction (CasinoSetTournamentLimit) signed by the
 * admin key under a shared nonce (admin-nonce.ts) and submitted to the indexer API.
 *
 * The desired limit is stored first (freeroll_limits), so a sync that fails after its bounded
 * retries (exponential backoff) is not lost: `resyncPending` (scheduled) retries every row whose
 * synced limit differs. Metrics freeroll.sync.attempt|success|failure|retry, timing
 * freeroll.sync_ms; audit rows tournament_limit.no_change|submitted|failed.
 */
import { PublicKey } from "../../engine/schema/primitives.ts"
import { signTransaction, type Signer } from "../../engine/tx/sign.ts"
import type { LogSinkShape } from "../log.ts"
import { withAdminNonce } from "./admin-nonce.ts"
import { recordAudit } from "./audit.ts"
import { upsertDesired } from "./desired-limit.ts"
import type { ChainClient } from "./chain-client.ts"
import { authError, isAuthError } from "./errors.ts"
import type { AuthMetricsShape } from "./metrics.ts"
import { num, str, type SqlShape } from "./sql.ts"

export type SyncStatus = "already_set" | "submitted" | "player_not_found"

export interface SyncResult {
  readonly status: SyncStatus
  readonly limit: number
  readonly nonce?: string
}

export interface FreerollSyncDeps {
  readonly sql: SqlShape
  readonly chain: ChainClient
  readonly admin: Signer
  readonly metrics: AuthMetricsShape
  readonly log: LogSinkShape
  readonly retry_max: number
  readonly retry_base_ms: number
  readonly namespace?: string
}

const BACKOFF_CAP_MS = 10_000
const PENDING_BATCH = 100
const isPublicKey = (s: string) => /^[0-9a-f]{64}$/.test(s)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const once = async (d: FreerollSyncDeps, public_key: string, desired: number, request_id: string | null): Promise<SyncResult> => {
  const current = await d.chain.dailyLimit(public_key)
  if (current === null) return { status: "player_not_found", limit: desired }
  if (current === desired) {
    await recordAudit(d.sql, d.log, { action: "tournament_limit.no_change", actor: d.admin.public_key, request_id, details: { player: public_key, current, desired } }, Date.now())
    return { status: "already_set", limit: desired }
  }
  const player = PublicKey.make(public_key)
  const { nonce } = await withAdminNonce(
    d.sql,
    d.admin.public_key,
    () => d.chain.accountNonce(d.admin.public_key),
    async (n) => {
      const tx = signTransaction(d.admin, n, { _tag: "CasinoSetTournamentLimit", player, daily_limit: desired }, d.namespace)
      const r = await d.chain.submit(tx)
      if (r.kind === "accepted") return { kind: "accepted", value: tx.signature }
      if (r.kind === "nonce") return r
      throw authError("FreerollSyncFailed", `the chain refused the admin transaction: ${r.error}`)
    }
  )
  await recordAudit(
    d.sql,
    d.log,
    { action: "tournament_limit.submitted", actor: d.admin.public_key, request_id, details: { player: public_key, current, desired, nonce: nonce.toString() } },
    Date.now()
  )
  return { status: "submitted", limit: desired, nonce: nonce.toString() }
}

const RETRYABLE = new Set(["ChainUnavailable", "FreerollSyncFailed", "StorageFailure"])

export const syncFreeroll = async (d: FreerollSyncDeps, public_key: string, desired: number, request_id: string | null): Promise<SyncResult> => {
  if (!isPublicKey(public_key)) throw authError("InvalidRequest", "the account has no valid casino public key")
  const t0 = performance.now()
  await upsertDesired(d.sql, public_key, desired, Date.now())
  let last: unknown = null
  for (let attempt = 0; attempt <= d.retry_max; attempt++) {
    d.metrics.count("freeroll.sync.attempt")
    try {
      const r = await once(d, public_key, desired, request_id)
      if (r.status !== "player_not_found")
        await d.sql.query(`UPDATE freeroll_limits SET synced_limit = $2, updated_at_ms = $3 WHERE public_key = $1 AND desired_limit = $2`, [public_key, desired, Date.now()])
      d.metrics.count("freeroll.sync.success")
      d.metrics.time("freeroll.sync_ms", performance.now() - t0)
      return r
    } catch (e) {
      last = e
      if (!(isAuthError(e) && RETRYABLE.has(e.reason)) || attempt === d.retry_max) break
      d.metrics.count("freeroll.sync.retry")
      await sleep(Math.min(BACKOFF_CAP_MS, d.retry_base_ms * 2 ** attempt))
    }
  }
  d.metrics.count("freeroll.sync.failure")
  d.metrics.time("freeroll.sync_ms", performance.now() - t0)
  const message = isAuthError(last) ? last.message : last instanceof Error ? last.message : String(last)
  await recordAudit(d.sql, d.log, { action: "tournament_limit.failed", actor: d.admin.public_key, request_id, details: { player: public_key, desired, error: message } }, Date.now()).catch(
    () => undefined
  )
  throw authError("FreerollSyncFailed", `freeroll sync failed: ${message}`)
}

/** retry every stored desired limit not yet synced (scheduled); returns how many were synced */
export const resyncPending = async (d: FreerollSyncDeps): Promise<number> => {
  const rows = await d.sql.query(
    `SELECT public_key, desired_limit FROM freeroll_limits WHERE synced_limit IS NULL OR synced_limit <> desired_limit ORDER BY updated_at_ms LIMIT ${PENDING_BATCH}`
  )
  let synced = 0
  for (const r of rows) {
    const ok = await syncFreeroll({ ...d, retry_max: 0 }, str(r["public_key"]), num(r["desired_limit"]), null).then(
      () => true,
      () => false
    )
    if (ok) synced++
  }
  return synced
}

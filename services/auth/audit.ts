/**
 * The audit trail: one row in `audit_events` for every privileged action (login, link, unlink,
 * checkout, portal, reconcile, webhook entitlement change, admin transaction, freeroll sync
 * outcome), and one JSON log line. Details never carry a secret (no key, token or signature).
 */
import type { LogSinkShape } from "../log.ts"
import type { Queryable } from "./sql.ts"

export interface AuditEntry {
  readonly action: string
  readonly actor: string | null
  readonly request_id?: string | null
  readonly details: Readonly<Record<string, unknown>>
}

export const recordAudit = async (q: Queryable, log: LogSinkShape, entry: AuditEntry, now_ms: number): Promise<void> => {
  const details = JSON.stringify(entry.details, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))
  await q.query(`INSERT INTO audit_events (at_ms, action, actor, request_id, details) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    now_ms,
    entry.action,
    entry.actor,
    entry.request_id ?? null,
    details
  ])
  log.write({ level: "info", msg: `audit.${entry.action}`, actor: entry.actor, request_id: entry.request_id ?? null, details: JSON.parse(details) })
}

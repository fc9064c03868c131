/**
 * AuthService: the auth + billing service as an Effect Layer. `AuthServiceLive(config, admin)`
 * opens the storage (PGlite or Postgres), migrates it, builds the Stripe client, the chain client
 * and the metrics registry, starts the freeroll worker (one bounded in-process queue of player
 * keys; anything dropped or failed stays in freeroll_limits for the scheduled resync) and the
 * scheduled jobs (retention every `retention_interval_ms`, reconciliation every
 * `reconcile_interval_ms`; 0 disables a schedule), all ended with the scope.
 */
import { Context, Effect, Layer, Schedule } from "effect"
import type Stripe from "stripe"
import type { Signer } from "../../engine/tx/sign.ts"
import { LogSink, type LogSinkShape } from "../log.ts"
import { recordAudit } from "./audit.ts"
import { makeStripe, pruneStripeEvents, reconcilePage } from "./billing.ts"
import { makeChainClient, type ChainClient } from "./chain-client.ts"
import { pruneChallenges } from "./challenges.ts"
import { checkAuthConfig, describeConfig, type AuthConfig } from "./config.ts"
import { authError } from "./errors.ts"
import { entitlementsOfCustomer, type EntitlementRow } from "./entitlements.ts"
import { resyncPending, syncFreeroll, type FreerollSyncDeps, type SyncResult } from "./freeroll-sync.ts"
import { makeAuthMetrics, type AuthMetricsShape } from "./metrics.ts"
import { migrate } from "./migrations.ts"
import { userByCustomer, userOf, type User } from "./sessions.ts"
import { openSql, type SqlShape } from "./sql.ts"
import { desiredFreerollLimit } from "./subscription.ts"

export const FREEROLL_QUEUE_MAX = 1_000
export const PRUNE_BATCH = 200

export interface AuthServiceShape {
  readonly config: AuthConfig
  readonly sql: SqlShape
  readonly stripe: Stripe
  readonly chain: ChainClient
  readonly metrics: AuthMetricsShape
  readonly log: LogSinkShape
  readonly admin_public_key: string
  readonly entitlementsOf: (user: User) => Promise<ReadonlyArray<EntitlementRow>>
  readonly desiredLimitOf: (user: User) => Promise<number>
  /** sync now (the explicit endpoint) */
  readonly syncUser: (user: User, request_id: string | null) => Promise<SyncResult>
  /** queue a sync for the customer's user (after a webhook or reconcile) */
  readonly enqueueCustomer: (customer_id: string) => void
  readonly enqueueUser: (user: User) => void
  /** resolves when the freeroll queue is empty and the worker idle */
  readonly idle: () => Promise<void>
  readonly retention: (now_ms: number) => Promise<{ readonly challenges: number; readonly events: number }>
  readonly reconcileScheduled: (now_ms: number) => Promise<{ readonly customers: number; readonly applied: number }>
  readonly audit: (action: string, actor: string | null, request_id: string | null, details: Readonly<Record<string, unknown>>) => Promise<void>
}

export class AuthService extends Context.Tag("nullspace/services/auth/AuthService")<AuthService, AuthServiceShape>() {}

const makeService = async (config: AuthConfig, admin: Signer, log: LogSinkShape): Promise<AuthServiceShape & { readonly stop: () => Promise<void> }> => {
  checkAuthConfig(config)
  const sql = await openSql(config.storage)
  try {
    await migrate(sql)
  } catch (e) {
    await sql.close()
    throw e
  }
  const stripe = makeStripe(config)
  const chain = makeChainClient(config.casino_api_url)
  const metrics = makeAuthMetrics()
  const deps: FreerollSyncDeps = { sql, chain, admin, metrics, log, retry_max: config.freeroll_retry_max, retry_base_ms: config.freeroll_retry_base_ms }
  const limits = { free: config.freeroll_limit_free, member: config.freeroll_limit_member }

  const entitlementsOf = async (user: User) => (user.stripe_customer_id === null ? [] : entitlementsOfCustomer(sql, user.stripe_customer_id))
  const desiredLimitOf = async (user: User) => desiredFreerollLimit(await entitlementsOf(user), config.member_tiers, limits)
  const audit = (action: string, actor: string | null, request_id: string | null, details: Readonly<Record<string, unknown>>) =>
    recordAudit(sql, log, { action, actor, request_id, details }, Date.now())

  const syncUser = async (user: User, request_id: string | null): Promise<SyncResult> => {
    if (user.public_key === null) throw authError("InvalidRequest", "link a casino public key first")
    const desired = await desiredLimitOf(user)
    try {
      const r = await syncFreeroll(deps, user.public_key, desired, request_id)
      await audit("admin.freeroll_sync", user.id, request_id, { public_key: user.public_key, status: r.status, limit: r.limit })
      return r
    } catch (e) {
      await audit("admin.freeroll_sync", user.id, request_id, { public_key: user.public_key, status: "failed", limit: desired }).catch(() => undefined)
      throw e
    }
  }

  // the freeroll worker: a bounded, de-duplicated queue of user ids
  const queue = new Set<string>()
  let running: Promise<void> | null = null
  let stopped = false
  const waiters: Array<() => void> = []
  const work = async () => {
    for (let i = 0; i < FREEROLL_QUEUE_MAX * 4 && !stopped; i++) {
      const next = queue.values().next()
      if (next.done === true) break
      queue.delete(next.value)
      const [row] = await sql.query(`SELECT * FROM users WHERE id = $1`, [next.value]).catch(() => [])
      if (row === undefined) continue
      await syncUser(userOf(row), null).catch((e: unknown) =>
        log.write({ level: "warn", msg: "freeroll.sync.deferred", user_id: next.value, error: e instanceof Error ? e.message.slice(0, 200) : String(e) })
      )
    }
    running = null
    if (queue.size > 0 && !stopped) kick()
    else for (const w of waiters.splice(0)) w()
  }
  const kick = () => {
    if (running === null) running = work()
  }
  const enqueueUser = (user: User) => {
    if (stopped) return
    if (queue.size >= FREEROLL_QUEUE_MAX && !queue.has(user.id)) {
      metrics.count("freeroll.queue.dropped")
      return
    }
    queue.add(user.id)
    kick()
  }
  const enqueueCustomer = (customer_id: string) => {
    void userByCustomer(sql, customer_id).then(
      (u) => (u === null ? undefined : enqueueUser(u)),
      () => undefined
    )
  }
  const idle = () => (running === null && queue.size === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r)))

  const retention = async (now_ms: number) => {
    const challenges = await pruneChallenges(sql, config.challenge_retention_ms, now_ms, PRUNE_BATCH)
    const events = await pruneStripeEvents(sql, config.stripe_event_retention_ms, now_ms, PRUNE_BATCH)
    await resyncPending(deps).catch(() => 0)
    return { challenges, events }
  }

  const reconcileScheduled = async (now_ms: number) => {
    const r = await reconcilePage(stripe, sql, config, now_ms)
    for (const customer of r.touched) enqueueCustomer(customer)
    await audit("billing.reconcile", null, null, { scheduled: true, customers: r.customers, applied: r.applied })
    return { customers: r.customers, applied: r.applied }
  }

  log.write({ level: "info", msg: "auth.config", ...describeConfig(config), admin_public_key: admin.public_key })
  return {
    config,
    sql,
    stripe,
    chain,
    metrics,
    log,
    admin_public_key: admin.public_key,
    entitlementsOf,
    desiredLimitOf,
    syncUser,
    enqueueCustomer,
    enqueueUser,
    idle,
    retention,
    reconcileScheduled,
    audit,
    stop: async () => {
      stopped = true
      queue.clear()
      if (running !== null) await running
      await sql.close()
    }
  }
}

const every = (ms: number, job: Effect.Effect<unknown>) =>
  ms <= 0 ? Effect.void : Effect.forkScoped(Effect.repeat(Effect.delay(job, ms), Schedule.forever))

export const AuthServiceLive = (config: AuthConfig, admin: Signer) =>
  Layer.scoped(
    AuthService,
    Effect.gen(function* () {
      const log = yield* LogSink
      const s = yield* Effect.acquireRelease(
        Effect.tryPromise({ try: () => makeService(config, admin, log), catch: (e) => e }).pipe(Effect.orDie),
        (s) => Effect.promise(() => s.stop())
      )
      const job = (name: string, f: () => Promise<unknown>) =>
        Effect.promise(() =>
          f().then(
            (r) => log.write({ level: "info", msg: `job.${name}`, result: r }),
            (e: unknown) => {
              s.metrics.count(`job.${name}.failure`)
              log.write({ level: "warn", msg: `job.${name}.failed`, error: e instanceof Error ? e.message.slice(0, 200) : String(e) })
            }
          )
        )
      yield* every(config.retention_interval_ms, job("retention", () => s.retention(Date.now())))
      yield* every(config.reconcile_interval_ms, job("reconcile", () => s.reconcileScheduled(Date.now())))
      return s
    })
  )

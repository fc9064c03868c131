/**
 * The bridge relayer (simulations.md §7.6, with its notes fixed): one poll runs both directions
 * (an error in one is logged and does not stop the other), then sleeps.
 *
 * EVM → casino: Deposited logs up to `latest − confirmations`, in (block, log) order, are first
 * recorded as pending deposits together with the advanced cursor (one durable write, so a log is
 * never skipped — note 10's index-0 skip cannot happen — and never forgotten); each pending
 * deposit is credited with BridgeDeposit{recipient, chips, source = the lockbox's depositKey} and
 * leaves the file only once the chain shows that source credited (the engine credits a source at
 * most once, so a retry after a crash cannot double it). A deposit the chain refuses (recipient
 * not registered yet, more than was withdrawn) is retried with capped backoff, never dropped.
 *
 * Casino → EVM: withdrawals are scanned by id; once `available_ts` passed, the lockbox
 * `withdraw(to, chips × 10^18, source)` is signed with an explicit nonce and its hash persisted
 * BEFORE broadcast; a restart rebroadcasts the same bytes, a dropped or reverted one is re-judged
 * from the lockbox's `processed[source]` (released, queued behind its delay, cancelled); after
 * `confirmations` blocks the release is finalized on the casino chain (FinalizeBridgeWithdrawal,
 * source = the EVM transaction hash) and the item leaves the file once the chain shows it
 * fulfilled. Pending items are processed in id order.
 *
 * Refunds (economy.md §2.34, evm.md): a withdrawal the lockbox owner cancelled (processed = 3),
 * or one the relayer blocked (over its ceiling, undeliverable) that is still unseen on the
 * lockbox `refund_blocked_after_s` chain seconds after it became available, or one an operator
 * names (`refund <id>`), is refunded on the casino chain with RefundBridgeWithdrawal. The decision
 * is written to the state file first (the item is never sent to the lockbox afterwards, across
 * restarts); the lockbox is asked once more right before submitting (a released or queued source
 * is never refunded); the item leaves the file once the chain shows it refunded (the engine
 * refunds a withdrawal at most once, so a retry after a crash cannot pay twice).
 */
import { Context, Duration, Effect, Either, Layer } from "effect"
import type { Address, Hex } from "viem"
import { fromHex } from "../../engine/codec/bytes.ts"
import { PublicKey } from "../../engine/schema/primitives.ts"
import { LogSink } from "../log.ts"
import { CasinoApi, SUBMIT_BATCH_MAX } from "./casino.ts"
import type { BridgeRefundReason } from "../../engine/economy/bridge/refund-reason.ts"
import { BridgeItemBlocked, BridgeRefundRefused, describeError, RelayerStateCorrupt, type RelayerError } from "./errors.ts"
import { Lockbox } from "./lockbox.ts"
import { chipsOf, destinationAddress, withdrawalSource } from "./source.ts"
import { RelayerStore, type PendingDeposit, type PendingWithdrawal, type RelayerState } from "./state.ts"

export interface RelayerOptions {
  readonly confirmations: bigint
  readonly log_range: bigint
  /** withdrawals read per poll */
  readonly withdraw_scan_max: number
  readonly poll_ms: number
  /** relayer-side ceiling per withdrawal in chips (0: none; the chain and the lockbox have their own caps) */
  readonly withdraw_max_chips: bigint
  readonly backoff_max_ms: number
  /**
   * chain seconds after a blocked withdrawal's `available_ts` before the relayer refunds it
   * (0: never on its own; a lockbox cancel is always refunded, an operator may refund any time)
   */
  readonly refund_blocked_after_s: bigint
}

export const DEFAULT_RELAYER_OPTIONS: RelayerOptions = {
  confirmations: 3n,
  log_range: 2000n,
  withdraw_scan_max: 1000,
  poll_ms: 5000,
  withdraw_max_chips: 0n,
  backoff_max_ms: 300_000,
  refund_blocked_after_s: 0n
}

export interface PollReport {
  readonly deposits_credited: number
  readonly withdrawals_sent: number
  readonly withdrawals_finalized: number
  readonly withdrawals_refunded: number
  readonly errors: ReadonlyArray<string>
}

/** where an operator's refund stands after one attempt */
export type RefundOutcome = "refunded" | "waiting" | "finalized"

export interface RelayerShape {
  readonly pollOnce: () => Effect.Effect<PollReport>
  /** an operator's refund of a pending withdrawal (decided durably, then attempted once) */
  readonly refund: (id: string) => Effect.Effect<RefundOutcome, BridgeRefundRefused | RelayerError>
  /** poll until interrupted */
  readonly run: () => Effect.Effect<never>
}

export class Relayer extends Context.Tag("nullspace/services/bridge/Relayer")<Relayer, RelayerShape>() {}

const hex32 = /^[0-9a-f]{64}$/
const byId = (a: PendingWithdrawal, b: PendingWithdrawal): number => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0)

export const relayerLayer = (options: RelayerOptions): Layer.Layer<Relayer, never, CasinoApi | Lockbox | RelayerStore | LogSink> =>
  Layer.effect(
    Relayer,
    Effect.gen(function* () {
      const casino = yield* CasinoApi
      const lockbox = yield* Lockbox
      const store = yield* RelayerStore
      const log = yield* LogSink
      const put = (f: (s: RelayerState) => RelayerState) => store.put(f(store.get()))
      /** a blocked item stays in the state file for an operator; the log names it with its code */
      const logBlocked = (kind: "deposit" | "withdrawal", id: string, reason: string) => {
        const e = new BridgeItemBlocked({ message: `${kind} ${id}: ${reason}` })
        log.write({ level: "error", msg: `bridge ${kind} blocked`, id, error: e._tag, code: e.code, detail: e.message })
      }
      const backoff = (attempts: number) => Date.now() + Math.min(options.poll_ms * 2 ** Math.min(attempts, 16), options.backoff_max_ms)

      const updateDeposit = (id: string, f: (d: PendingDeposit) => PendingDeposit) => put((s) => ({ ...s, deposits: s.deposits.map((d) => (d.id === id ? f(d) : d)) }))
      const updateWithdrawal = (id: string, f: (w: PendingWithdrawal) => PendingWithdrawal) =>
        put((s) => ({ ...s, withdrawals: s.withdrawals.map((w) => (w.id === id ? f(w) : w)) }))

      const depositsScan = Effect.gen(function* () {
        const latest = yield* lockbox.blockNumber()
        let credited = 0
        if (latest >= options.confirmations) {
          const finalized = latest - options.confirmations
          const from = BigInt(store.get().evm_next_block)
          if (from <= finalized) {
            const to = finalized < from + options.log_range - 1n ? finalized : from + options.log_range - 1n
            const logs = yield* lockbox.deposits(from, to)
            const known = new Set(store.get().deposits.map((d) => d.id))
            const fresh: PendingDeposit[] = logs
              .filter((l) => !known.has(l.id.toString()))
              .map((l) => {
                const chips = chipsOf(l.amount)
                const recipient = l.destination.slice(2).toLowerCase()
                const blocked = chips === null ? `amount ${l.amount} is not a whole number of chips within u64` : hex32.test(recipient) ? null : "destination is not a 32-byte key"
                return {
                  id: l.id.toString(),
                  deposit_key: l.deposit_key,
                  recipient: hex32.test(recipient) ? recipient : "0".repeat(64),
                  amount_chips: (chips ?? 0n).toString(),
                  evm_block: l.block.toString(),
                  evm_tx: l.tx,
                  attempts: 0,
                  next_try_ms: 0,
                  blocked
                }
              })
            for (const d of fresh) if (d.blocked !== null) logBlocked("deposit", d.id, d.blocked)
            // the new pending deposits and the advanced cursor in one durable write
            yield* put((s) => ({ ...s, evm_next_block: (to + 1n).toString(), deposits: [...s.deposits, ...fresh] }))
          }
        }
        const now = Date.now()
        const due = store
          .get()
          .deposits.filter((d) => d.blocked === null && d.next_try_ms <= now)
          .slice(0, SUBMIT_BATCH_MAX)
        const open: PendingDeposit[] = []
        for (const d of due) {
          if (yield* casino.depositCredited(d.deposit_key)) credited += yield* settleDeposit(d.id)
          else open.push(d)
        }
        if (open.length > 0) {
          for (const d of open) yield* updateDeposit(d.id, (x) => ({ ...x, attempts: x.attempts + 1, next_try_ms: backoff(x.attempts) }))
          const submitted = yield* Effect.either(
            casino.submitAdmin(open.map((d) => ({ _tag: "BridgeDeposit" as const, recipient: PublicKey.make(d.recipient), amount: BigInt(d.amount_chips), source: fromHex(d.deposit_key.slice(2)) })))
          )
          if (Either.isLeft(submitted)) log.write({ level: "warn", msg: "bridge deposits not executed; retrying later", error: submitted.left._tag, detail: submitted.left.message })
          for (const d of open) {
            if (yield* casino.depositCredited(d.deposit_key)) credited += yield* settleDeposit(d.id)
            else log.write({ level: "warn", msg: "bridge deposit not credited yet (recipient unregistered, deposits above withdrawals, or paused); retrying", id: d.id, attempts: d.attempts + 1 })
          }
        }
        return credited
      })

      const settleDeposit = (id: string) =>
        Effect.gen(function* () {
          const before = store.get().deposits.length
          yield* put((s) => ({ ...s, deposits: s.deposits.filter((d) => d.id !== id), credited_deposits: s.credited_deposits + 1 }))
          log.write({ level: "info", msg: "bridge deposit credited", id })
          return before - store.get().deposits.length
        })

      const withdrawalsScan = Effect.gen(function* () {
        const view = yield* casino.bridge()
        const next = BigInt(store.get().withdraw_next_id)
        if (view.next_withdrawal_id < next)
          return yield* Effect.fail(new RelayerStateCorrupt({ message: `the casino chain has ${view.next_withdrawal_id} withdrawals but the cursor is at ${next}: wrong chain or state file` }))
        const end = view.next_withdrawal_id < next + BigInt(options.withdraw_scan_max) ? view.next_withdrawal_id : next + BigInt(options.withdraw_scan_max)
        const fresh: PendingWithdrawal[] = []
        let cursor = next
        for (let id = next; id < end; id++) {
          const w = yield* casino.withdrawal(id)
          if (w === null) break
          cursor = id + 1n
          if (w.fulfilled || w.refunded) continue
          const to = destinationAddress(w.destination)
          const blocked =
            to === null ? "invalid withdrawal destination (20 bytes, or 32 with 12 leading zeros)" : options.withdraw_max_chips > 0n && w.amount > options.withdraw_max_chips ? `above the relayer's ceiling of ${options.withdraw_max_chips} chips` : null
          if (blocked !== null) logBlocked("withdrawal", id.toString(), blocked)
          fresh.push({
            id: id.toString(),
            source: withdrawalSource(w.id, fromHex(w.player), w.amount, w.destination),
            to,
            amount_chips: w.amount.toString(),
            available_ts: w.available_ts.toString(),
            evm_tx_hash: null,
            raw_tx: null,
            attempts: 0,
            next_try_ms: 0,
            blocked,
            refund_reason: null
          })
        }
        if (cursor !== next) yield* put((s) => ({ ...s, withdraw_next_id: cursor.toString(), withdrawals: [...s.withdrawals, ...fresh] }))
        let sent = 0
        let finalized = 0
        const latest = yield* lockbox.blockNumber()
        const now = Date.now()
        const due = [...store.get().withdrawals].sort(byId).filter((w) => w.blocked === null && w.refund_reason === null && w.next_try_ms <= now)
        for (const p of due.slice(0, options.withdraw_scan_max)) {
          const r = yield* Effect.either(stepWithdrawal(p, view.now_s, latest))
          if (Either.isLeft(r)) {
            yield* updateWithdrawal(p.id, (x) => ({ ...x, attempts: x.attempts + 1, next_try_ms: backoff(x.attempts) }))
            log.write({ level: "warn", msg: "bridge withdrawal step failed; retrying later", id: p.id, error: r.left._tag, detail: r.left.message })
          } else if (r.right === "sent") sent++
          else if (r.right === "finalized") finalized++
        }
        // refunds: decided ones, and blocked ones that may now be decided (cancelled, past the deadline)
        let refunded = 0
        const refundable = [...store.get().withdrawals].sort(byId).filter((w) => (w.refund_reason !== null || w.blocked !== null) && w.next_try_ms <= Date.now())
        for (const p of refundable.slice(0, options.withdraw_scan_max)) {
          const r = yield* Effect.either(stepRefund(p, view.now_s))
          if (Either.isLeft(r)) {
            yield* updateWithdrawal(p.id, (x) => ({ ...x, attempts: x.attempts + 1, next_try_ms: backoff(x.attempts) }))
            log.write({ level: "warn", msg: "bridge withdrawal refund failed; retrying later", id: p.id, error: r.left._tag, detail: r.left.message })
          } else if (r.right === "refunded") refunded++
          else if (r.right === "finalized") finalized++
        }
        return { sent, finalized, refunded }
      })

      const sourceOf = (p: PendingWithdrawal): Hex => (p.source.startsWith("0x") ? `0x${p.source.slice(2)}` : `0x${p.source}`)

      const settleFinalized = (id: string) =>
        Effect.gen(function* () {
          yield* put((s) => ({ ...s, withdrawals: s.withdrawals.filter((x) => x.id !== id), finalized_withdrawals: s.finalized_withdrawals + 1 }))
          log.write({ level: "info", msg: "bridge withdrawal finalized", id })
          return "finalized" as const
        })

      const settleRefunded = (id: string) =>
        Effect.gen(function* () {
          yield* put((s) => ({ ...s, withdrawals: s.withdrawals.filter((x) => x.id !== id), refunded_withdrawals: s.refunded_withdrawals + 1 }))
          log.write({ level: "info", msg: "bridge withdrawal refunded", id })
          return "refunded" as const
        })

      /** the refund reason of a pending item, deciding it when the lockbox or the deadline says so */
      const decideRefund = (p: PendingWithdrawal, now_s: bigint) =>
        Effect.gen(function* () {
          if (p.refund_reason !== null) return p.refund_reason
          if (p.blocked === null || p.evm_tx_hash !== null) return null
          const state = yield* lockbox.processed(sourceOf(p))
          if (state === 3) return "cancelled_on_lockbox" as const
          const deadline = options.refund_blocked_after_s
          if (state === 0 && deadline > 0n && now_s >= BigInt(p.available_ts) + deadline) return "blocked_by_relayer" as const
          return null
        })

      const stepRefund = (p: PendingWithdrawal, now_s: bigint) =>
        Effect.gen(function* () {
          const reason: BridgeRefundReason | null = yield* decideRefund(p, now_s)
          if (reason === null) return "waiting" as const
          if (p.refund_reason === null) {
            // durable before anything is submitted: from here on the item is never sent to the lockbox
            yield* updateWithdrawal(p.id, (x) => ({ ...x, refund_reason: reason, blocked: x.blocked ?? `refund decided: ${reason}` }))
            log.write({ level: "info", msg: "bridge withdrawal refund decided", id: p.id, reason })
          }
          const w = yield* casino.withdrawal(BigInt(p.id))
          if (w === null) return "waiting" as const
          if (w.refunded) return yield* settleRefunded(p.id)
          if (w.fulfilled) {
            log.write({ level: "error", msg: "bridge withdrawal refund decided but the chain finalized it", id: p.id })
            return yield* settleFinalized(p.id)
          }
          if (p.evm_tx_hash !== null) return "waiting" as const
          const state = yield* lockbox.processed(sourceOf(p))
          if (state === 1 || state === 2) {
            // the lockbox released or queued it: never refund; the release path takes it from here
            yield* updateWithdrawal(p.id, (x) => ({ ...x, refund_reason: null, blocked: state === 1 ? null : x.blocked }))
            log.write({ level: "error", msg: "bridge withdrawal refund refused: the lockbox holds it", id: p.id, processed: state })
            return "waiting" as const
          }
          yield* casino.submitAdmin([{ _tag: "RefundBridgeWithdrawal", withdrawal_id: BigInt(p.id), reason }])
          const after = yield* casino.withdrawal(BigInt(p.id))
          if (after !== null && after.refunded) return yield* settleRefunded(p.id)
          return "waiting" as const
        })

      const refund = (id: string) =>
        Effect.gen(function* () {
          const p = store.get().withdrawals.find((w) => w.id === id)
          if (p === undefined)
            return yield* Effect.fail(new BridgeRefundRefused({ message: `withdrawal ${id} is not pending in the relayer's state file (finalized, refunded, or not scanned yet)` }))
          if (p.evm_tx_hash !== null)
            return yield* Effect.fail(new BridgeRefundRefused({ message: `withdrawal ${id} has a lockbox transaction in flight (${p.evm_tx_hash}); it is judged first` }))
          if (p.refund_reason === null) {
            yield* updateWithdrawal(id, (x) => ({ ...x, refund_reason: "operator", blocked: x.blocked ?? "refund requested by an operator" }))
            log.write({ level: "info", msg: "bridge withdrawal refund decided", id, reason: "operator" })
          }
          const decided = store.get().withdrawals.find((w) => w.id === id) ?? p
          const view = yield* casino.bridge()
          const outcome: RefundOutcome = yield* stepRefund(decided, view.now_s)
          return outcome
        })

      const sendSigned = (p: PendingWithdrawal, signed: { readonly hash: Hex; readonly raw: Hex }) =>
        Effect.gen(function* () {
          // durable before broadcast: a crash after this line rebroadcasts these very bytes
          yield* updateWithdrawal(p.id, (x) => ({ ...x, evm_tx_hash: signed.hash, raw_tx: signed.raw }))
          yield* lockbox.broadcast(signed.raw)
          log.write({ level: "info", msg: "bridge withdrawal sent to the lockbox", id: p.id, evm_tx: signed.hash })
          return "sent" as const
        })

      const stepWithdrawal = (p: PendingWithdrawal, now_s: bigint, latest: bigint) =>
        Effect.gen(function* () {
          const w = yield* casino.withdrawal(BigInt(p.id))
          if (w === null) return "waiting" as const
          if (w.fulfilled) return yield* settleFinalized(p.id)
          // refunded on the casino chain (by this relayer or another admin tool): never send it
          if (w.refunded) return yield* settleRefunded(p.id)
          if (now_s < BigInt(p.available_ts) || p.to === null) return "waiting" as const
          const source = sourceOf(p)
          const to: Address = `0x${p.to.slice(2)}`
          if (p.evm_tx_hash === null) {
            const state = yield* lockbox.processed(source)
            if (state === 1) {
              const hash = yield* lockbox.releaseTx(source, 0n)
              if (hash !== null) yield* updateWithdrawal(p.id, (x) => ({ ...x, evm_tx_hash: hash, raw_tx: null }))
              return "waiting" as const
            }
            if (state === 3) {
              yield* updateWithdrawal(p.id, (x) => ({ ...x, blocked: "cancelled on the lockbox by its owner", refund_reason: "cancelled_on_lockbox" }))
              logBlocked("withdrawal", p.id, "cancelled on the lockbox by its owner")
              return "waiting" as const
            }
            if (state === 2) return yield* sendSigned(p, yield* lockbox.signRelease(source))
            return yield* sendSigned(p, yield* lockbox.signWithdraw(to, BigInt(p.amount_chips) * 10n ** 18n, source))
          }
          const hash: Hex = `0x${p.evm_tx_hash.slice(2)}`
          const receipt = yield* lockbox.receipt(hash)
          if (receipt === null) {
            if (p.raw_tx !== null) {
              const again = yield* Effect.either(lockbox.broadcast(`0x${p.raw_tx.slice(2)}`))
              // a transaction that can no longer be mined (its nonce taken): judge again from the lockbox
              if (Either.isLeft(again)) yield* updateWithdrawal(p.id, (x) => ({ ...x, evm_tx_hash: null, raw_tx: null }))
            }
            return "waiting" as const
          }
          if (receipt.status === "reverted") {
            yield* updateWithdrawal(p.id, (x) => ({ ...x, evm_tx_hash: null, raw_tx: null }))
            return "waiting" as const
          }
          if (latest < receipt.block + options.confirmations) return "waiting" as const
          const state = yield* lockbox.processed(source)
          if (state !== 1) {
            // queued behind the lockbox's delay (or cancelled): the release path decides next
            yield* updateWithdrawal(p.id, (x) => ({ ...x, evm_tx_hash: null, raw_tx: null }))
            return "waiting" as const
          }
          yield* casino.submitAdmin([{ _tag: "FinalizeBridgeWithdrawal", withdrawal_id: BigInt(p.id), source: fromHex(hash.slice(2)) }])
          const after = yield* casino.withdrawal(BigInt(p.id))
          if (after !== null && after.fulfilled) {
            yield* put((s) => ({ ...s, withdrawals: s.withdrawals.filter((x) => x.id !== p.id), finalized_withdrawals: s.finalized_withdrawals + 1 }))
            log.write({ level: "info", msg: "bridge withdrawal finalized", id: p.id, evm_tx: hash })
            return "finalized" as const
          }
          return "waiting" as const
        })

      const pollOnce = () =>
        Effect.gen(function* () {
          const errors: string[] = []
          const d = yield* Effect.either(depositsScan)
          if (Either.isLeft(d)) {
            errors.push(`${d.left._tag}: ${d.left.message}`)
            log.write({ level: "warn", msg: "bridge deposit scan failed", error: d.left._tag, detail: d.left.message })
          }
          const w = yield* Effect.either(withdrawalsScan)
          if (Either.isLeft(w)) {
            errors.push(`${w.left._tag}: ${w.left.message}`)
            log.write({ level: "warn", msg: "bridge withdrawal scan failed", error: w.left._tag, detail: w.left.message })
          }
          return {
            deposits_credited: Either.isRight(d) ? d.right : 0,
            withdrawals_sent: Either.isRight(w) ? w.right.sent : 0,
            withdrawals_finalized: Either.isRight(w) ? w.right.finalized : 0,
            withdrawals_refunded: Either.isRight(w) ? w.right.refunded : 0,
            errors
          }
        }).pipe(
          Effect.catchAllDefect((e) => Effect.succeed({ deposits_credited: 0, withdrawals_sent: 0, withdrawals_finalized: 0, withdrawals_refunded: 0, errors: [`defect: ${describeError(e)}`] }))
        )

      return {
        pollOnce,
        refund,
        run: () => Effect.forever(Effect.zipRight(pollOnce(), Effect.sleep(Duration.millis(options.poll_ms))))
      }
    })
  )


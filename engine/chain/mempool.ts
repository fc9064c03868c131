/**
 * The mempool (chain-and-services.md §2.4, hardened against starvation): pending transactions per
 * account, bounded in total and per account, that no flood can fill with transactions that will
 * never execute. Pure data structure: the dev chain, validator nodes and simulations share it, so
 * a simulation builds blocks exactly as a node does.
 *
 * Rules
 * - Reachable only. A transaction is admitted iff its key is not weak (tx/verify.ts), its nonce is
 *   not below the account's next nonce (NonceReplay), the same nonce is not already pending (first
 *   copy wins), and its nonce is exactly one past the account's last pending nonce (or is the next
 *   nonce): every pending transaction is executable once the ones before it are. A nonce gap is
 *   refused (NonceGap) before it takes any room, so "never executable" transactions cannot enter.
 * - Bounded share. An account holds at most `per_account_max` (the nonce window,
 *   MEMPOOL_NONCE_WINDOW = 16) pending transactions: nonces next … next + window - 1.
 * - Bounded total: `transactions_max`; a batch that does not fit is refused whole (MempoolFull).
 * - Expiry without a clock: the driver passes its height at admission and calls `expire(height)`;
 *   a transaction admitted at h is dropped once height > h + ttl_blocks, together with the
 *   account's later nonces (they would no longer be reachable).
 * - Fair selection: round-robin over accounts (arrival order; accounts just served move behind
 *   those still waiting), one transaction per account per block, the account's next nonce only.
 * - Cheap first: `check` judges a whole batch (keys, nonces, duplicates, room) without changing
 *   anything and without signature work; the admission path runs it BEFORE verifying signatures,
 *   then `admitAll`, which re-checks and adds all or nothing.
 */
import { fromHex } from "../codec/bytes.ts"
import { NonceGap, NonceReplay, WeakPublicKey } from "../errors.ts"
import type { PublicKey } from "../schema/primitives.ts"
import type { Transaction } from "../tx/transaction.ts"
import { publicKeyProblem } from "../tx/verify.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "./constants.ts"

/** how far ahead of its next nonce an account may queue, and so its share of the pool */
export const MEMPOOL_NONCE_WINDOW = 16
export const MEMPOOL_TRANSACTIONS_MAX = 100_000
/** blocks a pending transaction may wait before it is dropped */
export const MEMPOOL_TTL_BLOCKS = 1_024

export interface MempoolLimits {
  readonly transactions_max: number
  /** the nonce window: pending transactions one account may hold, contiguous from its next nonce */
  readonly per_account_max: number
  /** a transaction admitted at height h expires once the driver's height exceeds h + ttl_blocks */
  readonly ttl_blocks: number
}

export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = {
  transactions_max: MEMPOOL_TRANSACTIONS_MAX,
  per_account_max: MEMPOOL_NONCE_WINDOW,
  ttl_blocks: MEMPOOL_TTL_BLOCKS
}

/** The pool cannot take the batch; code 200 is the one the service edge reports (services/api/errors.ts). */
export class MempoolFull extends Error {
  readonly _tag = "MempoolFull"
  readonly code = 200
}

export type AdmissionError = NonceReplay | NonceGap | WeakPublicKey | MempoolFull

export interface AdmissionRejected {
  readonly _tag: "AdmissionRejected"
  readonly error: AdmissionError
  /** the offending transaction's position in the batch (null when the whole batch is refused) */
  readonly index: number | null
}

export type MempoolAdmission = "added" | "duplicate" | NonceReplay | NonceGap | WeakPublicKey | MempoolFull

interface Pending {
  readonly tx: Transaction
  readonly admitted_at: bigint
}

interface AccountQueue {
  /** pending transactions by nonce: contiguous, lowest first */
  readonly entries: Map<bigint, Pending>
  last: bigint
}

/** rejections are built from typed values here: skip the schema re-validation on this hot path */
const UNCHECKED = { disableValidation: true } as const

const rejected = (error: AdmissionError, index: number | null): AdmissionRejected => ({ _tag: "AdmissionRejected", error, index })

export class Mempool {
  private readonly byAccount = new Map<PublicKey, AccountQueue>()
  /** accounts in arrival order: the round-robin ring */
  private ring: PublicKey[] = []
  private total = 0

  constructor(readonly limits: MempoolLimits = DEFAULT_MEMPOOL_LIMITS) {
    if (!(limits.per_account_max >= 1 && limits.transactions_max >= 1 && limits.ttl_blocks >= 1))
      throw new RangeError(`mempool limits must be positive: ${JSON.stringify(limits)}`)
  }

  get size(): number {
    return this.total
  }

  get accounts(): number {
    return this.byAccount.size
  }

  has(public_key: PublicKey, nonce: bigint): boolean {
    return this.byAccount.get(public_key)?.entries.has(nonce) ?? false
  }

  /** pending transactions of one account */
  pendingOf(public_key: PublicKey): number {
    return this.byAccount.get(public_key)?.entries.size ?? 0
  }

  /**
   * The one admission rule for one transaction given the nonce the account's last admitted
   * transaction would leave (`tail`: last pending nonce, or next - 1 when none is pending).
   */
  private judge(tx: Transaction, next: bigint, tail: bigint, pendingHere: boolean): AdmissionError | "duplicate" | null {
    const problem = publicKeyProblem(fromHex(tx.public_key))
    if (problem !== null)
      return new WeakPublicKey({ message: `key ${tx.public_key} is a ${problem.replace("_", "-")} point: nothing it signs is valid` }, UNCHECKED)
    if (tx.nonce < next) return new NonceReplay({ message: `nonce ${tx.nonce} already used (next is ${next})`, expected: next, got: tx.nonce }, UNCHECKED)
    if (pendingHere) return "duplicate"
    if (tx.nonce >= next + BigInt(this.limits.per_account_max))
      return new NonceGap({
        message: `nonce ${tx.nonce} is ${this.limits.per_account_max} or more ahead of the next nonce ${next} (the mempool window)`,
        expected: next,
        got: tx.nonce
      }, UNCHECKED)
    if (tx.nonce !== tail + 1n)
      return new NonceGap({
        message: `nonce ${tx.nonce} is not reachable: nonce ${tail + 1n} is neither executed nor pending`,
        expected: tail + 1n,
        got: tx.nonce
      }, UNCHECKED)
    return null
  }

  private tailOf(pk: PublicKey, next: bigint): bigint {
    const q = this.byAccount.get(pk)
    return q === undefined || q.entries.size === 0 ? next - 1n : q.last
  }

  /**
   * Judge a batch, all or nothing, without changing anything (no signature work: run it first).
   * A nonce already pending, or twice in the batch, is a NonceReplay.
   */
  check(txs: ReadonlyArray<Transaction>, nonceOf: (pk: PublicKey) => bigint): AdmissionRejected | null {
    const tails = new Map<PublicKey, bigint>()
    for (let i = 0; i < txs.length; i++) {
      const tx = txs[i]
      if (tx === undefined) throw new Error("unreachable: index within bounds")
      const next = nonceOf(tx.public_key)
      const batchTail = tails.get(tx.public_key)
      const tail = batchTail ?? this.tailOf(tx.public_key, next)
      const inBatch = batchTail !== undefined && tx.nonce <= batchTail && tx.nonce >= next
      const verdict = this.judge(tx, next, tail, this.has(tx.public_key, tx.nonce) || inBatch)
      if (verdict === "duplicate")
        return rejected(
          new NonceReplay({
            message: inBatch ? `nonce ${tx.nonce} appears twice in this submission` : `nonce ${tx.nonce} is already pending for this key`,
            expected: next,
            got: tx.nonce
          }),
          i
        )
      if (verdict !== null) return rejected(verdict, i)
      tails.set(tx.public_key, tx.nonce)
    }
    if (this.total + txs.length > this.limits.transactions_max)
      return rejected(
        new MempoolFull(`the mempool holds ${this.total} of ${this.limits.transactions_max} transactions; ${txs.length} do not fit`),
        null
      )
    return null
  }

  /** admit a batch all or nothing at driver height `now` (re-checks first) */
  admitAll(txs: ReadonlyArray<Transaction>, nonceOf: (pk: PublicKey) => bigint, now: bigint): AdmissionRejected | null {
    const rejection = this.check(txs, nonceOf)
    if (rejection !== null) return rejection
    for (const tx of txs) this.insert(tx, now)
    return null
  }

  /** admit one transaction given its account's next nonce in committed state */
  add(tx: Transaction, next_nonce: bigint, now = 0n): MempoolAdmission {
    const verdict = this.judge(tx, next_nonce, this.tailOf(tx.public_key, next_nonce), this.has(tx.public_key, tx.nonce))
    if (verdict !== null) return verdict
    if (this.total >= this.limits.transactions_max) return new MempoolFull(`the mempool holds ${this.limits.transactions_max} transactions`)
    this.insert(tx, now)
    return "added"
  }

  private insert(tx: Transaction, now: bigint): void {
    const q = this.byAccount.get(tx.public_key)
    if (q === undefined) {
      this.byAccount.set(tx.public_key, { entries: new Map([[tx.nonce, { tx, admitted_at: now }]]), last: tx.nonce })
      this.ring.push(tx.public_key)
    } else {
      if (q.entries.size > 0 && tx.nonce !== q.last + 1n) throw new Error(`mempool invariant: nonce ${tx.nonce} does not follow ${q.last}`)
      q.entries.set(tx.nonce, { tx, admitted_at: now })
      q.last = tx.nonce
    }
    this.total++
  }

  /**
   * Transactions for the next block: round-robin over accounts in ring order, each account's
   * next-nonce transaction only (later nonces wait for later blocks). Non-destructive.
   */
  select(nonceOf: (pk: PublicKey) => bigint, transactions_max = MAX_TRANSACTIONS_PER_BLOCK): Transaction[] {
    const out: Transaction[] = []
    for (const pk of this.ring) {
      if (out.length >= transactions_max) break
      const p = this.byAccount.get(pk)?.entries.get(nonceOf(pk))
      if (p !== undefined) out.push(p.tx)
    }
    return out
  }

  /** drop every transaction whose nonce is below its account's next nonce (after a block executes) */
  prune(nonceOf: (pk: PublicKey) => bigint): void {
    const waiting: PublicKey[] = []
    const served: PublicKey[] = []
    for (const pk of this.ring) {
      const q = this.byAccount.get(pk)
      if (q === undefined) continue
      const next = nonceOf(pk)
      let removed = false
      for (const n of q.entries.keys()) {
        if (n >= next) break // contiguous, lowest first
        q.entries.delete(n)
        this.total--
        removed = true
      }
      if (q.entries.size === 0) this.byAccount.delete(pk)
      else (removed ? served : waiting).push(pk)
    }
    // accounts just served move behind those still waiting, so every account gets its turn
    this.ring = [...waiting, ...served]
  }

  /** drop an account's pending transactions from `from_nonce` on (e.g. one a block verification refused); returns how many */
  evict(public_key: PublicKey, from_nonce: bigint): number {
    const q = this.byAccount.get(public_key)
    if (q === undefined) return 0
    let dropped = 0
    for (const n of q.entries.keys()) {
      if (n < from_nonce) continue
      q.entries.delete(n)
      dropped++
    }
    this.total -= dropped
    if (q.entries.size === 0) {
      this.byAccount.delete(public_key)
      this.ring = this.ring.filter((pk) => pk !== public_key)
    } else if (dropped > 0) q.last = from_nonce - 1n
    return dropped
  }

  /** drop transactions admitted more than ttl_blocks before `now`, and each account's later nonces; returns how many */
  expire(now: bigint): number {
    const ttl = BigInt(this.limits.ttl_blocks)
    let dropped = 0
    const kept: PublicKey[] = []
    for (const pk of this.ring) {
      const q = this.byAccount.get(pk)
      if (q === undefined) continue
      let cut: bigint | null = null
      for (const [n, p] of q.entries) {
        if (cut === null && now > p.admitted_at + ttl) cut = n
        if (cut !== null) {
          q.entries.delete(n)
          dropped++
        }
      }
      if (cut !== null) q.last = cut - 1n
      if (q.entries.size === 0) this.byAccount.delete(pk)
      else kept.push(pk)
    }
    this.total -= dropped
    this.ring = kept
    return dropped
  }
}

/**
 * The mempool (chain-and-services.md §2.4): pending transactions per account in nonce order,
 * bounded in total and per account. Selection for a block is round-robin over accounts, one
 * transaction per account per block, and only a transaction whose nonce is the account's next
 * nonce. Pure data structure: the dev chain, validator nodes and simulations share it, so a
 * simulation builds blocks exactly as a node does.
 */
import { NonceGap, NonceReplay } from "../errors.ts"
import type { PublicKey } from "../schema/primitives.ts"
import type { Transaction } from "../tx/transaction.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "./constants.ts"

export interface MempoolLimits {
  readonly transactions_max: number
  /** pending transactions one account may hold, counted from its next nonce */
  readonly per_account_max: number
}

export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = { transactions_max: 100_000, per_account_max: 64 }

export class MempoolFull extends Error {
  readonly _tag = "MempoolFull"
}

export type MempoolAdmission = "added" | "duplicate" | NonceReplay | NonceGap | MempoolFull

export class Mempool {
  private readonly byAccount = new Map<PublicKey, Map<bigint, Transaction>>()
  /** accounts in arrival order: the round-robin ring */
  private ring: PublicKey[] = []
  private total = 0

  constructor(readonly limits: MempoolLimits = DEFAULT_MEMPOOL_LIMITS) {}

  get size(): number {
    return this.total
  }

  /** admit a transaction given its account's next nonce in committed state */
  add(tx: Transaction, next_nonce: bigint): MempoolAdmission {
    if (tx.nonce < next_nonce)
      return new NonceReplay({ message: `nonce ${tx.nonce} already used (next is ${next_nonce})`, expected: next_nonce, got: tx.nonce })
    if (tx.nonce >= next_nonce + BigInt(this.limits.per_account_max))
      return new NonceGap({
        message: `nonce ${tx.nonce} is more than ${this.limits.per_account_max} ahead of the next nonce ${next_nonce}`,
        expected: next_nonce,
        got: tx.nonce
      })
    const pending = this.byAccount.get(tx.public_key)
    if (pending?.has(tx.nonce)) return "duplicate"
    if (this.total >= this.limits.transactions_max) return new MempoolFull(`the mempool holds ${this.limits.transactions_max} transactions`)
    if (pending === undefined) {
      this.byAccount.set(tx.public_key, new Map([[tx.nonce, tx]]))
      this.ring.push(tx.public_key)
    } else pending.set(tx.nonce, tx)
    this.total++
    return "added"
  }

  has(public_key: PublicKey, nonce: bigint): boolean {
    return this.byAccount.get(public_key)?.has(nonce) ?? false
  }

  /**
   * Transactions for the next block: round-robin over accounts in arrival order, each account's
   * next-nonce transaction only (later nonces wait for later blocks). Non-destructive.
   */
  select(nonceOf: (pk: PublicKey) => bigint, transactions_max = MAX_TRANSACTIONS_PER_BLOCK): Transaction[] {
    const out: Transaction[] = []
    for (const pk of this.ring) {
      if (out.length >= transactions_max) break
      const tx = this.byAccount.get(pk)?.get(nonceOf(pk))
      if (tx !== undefined) out.push(tx)
    }
    return out
  }

  /** drop every transaction whose nonce is below its account's next nonce (after a block executes) */
  prune(nonceOf: (pk: PublicKey) => bigint): void {
    const waiting: PublicKey[] = []
    const served: PublicKey[] = []
    for (const pk of this.ring) {
      const pending = this.byAccount.get(pk)
      if (pending === undefined) continue
      const next = nonceOf(pk)
      let removed = false
      for (const n of [...pending.keys()]) {
        if (n < next) {
          pending.delete(n)
          this.total--
          removed = true
        }
      }
      if (pending.size === 0) this.byAccount.delete(pk)
      else (removed ? served : waiting).push(pk)
    }
    // accounts just served move behind those still waiting, so every account gets its turn
    this.ring = [...waiting, ...served]
  }
}

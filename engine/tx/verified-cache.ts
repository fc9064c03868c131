/**
 * Signatures already verified, remembered so that the same transaction costs signature work once:
 * at admission (a replayed or resubmitted batch) and again when the block that carries it is
 * verified. Keyed by namespace, transaction id AND signature (the id excludes the signature, so
 * an id alone would let a forged signature ride on a verified one). Bounded LRU: at
 * VERIFIED_SIGNATURES_MAX entries the least recently used is dropped. Only successes are stored.
 */
import type { Transaction } from "./transaction.ts"
import { transactionId } from "./transaction.ts"
import { verifyTransaction, type SignatureVerifierShape } from "./verify.ts"

export const VERIFIED_SIGNATURES_MAX = 65_536

export class VerifiedSignatures {
  private readonly entries = new Set<string>()

  constructor(readonly entries_max: number = VERIFIED_SIGNATURES_MAX) {
    if (!(entries_max >= 1)) throw new RangeError(`entries_max must be positive: ${entries_max}`)
  }

  static key(tx: Transaction, namespace: string, tx_id: string = transactionId(tx)): string {
    return `${namespace}/${tx_id}/${tx.signature}`
  }

  get size(): number {
    return this.entries.size
  }

  /** true when verified before (and marks it recently used) */
  has(key: string): boolean {
    if (!this.entries.has(key)) return false
    this.entries.delete(key)
    this.entries.add(key)
    return true
  }

  add(key: string): void {
    this.entries.delete(key)
    this.entries.add(key)
    while (this.entries.size > this.entries_max) {
      const oldest = this.entries.values().next()
      if (oldest.done === true) break
      this.entries.delete(oldest.value)
    }
  }
}

/** verify one transaction's signature unless the cache already holds it; a success is remembered */
export const verifyTransactionCached = (
  verifier: SignatureVerifierShape,
  tx: Transaction,
  namespace: string,
  cache: VerifiedSignatures | undefined,
  tx_id?: string
): boolean => {
  if (cache === undefined) return verifyTransaction(verifier, tx, namespace)
  const key = VerifiedSignatures.key(tx, namespace, tx_id)
  if (cache.has(key)) return true
  const ok = verifyTransaction(verifier, tx, namespace)
  if (ok) cache.add(key)
  return ok
}

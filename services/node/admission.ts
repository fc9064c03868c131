/**
 * All-or-nothing mempool admission for one submission. Every transaction is first judged by the
 * engine's own Mempool rules against a scratch mempool (same limits, so the nonce window and
 * duplicate rules are the engine's); a nonce already pending in the live mempool counts as a
 * replay. Only when every transaction passes, and the live mempool has room for all of them, are
 * they added. Runs synchronously, so nothing can interleave between the check and the adds.
 */
import type { Chain } from "../../engine/chain/chain.ts"
import { Mempool, MempoolFull } from "../../engine/chain/mempool.ts"
import { NonceGap, NonceReplay } from "../../engine/errors.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"

export type AdmissionError = NonceReplay | NonceGap | MempoolFull

export interface AdmissionRejected {
  readonly _tag: "AdmissionRejected"
  readonly error: AdmissionError
  /** the offending transaction's position in the submission (absent when the whole batch is refused) */
  readonly index: number | null
}

const rejected = (error: AdmissionError, index: number | null): AdmissionRejected => ({ _tag: "AdmissionRejected", error, index })

export const admitAll = (chain: Chain, mempool: Mempool, txs: ReadonlyArray<Transaction>): AdmissionRejected | null => {
  const trial = new Mempool(mempool.limits)
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i]!
    const next = chain.nonceOf(tx.public_key)
    const verdict = trial.add(tx, next)
    if (verdict === "duplicate")
      return rejected(new NonceReplay({ message: `nonce ${tx.nonce} appears twice in this submission`, expected: next, got: tx.nonce }), i)
    if (verdict !== "added") return rejected(verdict, i)
    if (mempool.has(tx.public_key, tx.nonce))
      return rejected(new NonceReplay({ message: `nonce ${tx.nonce} is already pending for this key`, expected: next, got: tx.nonce }), i)
  }
  if (mempool.size + txs.length > mempool.limits.transactions_max)
    return rejected(new MempoolFull(`the mempool holds ${mempool.size} of ${mempool.limits.transactions_max} transactions; ${txs.length} do not fit`), null)
  for (const tx of txs) {
    const verdict = mempool.add(tx, chain.nonceOf(tx.public_key))
    if (verdict !== "added") throw new Error(`admission invariant broken: a checked transaction was refused (${String(verdict)})`)
  }
  return null
}

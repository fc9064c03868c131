/**
 * The next nonce of every account after blocks that are not executed yet (a notarized parent a
 * leader builds on before it is finalized). It follows applyTransaction's nonce rule exactly: a
 * transaction whose nonce is the account's next one consumes it (applied or failed alike); any
 * other is skipped and consumes nothing. No other state is needed, so a block on an unexecuted
 * parent selects the same transactions execution would accept.
 */
import type { Block } from "../block.ts"
import type { PublicKey } from "../schema/primitives.ts"

/** the nonce an account has next after a transaction with `tx_nonce` when `expected` was next */
export const nonceAfter = (expected: bigint, tx_nonce: bigint): bigint => (tx_nonce === expected ? expected + 1n : expected)

/** `nonceOf` as of after `blocks` (oldest first) on top of the executed state `base` */
export const nonceOverlay = (blocks: ReadonlyArray<Block>, base: (pk: PublicKey) => bigint): ((pk: PublicKey) => bigint) => {
  if (blocks.length === 0) return base
  const next = new Map<PublicKey, bigint>()
  for (const block of blocks)
    for (const tx of block.transactions) next.set(tx.public_key, nonceAfter(next.get(tx.public_key) ?? base(tx.public_key), tx.nonce))
  return (pk) => next.get(pk) ?? base(pk)
}

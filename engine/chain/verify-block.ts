/**
 * Block verification (chain-and-services.md §1.7–§1.8, tightened): a pure function every driver
 * runs before it executes a block it did not build itself, and on blocks it did (the dev chain
 * verifies its own proposals, finalized blocks from consensus and every replayed log record).
 *
 * `verifyBlock(block, parent, config, verifier)` returns null or the FIRST problem found, as a
 * tagged error with a stable code (engine/errors.ts 106–115), checking in this order:
 *   1. at most MAX_TRANSACTIONS_PER_BLOCK (500) transactions;                BlockTooManyTransactions
 *   2. the encoded block is at most MAX_BLOCK_BYTES;                          BlockTooLarge
 *   3. parent digest = the digest of the block it extends;                   BlockWrongParent
 *   4. height = parent height + 1;                                           BlockWrongHeight
 *   5. view > parent view, and = the expected view when the caller has one;  BlockWrongView
 *   6. per transaction, in block order (cheap checks, no signature work):
 *      - the key is not small-order or non-canonical;                        BlockWeakKey
 *      - no transaction id appears twice;                                    BlockDuplicateTransaction
 *      - per account: AT MOST ONE transaction per block, which is how the proposer builds blocks
 *        (§1.7: one per account, the account's next nonce). A second one with a nonce that does
 *        not increase is reported as BlockNonceOrder, one with a higher nonce as
 *        BlockAccountRepeated. (Nonces are not compared with committed state: a stale nonce is
 *        skipped at execution, §1.8.)
 *   7. every signature verifies under the network's transaction namespace (config);
 *                                                                            BlockBadSignature
 * A refused block is refused whole; the caller changes nothing. Signatures found in `verified`
 * (admission already checked them) are not re-verified.
 */
import { encodeBlock, type Block } from "../block.ts"
import { fromHex } from "../codec/bytes.ts"
import {
  BlockAccountRepeated,
  BlockBadSignature,
  BlockDuplicateTransaction,
  BlockNonceOrder,
  BlockTooLarge,
  BlockTooManyTransactions,
  BlockWeakKey,
  BlockWrongHeight,
  BlockWrongParent,
  BlockWrongView,
  type BlockError
} from "../errors.ts"
import type { DigestHex, PublicKey } from "../schema/primitives.ts"
import { transactionId } from "../tx/transaction.ts"
import { verifyTransactionCached, type VerifiedSignatures } from "../tx/verified-cache.ts"
import { publicKeyProblem, type SignatureVerifierShape } from "../tx/verify.ts"
import type { ChainConfig } from "./config.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "./constants.ts"

/** wire size limit of one block (the reference's max fetch size) */
export const MAX_BLOCK_BYTES = 1_048_576

/** what a block must extend: the last executed block */
export interface BlockParent {
  readonly digest: DigestHex
  readonly height: bigint
  readonly view: bigint
}

export interface VerifyBlockOptions {
  /** the view consensus expects this block in (when the caller knows it) */
  readonly view?: bigint
  /** signatures verified before (at admission) */
  readonly verified?: VerifiedSignatures
}

export const verifyBlock = (
  block: Block,
  parent: BlockParent,
  config: ChainConfig,
  verifier: SignatureVerifierShape,
  options: VerifyBlockOptions = {}
): BlockError | null => {
  const txs = block.transactions
  if (txs.length > MAX_TRANSACTIONS_PER_BLOCK)
    return new BlockTooManyTransactions({ message: `${txs.length} transactions exceed the block limit of ${MAX_TRANSACTIONS_PER_BLOCK}`, index: null })
  // a field over its own wire limit cannot even be encoded: that block is over the limit too
  let bytes: number
  try {
    bytes = encodeBlock(block).length
  } catch (e) {
    if (!(e instanceof RangeError)) throw e
    return new BlockTooLarge({ message: `the block does not encode within its limits: ${e.message}`, index: null })
  }
  if (bytes > MAX_BLOCK_BYTES) return new BlockTooLarge({ message: `the block encodes to ${bytes} bytes, over the limit of ${MAX_BLOCK_BYTES}`, index: null })
  if (block.parent !== parent.digest)
    return new BlockWrongParent({ message: `block ${block.height} names parent ${block.parent}, the chain's last block is ${parent.digest}`, index: null })
  if (block.height !== parent.height + 1n)
    return new BlockWrongHeight({ message: `block height ${block.height} does not follow ${parent.height}`, index: null })
  if (block.view <= parent.view) return new BlockWrongView({ message: `block view ${block.view} is not after the parent's view ${parent.view}`, index: null })
  if (options.view !== undefined && block.view !== options.view)
    return new BlockWrongView({ message: `block view ${block.view} is not the expected view ${options.view}`, index: null })

  const ids: string[] = []
  const seenIds = new Set<string>()
  const nonceByAccount = new Map<PublicKey, bigint>()
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i]
    if (tx === undefined) throw new Error("unreachable: index within bounds")
    const problem = publicKeyProblem(fromHex(tx.public_key))
    if (problem !== null) return new BlockWeakKey({ message: `transaction ${i}: key ${tx.public_key} is a ${problem.replace("_", "-")} point`, index: i })
    const id = transactionId(tx)
    if (seenIds.has(id)) return new BlockDuplicateTransaction({ message: `transaction ${i} (${id}) appears earlier in the block`, index: i })
    seenIds.add(id)
    ids.push(id)
    const earlier = nonceByAccount.get(tx.public_key)
    if (earlier !== undefined) {
      if (tx.nonce <= earlier)
        return new BlockNonceOrder({ message: `transaction ${i}: nonce ${tx.nonce} of ${tx.public_key} does not increase after ${earlier}`, index: i })
      return new BlockAccountRepeated({ message: `transaction ${i}: ${tx.public_key} already has a transaction in this block (one per account)`, index: i })
    }
    nonceByAccount.set(tx.public_key, tx.nonce)
  }

  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i]
    if (tx === undefined) throw new Error("unreachable: index within bounds")
    if (!verifyTransactionCached(verifier, tx, config.transaction_namespace, options.verified, ids[i]))
      return new BlockBadSignature({ message: `transaction ${i}: the signature does not verify under namespace ${config.transaction_namespace}`, index: i })
  }
  return null
}

/** the parent a block must extend, read from a chain-like view of the last executed block */
export const parentOf = (chain: { readonly last_digest: DigestHex; readonly height: bigint; readonly view: bigint }): BlockParent => ({
  digest: chain.last_digest,
  height: chain.height,
  view: chain.view
})


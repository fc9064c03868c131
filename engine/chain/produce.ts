/**
 * Block production, the interface consensus drives: given the chain and its mempool, build the
 * next block for a view and execute it. A single-process dev chain calls it on a timer; a
 * simulation calls it once per simulated block; a validator calls `buildBlockOn` when it leads a
 * view (on the notarized parent consensus names, executed or not) and `applyBlock` when a block is
 * finalized.
 */
import type { Block } from "../block.ts"
import type { BlockExecution, BlockResult } from "../execute/output.ts"
import type { ApplyOptions, Chain } from "./chain.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "./constants.ts"
import type { Mempool } from "./mempool.ts"
import type { PublicKey } from "../schema/primitives.ts"
import { parentOf, type BlockParent } from "./verify-block.ts"

export interface BlockPlan {
  readonly view: bigint
  readonly seed: string
  readonly transactions_max?: number
}

/** the next block on `parent` (any block, executed or not), with nonces as of after it */
export const buildBlockOn = (parent: BlockParent, nonceOf: (pk: PublicKey) => bigint, mempool: Mempool, plan: BlockPlan): Block => ({
  parent: parent.digest,
  view: plan.view,
  height: parent.height + 1n,
  seed: plan.seed,
  transactions: mempool.select(nonceOf, plan.transactions_max ?? MAX_TRANSACTIONS_PER_BLOCK)
})

/** the next block on the chain's last executed block */
export const buildBlock = (chain: Chain, mempool: Mempool, plan: BlockPlan): Block => buildBlockOn(parentOf(chain), (pk) => chain.nonceOf(pk), mempool, plan)

/** build, execute, prune and expire (at the new height): one finalized block (with `root: "skip"`, a simulation block without its root) */
export function produceBlock(chain: Chain, mempool: Mempool, plan: BlockPlan, options: ApplyOptions & { readonly root: "skip" }): { block: Block; result: BlockExecution }
export function produceBlock(chain: Chain, mempool: Mempool, plan: BlockPlan, options?: ApplyOptions & { readonly root?: "block" }): { block: Block; result: BlockResult }
export function produceBlock(chain: Chain, mempool: Mempool, plan: BlockPlan, options: ApplyOptions = {}): { block: Block; result: BlockResult | BlockExecution } {
  const block = buildBlock(chain, mempool, plan)
  const result = chain.applyBlock(block, options)
  mempool.prune((pk) => chain.nonceOf(pk))
  mempool.expire(chain.height)
  return { block, result }
}

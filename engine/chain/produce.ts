/**
 * Block production, the interface consensus drives: given the chain and its mempool, build the
 * next block for a view and execute it. A single-process dev chain calls it on a timer; a
 * simulation calls it once per simulated block; a validator's consensus will call `buildBlock`
 * when it leads a view and `applyBlock` when a block is finalized.
 */
import type { Block } from "../block.ts"
import type { BlockExecution, BlockResult } from "../execute/output.ts"
import type { ApplyOptions, Chain } from "./chain.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "./constants.ts"
import type { Mempool } from "./mempool.ts"

export interface BlockPlan {
  readonly view: bigint
  readonly seed: string
  readonly transactions_max?: number
}

export const buildBlock = (chain: Chain, mempool: Mempool, plan: BlockPlan): Block => ({
  parent: chain.last_digest,
  view: plan.view,
  height: chain.height + 1n,
  seed: plan.seed,
  transactions: mempool.select((pk) => chain.nonceOf(pk), plan.transactions_max ?? MAX_TRANSACTIONS_PER_BLOCK)
})

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

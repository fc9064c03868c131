/**
 * The seam between block agreement and execution. Whatever decides which block is final — the
 * single-process dev chain's timer today, threshold consensus later — drives a node through these
 * two calls and nothing else:
 *
 *  - `propose(view)`: the block this node would offer when it leads `view`, built from its mempool
 *    on top of its last finalized block (chain-and-services.md §1.7). Non-destructive: transactions
 *    stay pending until a finalized block executes them. The seed is not part of a proposal (it is
 *    unknowable when the block is built, so nobody can grind outcomes).
 *  - `finalize(block)`: a block (with its view's seed) is final. The node executes it through the
 *    engine, makes it durable, prunes its mempool and publishes the result (§1.9). A block that
 *    fails verifyBlock (engine/chain/verify-block.ts) is refused with its BlockError and changes
 *    nothing. Delivery is
 *    at-least-once: a height at or below the executed height is a no-op returning null; a gap or a
 *    block that does not extend the chain is refused (BlockWrongHeight, BlockWrongParent).
 */
import type { Effect } from "effect"
import type { Block } from "../../engine/block.ts"
import type { BlockError, FatalExecutionError } from "../../engine/errors.ts"
import type { BlockResult } from "../../engine/execute/output.ts"

export type Proposal = Omit<Block, "seed">

export interface BlockProposer {
  readonly propose: (view: bigint) => Effect.Effect<Proposal>
  readonly finalize: (block: Block) => Effect.Effect<BlockResult | null, FatalExecutionError | BlockError>
}

/** A finalized block and what executing it produced, as published to subscribers. */
export interface FinalizedBlock {
  readonly block: Block
  readonly result: BlockResult
}

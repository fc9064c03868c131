/**
 * Digital twin: a run that starts from a node's block log or a state snapshot instead of an
 * empty chain.
 *
 * `chainFromBlockLog(dir)` builds the chain the node had: its genesis config (admin keys,
 * namespace) from genesis.json, an empty genesis at view 0 (as DevChain does), then every logged
 * block through `Chain.applyBlock`, each state root compared with the root the node logged (a
 * mismatch is TwinDiverged: another engine version or a corrupt log). `simulate(spec, { start:
 * { chain } })` then continues from the day after the last block with the scenario's agents.
 *
 * Determinism: the same log, agents, seed and parameters give the same blocks and roots. A twin of
 * a simulated run equals the straight run when the agents are the same and keep no memory the
 * chain does not hold (the runner's agents derive session ids from nonces), and the straight run's
 * mempool was empty at the cut (SimulationResult.pending_at_end = 0; pending transactions are not
 * in a block log).
 *
 * `chainFromSnapshot(file)` starts from a state snapshot instead (engine/chain/snapshot.ts: the
 * whole state with its height, view, last digest and root, digest-checked), with no replay: the
 * same chain, so the same twin. A refused snapshot is a SnapshotInvalid (its reason says why);
 * `writeSnapshotFile(file, chain)` writes one (atomically: a temporary file, then a rename).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { Either, Schema } from "effect"
import { Chain } from "../../engine/chain/chain.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import { decodeSnapshot, encodeSnapshot, type RestoredSnapshot } from "../../engine/chain/snapshot.ts"
import { readBlockLog, type BlockLogContents } from "./block-log.ts"

export class TwinDiverged extends Schema.TaggedError<TwinDiverged>()("TwinDiverged", {
  height: Schema.BigIntFromSelf,
  logged_root: Schema.String,
  replayed_root: Schema.String
}) {
  override get message(): string {
    return `replaying the block log diverged at height ${this.height}: logged root ${this.logged_root}, replayed ${this.replayed_root}`
  }
}

/** replay the log's blocks into a fresh chain of its network; throws TwinDiverged on a root mismatch */
export const chainFromLog = (log: BlockLogContents): Chain => {
  const chain = new Chain(defaultChainConfig(log.admin_keys, log.transaction_namespace))
  chain.genesis(() => {}, 0n)
  for (const { block, state_root } of log.blocks) {
    const result = chain.applyBlock(block)
    if (result.state_root !== state_root) throw new TwinDiverged({ height: block.height, logged_root: state_root, replayed_root: result.state_root })
  }
  return chain
}

export const chainFromBlockLog = (dir: string): Chain => chainFromLog(readBlockLog(dir))

/** the chain a state snapshot file holds; throws SnapshotInvalid when the engine refuses it */
export const restoreSnapshotFile = (file: string): RestoredSnapshot => Either.getOrThrowWith(decodeSnapshot(readFileSync(file)), (e) => e)

/** the chain a state snapshot file holds, at its height and view, ready for its next block (throws SnapshotInvalid) */
export const chainFromSnapshot = (file: string): Chain => restoreSnapshotFile(file).chain

/** write `chain`'s state snapshot to `file` (parent folders created); returns its size in bytes */
export const writeSnapshotFile = (file: string, chain: Chain): number => {
  const bytes = encodeSnapshot(chain)
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.tmp-${process.pid}`
  writeFileSync(tmp, bytes)
  renameSync(tmp, file)
  return bytes.length
}

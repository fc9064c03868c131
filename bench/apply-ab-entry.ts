/**
 * The simulation-mode workload of the apply benchmark as a module to bundle once per tree, for
 * bench/apply-ab.ts (bench/README.md "Old against new in one process"): `workload()` prepares the
 * 9 signed roulette blocks and returns one iteration (all 4,500 transactions, `root: "skip"`, one
 * checkpoint root) that answers the final root.
 */
import { nodeSignTransaction } from "../sim/agents/node-signer.ts"
import { applyAll, prepare } from "./apply.ts"

export const workload = (): { readonly tx: number; readonly run: () => string } => {
  const blocks = prepare(nodeSignTransaction)
  const tx = blocks.reduce((n, b) => n + b.length, 0)
  return { tx, run: () => applyAll(blocks, { root: "skip" }).stateRoot() }
}

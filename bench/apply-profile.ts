/**
 * `npx tsx bench/apply-profile.ts [iterations] [mode]`: the simulation-mode workload of the apply
 * benchmark (apply.ts: 9 blocks of signed roulette, 4,500 transactions), applied `iterations`
 * times with nothing else around it, for profilers: `node --cpu-prof --import tsx
 * bench/apply-profile.ts 40`, or deterministic instruction counts with
 * `valgrind --tool=callgrind node --import tsx bench/apply-profile.ts N` (instructions per tx =
 * the difference between two runs ÷ the difference in transactions; bench/README.md).
 * mode: "sim" (default), "checked" (invariants after every tx) or "chain" (roots per block).
 */
import { nodeSignTransaction } from "../sim/agents/node-signer.ts"
import { applyAll, prepare } from "./apply.ts"

const iterations = Number(process.argv[2] ?? "10")
const mode = process.argv[3] ?? "sim"
if (!Number.isSafeInteger(iterations) || iterations < 0 || iterations > 10_000) throw new Error("iterations: 0 … 10,000")
if (mode !== "sim" && mode !== "checked" && mode !== "chain") throw new Error("mode: sim, checked or chain")
// node:crypto signs the same bytes as the noble signer, tens of times faster (less setup under valgrind)
const blocks = prepare(nodeSignTransaction)
const tx = blocks.reduce((n, b) => n + b.length, 0)
let root = ""
let best_ms = Number.POSITIVE_INFINITY
for (let i = 0; i < iterations; i++) {
  const t0 = performance.now()
  const chain = applyAll(blocks, mode === "chain" ? {} : { root: "skip", check_invariants: mode === "checked" })
  best_ms = Math.min(best_ms, performance.now() - t0)
  root = chain.stateRoot()
}
// the fastest iteration (the least disturbed by other load): a rough figure, the benchmark table is the record
const best = iterations > 0 ? `; fastest iteration ${Math.round((tx / best_ms) * 1000).toLocaleString("en-US")} tx/s` : ""
console.log(`${iterations} × ${tx} tx (${mode}); final root ${root}${best}`)

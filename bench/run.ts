/**
 * npm run bench [-- name ...]: the benchmarks, each reporting ratios against a baseline measured
 * in the same run (never absolute gates). "apply" prints the one throughput table (raw roulette
 * loop, applyBlock in simulation and chain mode, with spread and ratios, and the machine);
 * benchmarks that measure the same path add rows to that table (`table.addTask`). Others print
 * their own figures (BenchReport).
 */
import { benchApply } from "./apply.ts"
import { benchVerify, verifyBlockRows } from "./verify.ts"
import { benchEconomy } from "./economy.ts"
import { benchTree } from "./tree.ts"
import { benchConsensusCrypto } from "./consensus-crypto.ts"
import { printReport, type BenchReport, type ThroughputTable } from "./report.ts"
import { benchResultsSink } from "./results-sink.ts"
import { benchExperiments } from "./experiments.ts"
import { benchQueues } from "./queue-probe.ts"
import { benchSimulator } from "./simulator.ts"
import { benchValidators } from "./validators.ts"
import { benchWrites } from "./writes.ts"
import { benchFanout } from "./fanout.ts"
import { benchYear } from "./year.ts"

const NOTES = [
  "ratio = ops/s ÷ raw-loop ops/s (a roulette round is start + move = 2 tx); 1 / ratio = raw ops per op",
  "applyBlock rows: signatures are made before timing and not verified (the verifyBlock rows verify them)"
]

/**
 * Rows other benchmarks add to the one throughput table (printed by "apply"): one line each,
 * [name, add rows and return an optional note]. `npm run bench -- apply` prints them all.
 */
const TABLE_ROWS: ReadonlyArray<readonly [string, (table: ThroughputTable) => Promise<string | void>]> = [
  ["verify-block", verifyBlockRows]
]

const throughputTable = async (): Promise<void> => {
  const table = await benchApply()
  const notes: string[] = [...NOTES]
  for (const [, add] of TABLE_ROWS) {
    const note = await add(table)
    if (typeof note === "string") notes.push(note)
  }
  table.print(notes)
}

const BENCHMARKS: ReadonlyArray<readonly [string, () => Promise<void>]> = [
  ["apply", throughputTable],
  ["verify", async () => printReport(await benchVerify())],
  ["economy", async () => printReport((await benchEconomy()) satisfies BenchReport)],
  ["results-sink", async () => printReport(await benchResultsSink())],
  ["tree", async () => (await benchTree()).print(["ratio = ops/s ÷ baseline hashes/s (one node hashed the plain way with the engine sha256)"])],
  ["writes", async () => (await benchWrites()).print(["ratio = checks/s ÷ full-validation checks/s"])],
  ["consensus-crypto", async () => printReport(await benchConsensusCrypto())],
  ["experiments", async () => printReport(await benchExperiments())],
  ["queues", async () => printReport(await benchQueues())],
  ["simulator", async () => printReport(await benchSimulator())],
  ["validators", async () => printReport(await benchValidators())],
  ["fanout", async () => printReport(await benchFanout())],
  ["year", async () => printReport(await benchYear())]
]

const only = process.argv.slice(2)
for (const [name, run] of BENCHMARKS) {
  if (only.length > 0 && !only.includes(name)) continue
  await run()
}

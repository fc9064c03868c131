/**
 * npm run bench [-- name ...]: the benchmarks, each reporting ratios against a baseline measured
 * in the same run (never absolute gates). "apply" prints the one throughput table (raw roulette
 * loop, applyBlock in simulation and chain mode, with spread and ratios, and the machine);
 * benchmarks that measure the same path add rows to that table (`table.addTask`). Others print
 * their own figures (BenchReport).
 */
import { benchApply } from "./apply.ts"
import { benchVerify } from "./verify.ts"
import { benchEconomy } from "./economy.ts"
import { benchExperiments } from "./experiments.ts"
import { benchQueues } from "./queue-probe.ts"
import { printReport, type BenchReport } from "./report.ts"

const NOTES = [
  "ratio = ops/s ÷ raw-loop ops/s (a roulette round is start + move = 2 tx); 1 / ratio = raw ops per op",
  "signatures are made before timing and not verified (see the verify benchmark)"
]

const BENCHMARKS: ReadonlyArray<readonly [string, () => Promise<void>]> = [
  ["apply", async () => (await benchApply()).print(NOTES)],
  ["verify", async () => printReport(await benchVerify())],
  ["economy", async () => printReport((await benchEconomy()) satisfies BenchReport)],
  ["experiments", async () => printReport(await benchExperiments())],
  ["queues", async () => printReport(await benchQueues())]
]

const only = process.argv.slice(2)
for (const [name, run] of BENCHMARKS) {
  if (only.length > 0 && !only.includes(name)) continue
  await run()
}

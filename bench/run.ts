/**
 * npm run bench: every benchmark, each reporting ratios against a baseline measured in the same
 * run (never absolute gates). Add a benchmark by exporting `() => Promise<BenchReport>` and
 * listing it here.
 */
import { benchApply } from "./apply.ts"
import { benchVerify } from "./verify.ts"
import { benchEconomy } from "./economy.ts"
import { printReport, type BenchReport } from "./report.ts"

const BENCHMARKS: ReadonlyArray<readonly [string, () => Promise<BenchReport>]> = [
  ["apply", benchApply],
  ["verify", benchVerify],
  ["economy", benchEconomy]
]

const only = process.argv.slice(2)
for (const [name, run] of BENCHMARKS) {
  if (only.length > 0 && !only.includes(name)) continue
  printReport(await run())
}

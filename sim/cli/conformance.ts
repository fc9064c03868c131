/**
 * npm run conformance -- <file-or-folder> [...]
 * Prints `ok NAME` or `FAIL NAME: what differed` per vector, then `N passed, N failed`; exit 1 on any failure.
 */
import { runVectors } from "../conformance/runner.ts"

const paths = process.argv.slice(2)
if (paths.length === 0) {
  console.error("usage: npm run conformance -- <file-or-folder> [...]")
  process.exit(2)
}
const results = runVectors(paths)
for (const r of results) console.log(r.ok ? `ok ${r.name}` : `FAIL ${r.name}: ${r.detail}`)
const passed = results.filter((r) => r.ok).length
console.log(`${passed} passed, ${results.length - passed} failed`)
process.exit(passed === results.length ? 0 : 1)

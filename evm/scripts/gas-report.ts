/** `npm run evm:gas`: the gas report on Hardhat's in-process network, printed and written into docs/evm.md between its gas-report markers. */
import * as fs from "node:fs"
import * as path from "node:path"
import { gasReport, gasTable } from "../src/gas.ts"
import { inProcessNetwork } from "../src/in-process.ts"
import { EVM_ROOT } from "../src/paths.ts"

const table = gasTable(await gasReport(await inProcessNetwork()))
console.log(table)
const doc = path.join(EVM_ROOT, "..", "docs", "evm.md")
const START = "<!-- gas-report:start -->"
const END = "<!-- gas-report:end -->"
if (fs.existsSync(doc)) {
  const text = fs.readFileSync(doc, "utf8")
  const a = text.indexOf(START)
  const b = text.indexOf(END)
  if (a >= 0 && b > a) fs.writeFileSync(doc, `${text.slice(0, a + START.length)}\n${table}\n${text.slice(b)}`)
}

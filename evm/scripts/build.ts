/**
 * `npm run evm:build`: compile the contracts with Hardhat (solcjs from the solc npm package; cached,
 * a no-op when nothing changed) and write evm/abi/<Name>.ts (abi + bytecode `as const`, so viem
 * infers every argument and result type). `--check`: fail if evm/abi/ is not what the contracts
 * compile to (CI and evm/test/toolchain.test.ts use it).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { compileContracts, generatedAbiFiles } from "../src/build.ts"
import { ABI_DIR } from "../src/paths.ts"

const check = process.argv.includes("--check")
compileContracts()
const files = generatedAbiFiles()
let stale = 0
for (const [name, text] of files) {
  const file = path.join(ABI_DIR, name)
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null
  if (current === text) continue
  stale++
  if (check) console.error(`stale: evm/abi/${name}`)
  else fs.writeFileSync(file, text)
}
if (check && stale > 0) process.exit(1)
console.log(check ? `evm/abi: ${files.size} files up to date` : `evm/abi: ${files.size} files (${stale} rewritten)`)

/** `npm run evm:links -- <auth-link-rows.json> [output]`: the EVM-link export the bonus snapshot reads (active links, latest per key). */
import { EvmScriptError } from "../src/errors.ts"
import { exportLinks } from "../src/links.ts"
import { dataFile, readJson, writeJson } from "../src/script-net.ts"

const [input, output] = process.argv.slice(2).filter((a) => !a.startsWith("--"))
if (input === undefined) throw new EvmScriptError("InvalidInput", "usage: evm:links -- <link rows json> [output]")
const out = exportLinks(readJson(input), new Date().toISOString())
const file = writeJson(output ?? dataFile("player-links.json"), { generatedAt: out.generatedAt, total: out.total, links: out.links })
console.log(JSON.stringify({ msg: "evm.links", file, total: out.total, rejected: out.rejected }))

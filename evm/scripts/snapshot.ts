/**
 * `npm run evm:snapshot -- [bids] [phase1-snapshot] [links] [output]` (or BIDS_PATH,
 * PHASE1_SNAPSHOT_PATH, PLAYER_LINKS_PATH, OUTPUT_PATH, BOGO_POOL_CAP): the bonus claim root and
 * proofs (evm.md §5) from the auction receipts and the engine's phase-1 freeroll snapshot
 * (`npm run ops -- freeroll-snapshot`).
 */
import { buildEligibility } from "../src/eligibility.ts"
import { dataFile, readJson, writeJson } from "../src/script-net.ts"

const [bidsArg, snapArg, linksArg, outArg] = process.argv.slice(2).filter((a) => !a.startsWith("--"))
const bidsPath = bidsArg ?? process.env["BIDS_PATH"] ?? dataFile("cca-receipts-localhost.json")
const snapshotPath = snapArg ?? process.env["PHASE1_SNAPSHOT_PATH"] ?? null
const linksPath = linksArg ?? process.env["PLAYER_LINKS_PATH"] ?? null
const output = outArg ?? process.env["OUTPUT_PATH"] ?? dataFile("bogo-claims.json")
const out = buildEligibility({
  bids: readJson(bidsPath),
  snapshot: snapshotPath === null ? null : readJson(snapshotPath),
  links: linksPath === null ? null : readJson(linksPath),
  poolCap: BigInt(process.env["BOGO_POOL_CAP"] ?? "0")
})
writeJson(output, { root: out.root, generatedAt: new Date().toISOString(), bidsPath, snapshotPath, linksPath, totalClaims: out.totalClaims, totalAmount: out.totalAmount, claims: out.claims })
console.log(JSON.stringify({ msg: "evm.snapshot", output, root: out.root, claims: out.totalClaims, total: out.totalAmount }))

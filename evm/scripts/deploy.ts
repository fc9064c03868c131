/** `npm run evm:deploy [-- --network localhost|hardhat --rpc URL]`: deploy and distribute (evm.md §10); writes evm/.data/deployment-<network>.json. */
import { deploySystem } from "../src/deploy.ts"
import { EvmScriptError } from "../src/errors.ts"
import { dataFile, scriptNet, writeJson } from "../src/script-net.ts"

const net = await scriptNet()
const deployer = net.accounts[0]
if (deployer === undefined) throw new EvmScriptError("InvalidInput", "the node has no unlocked account")
const t0 = performance.now()
const d = await deploySystem(net.publicClient, net.walletOf(deployer), { network: net.name })
const file = writeJson(dataFile(`deployment-${net.name}.json`), d)
console.log(JSON.stringify({ msg: "evm.deployed", file, ms: Math.round(performance.now() - t0), ...d }))

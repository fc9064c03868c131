/**
 * The network a script runs on (defect 10 fixed: the in-process `hardhat` network is supported
 * next to a local node): `--network hardhat` (in-process, fresh) or `--network localhost` (a node
 * at --rpc / EVM_RPC_URL, default http://127.0.0.1:31400). Other networks are refused: these
 * scripts drive the local launcher model, not a public chain.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { createTestClient, http } from "viem"
import { hardhat } from "viem/chains"
import { clientsFor, type EvmClients } from "./clients.ts"
import type { Deployment } from "./deploy.ts"
import { EvmScriptError } from "./errors.ts"
import { inProcessNetwork } from "./in-process.ts"
import { DATA_DIR } from "./paths.ts"

export const arg = (name: string, fallback: string | null = null): string | null => {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? process.argv[i + 1] : undefined
  return v ?? process.env[name.toUpperCase().replace(/-/g, "_")] ?? fallback
}

export interface ScriptNet extends EvmClients {
  readonly name: string
  readonly mine: (blocks: bigint) => Promise<void>
}

export const scriptNet = async (): Promise<ScriptNet> => {
  const name = arg("network", "localhost") ?? "localhost"
  if (name === "hardhat") return { name, ...(await inProcessNetwork()) }
  if (name !== "localhost") throw new EvmScriptError("UnsupportedNetwork", `network ${name}: only hardhat (in-process) and localhost`)
  const url = arg("rpc", process.env["EVM_RPC_URL"] ?? "http://127.0.0.1:31400") ?? ""
  const transport = http(url, { retryCount: 0 })
  const clients = await clientsFor(transport, hardhat)
  const test = createTestClient({ chain: hardhat, mode: "hardhat", transport })
  return { name, ...clients, mine: (blocks) => test.mine({ blocks: Number(blocks) }) }
}

const replacer = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v)

export const writeJson = (file: string, value: unknown): string => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(value, replacer, 2)}\n`)
  fs.renameSync(`${file}.tmp`, file)
  return file
}

export const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, "utf8"))

export const dataFile = (name: string) => path.join(DATA_DIR, name)

export const readDeployment = (network: string): Deployment | null => {
  const file = dataFile(`deployment-${network}.json`)
  if (!fs.existsSync(file)) return null
  const raw = readJson(file)
  if (typeof raw !== "object" || raw === null || !("rng" in raw)) throw new EvmScriptError("DeploymentMissing", `${file} is not a deployment record`)
  // the record is the script's own output: re-read field by field
  const get = (k: string): string => {
    const v: unknown = Reflect.get(raw, k)
    if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new EvmScriptError("DeploymentMissing", `${file}: ${k} missing`)
    return v
  }
  const addr = (k: string): `0x${string}` => `0x${get(k).slice(2)}`
  const mock: unknown = Reflect.get(raw, "mockUsdt")
  return {
    network,
    deployer: addr("deployer"),
    rng: addr("rng"),
    currency: addr("currency"),
    mockUsdt: typeof mock === "string" ? addr("mockUsdt") : null,
    recoveryPool: addr("recoveryPool"),
    bogoDistributor: addr("bogoDistributor"),
    bridgeLockbox: addr("bridgeLockbox"),
    feeDistributor: addr("feeDistributor"),
    launcherHolder: addr("launcherHolder"),
    allocations: { total: "", auction: "", liquidity: "", bonus: "", player: "", treasury: "", team: "" }
  }
}

/**
 * The gas report: every state-changing function of the six contracts run once on a fresh
 * deployment (and each deployment), gasUsed read from its receipt. Hardhat's in-process network,
 * optimizer on (200 runs), cancun.
 */
import { getAddress, type Abi, type Address, type Hex } from "viem"
import * as abi from "../abi/index.ts"
import type { EvmClients } from "./clients.ts"
import { EvmScriptError } from "./errors.ts"
import { buildTree } from "./merkle.ts"

export interface GasRow {
  readonly contract: string
  readonly fn: string
  readonly gasUsed: bigint
}

export const gasReport = async (net: EvmClients & { readonly increaseTime: (s: bigint) => Promise<void> }): Promise<ReadonlyArray<GasRow>> => {
  const rows: GasRow[] = []
  const [owner, alice, bob] = [net.accounts[0], net.accounts[1], net.accounts[2]]
  if (owner === undefined || alice === undefined || bob === undefined) throw new EvmScriptError("InvalidInput", "three accounts needed")
  const receipt = async (contract: string, fn: string, hash: Promise<Hex>) => {
    const r = await net.publicClient.waitForTransactionReceipt({ hash: await hash })
    if (r.status !== "success") throw new EvmScriptError("InvalidInput", `${contract}.${fn} reverted`)
    rows.push({ contract, fn, gasUsed: r.gasUsed })
    return r
  }
  const deploy = async (contract: string, h: Promise<Hex>): Promise<Address> => {
    const r = await receipt(contract, "(deploy)", h)
    if (r.contractAddress === null || r.contractAddress === undefined) throw new EvmScriptError("DeploymentMissing", contract)
    return getAddress(r.contractAddress)
  }
  const w = (a: Address) => net.walletOf(a)
  const call = (contract: string, address: Address, contractAbi: Abi, from: Address) =>
    (fn: string, args: ReadonlyArray<unknown>, label: string = fn) =>
      receipt(contract, label, w(from).writeContract({ address, abi: contractAbi, functionName: fn, args: [...args] }))
  const rng = await deploy("RNGToken", w(owner).deployContract({ abi: abi.rngTokenAbi, bytecode: abi.rngTokenBytecode, args: ["RNG", "RNG", 10n ** 27n, owner] }))
  const usdt = await deploy("MockUSDT", w(owner).deployContract({ abi: abi.mockUsdtAbi, bytecode: abi.mockUsdtBytecode, args: [owner, 6] }))
  const bogo = await deploy("BogoDistributor", w(owner).deployContract({ abi: abi.bogoDistributorAbi, bytecode: abi.bogoDistributorBytecode, args: [owner, rng] }))
  const fee = await deploy("FeeDistributor", w(owner).deployContract({ abi: abi.feeDistributorAbi, bytecode: abi.feeDistributorBytecode, args: [owner, usdt] }))
  const pool = await deploy("RecoveryPool", w(owner).deployContract({ abi: abi.recoveryPoolAbi, bytecode: abi.recoveryPoolBytecode, args: [owner, usdt] }))
  const box = await deploy("BridgeLockbox", w(owner).deployContract({ abi: abi.bridgeLockboxAbi, bytecode: abi.bridgeLockboxBytecode, args: [owner, rng] }))
  const R = call("RNGToken", rng, abi.rngTokenAbi, owner)
  const U = call("MockUSDT", usdt, abi.mockUsdtAbi, owner)
  await R("mint", [owner, 10n ** 26n])
  await R("transfer", [alice, 10n ** 24n])
  await R("approve", [bogo, 10n ** 24n])
  await U("mint", [owner, 10n ** 12n])
  await U("approve", [fee, 10n ** 12n])
  await U("approve", [pool, 10n ** 12n])
  const claims = Array.from({ length: 8 }, (_, i) => ({ address: i === 0 ? alice : getAddress(`0x${(i + 1).toString(16).padStart(2, "0").repeat(20)}`), amount: 1000n * BigInt(i + 1) }))
  const t = buildTree(claims)
  for (const [name, address, contractAbi] of [
    ["BogoDistributor", bogo, abi.bogoDistributorAbi],
    ["FeeDistributor", fee, abi.feeDistributorAbi]
  ] as const) {
    const D = call(name, address, contractAbi, owner)
    await D("seed", [10n ** 6n])
    await D("setMerkleRoot", name === "FeeDistributor" ? [t.root, 0n, 1n] : [t.root, 0n])
    await D("setPaused", [true])
    await D("setPaused", [false])
    await call(name, address, contractAbi, alice)("claim", [1000n, [...t.proof(0)]], "claim (8-leaf tree)")
    if (name === "FeeDistributor") await D("sweep", [owner])
    await D("transferOwnership", [bob])
    await call(name, address, contractAbi, bob)("acceptOwnership", [])
  }
  const P = call("RecoveryPool", pool, abi.recoveryPoolAbi, owner)
  await P("fund", [10n ** 9n])
  await P("repay", [alice, 10n ** 6n])
  await P("sweep", [alice, 10n ** 6n])
  const B = call("BridgeLockbox", box, abi.bridgeLockboxAbi, owner)
  await call("RNGToken", rng, abi.rngTokenAbi, alice)("approve", [box, 10n ** 24n])
  await call("BridgeLockbox", box, abi.bridgeLockboxAbi, alice)("deposit", [100n * 10n ** 18n, `0x${"ab".repeat(32)}`])
  const src = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`
  await B("withdraw", [alice, 10n ** 18n, src(1)], "withdraw (no caps, immediate)")
  await B("setLimits", [50n * 10n ** 18n, 80n * 10n ** 18n, 20n * 10n ** 18n, 3600n])
  await B("withdraw", [alice, 30n * 10n ** 18n, src(2)], "withdraw (capped, queued)")
  await B("withdraw", [alice, 25n * 10n ** 18n, src(3)], "withdraw (capped, queued)")
  await B("cancel", [src(3)])
  await net.increaseTime(3600n)
  await B("release", [src(2)])
  await B("setGuardian", [bob])
  await B("setRelayer", [owner])
  await B("setPaused", [true])
  await B("setPaused", [false])
  await R("transferOwnership", [bob])
  await call("RNGToken", rng, abi.rngTokenAbi, bob)("acceptOwnership", [])
  return rows
}

export const gasTable = (rows: ReadonlyArray<GasRow>): string => {
  const seen = new Set<string>()
  const lines = ["| contract | function | gas used |", "|---|---|---:|"]
  for (const r of rows) {
    const key = `${r.contract}.${r.fn}`
    if (seen.has(key)) continue
    seen.add(key)
    lines.push(`| ${r.contract} | ${r.fn} | ${r.gasUsed.toLocaleString("en-US")} |`)
  }
  return lines.join("\n")
}

/**
 * Deploying the six contracts and distributing the supply (evm.md §10, without the external
 * launcher: the launcher's 300 M stay with `launcherHolder`, which the auction script uses).
 */
import { getAddress, type Address, type Hex } from "viem"
import {
  bogoDistributorAbi,
  bogoDistributorBytecode,
  bridgeLockboxAbi,
  bridgeLockboxBytecode,
  feeDistributorAbi,
  feeDistributorBytecode,
  mockUsdtAbi,
  mockUsdtBytecode,
  recoveryPoolAbi,
  recoveryPoolBytecode,
  rngTokenAbi,
  rngTokenBytecode
} from "../abi/index.ts"
import { ALLOCATIONS, LBP_TOTAL, USDT_DECIMALS } from "./allocation.ts"
import type { Reader, Wallet } from "./clients.ts"
import { EvmScriptError } from "./errors.ts"

export interface Deployment {
  readonly network: string
  readonly deployer: Address
  readonly rng: Address
  readonly currency: Address
  readonly mockUsdt: Address | null
  readonly recoveryPool: Address
  readonly bogoDistributor: Address
  readonly bridgeLockbox: Address
  readonly feeDistributor: Address
  readonly launcherHolder: Address
  readonly allocations: Readonly<Record<keyof typeof ALLOCATIONS, string>>
}

/** wait for a transaction and fail loudly if it reverted; returns its receipt */
export const mined = async (reader: Reader, hash: Hex) => {
  const receipt = await reader.waitForTransactionReceipt({ hash })
  if (receipt.status !== "success") throw new EvmScriptError("InvalidInput", `transaction ${hash} reverted`)
  return receipt
}

const created = async (reader: Reader, hash: Hex): Promise<Address> => {
  const r = await mined(reader, hash)
  if (r.contractAddress === null || r.contractAddress === undefined) throw new EvmScriptError("DeploymentMissing", `transaction ${hash} created no contract`)
  return getAddress(r.contractAddress)
}

export interface DeployOptions {
  readonly network: string
  /** an existing currency; null deploys MockUSDT */
  readonly currency?: Address | null
  readonly treasury?: Address
  readonly team?: Address
  /** who holds the launcher's 300 M until the auction (default: the deployer) */
  readonly launcherHolder?: Address
}

export const deploySystem = async (reader: Reader, wallet: Wallet, options: DeployOptions): Promise<Deployment> => {
  const deployer = wallet.account.address
  const deploy = async (hash: Promise<Hex>) => created(reader, await hash)
  const rng = await deploy(wallet.deployContract({ abi: rngTokenAbi, bytecode: rngTokenBytecode, args: ["RNG", "RNG", ALLOCATIONS.total, deployer] }))
  const mockUsdt =
    options.currency === undefined || options.currency === null
      ? await deploy(wallet.deployContract({ abi: mockUsdtAbi, bytecode: mockUsdtBytecode, args: [deployer, USDT_DECIMALS] }))
      : null
  const currency = mockUsdt ?? options.currency
  if (currency === undefined || currency === null) throw new EvmScriptError("InvalidInput", "no currency")
  const recoveryPool = await deploy(wallet.deployContract({ abi: recoveryPoolAbi, bytecode: recoveryPoolBytecode, args: [deployer, currency] }))
  const bogoDistributor = await deploy(wallet.deployContract({ abi: bogoDistributorAbi, bytecode: bogoDistributorBytecode, args: [deployer, rng] }))
  const bridgeLockbox = await deploy(wallet.deployContract({ abi: bridgeLockboxAbi, bytecode: bridgeLockboxBytecode, args: [deployer, rng] }))
  const feeDistributor = await deploy(wallet.deployContract({ abi: feeDistributorAbi, bytecode: feeDistributorBytecode, args: [deployer, currency] }))
  const send = async (hash: Promise<Hex>) => mined(reader, await hash)
  await send(wallet.writeContract({ address: rng, abi: rngTokenAbi, functionName: "mint", args: [deployer, ALLOCATIONS.total] }))
  const launcherHolder = options.launcherHolder ?? deployer
  const transfers: ReadonlyArray<readonly [Address, bigint]> = [
    [launcherHolder, LBP_TOTAL],
    [bridgeLockbox, ALLOCATIONS.player],
    [options.treasury ?? deployer, ALLOCATIONS.treasury],
    [options.team ?? deployer, ALLOCATIONS.team]
  ]
  for (const [to, amount] of transfers) {
    if (to !== deployer) await send(wallet.writeContract({ address: rng, abi: rngTokenAbi, functionName: "transfer", args: [to, amount] }))
  }
  await send(wallet.writeContract({ address: rng, abi: rngTokenAbi, functionName: "approve", args: [bogoDistributor, ALLOCATIONS.bonus] }))
  await send(wallet.writeContract({ address: bogoDistributor, abi: bogoDistributorAbi, functionName: "seed", args: [ALLOCATIONS.bonus] }))
  return {
    network: options.network,
    deployer,
    rng,
    currency,
    mockUsdt,
    recoveryPool,
    bogoDistributor,
    bridgeLockbox,
    feeDistributor,
    launcherHolder,
    allocations: {
      total: ALLOCATIONS.total.toString(),
      auction: ALLOCATIONS.auction.toString(),
      liquidity: ALLOCATIONS.liquidity.toString(),
      bonus: ALLOCATIONS.bonus.toString(),
      player: ALLOCATIONS.player.toString(),
      treasury: ALLOCATIONS.treasury.toString(),
      team: ALLOCATIONS.team.toString()
    }
  }
}

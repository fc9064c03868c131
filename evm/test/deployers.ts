/** Deploying single contracts in tests (the deployer is account 0 unless told). */
import { getAddress, getContract, type Address } from "viem"
import * as abi from "../abi/index.ts"
import { account, net } from "./chain.ts"

const created = async (hash: Promise<`0x${string}`>): Promise<Address> => {
  const r = await net.publicClient.waitForTransactionReceipt({ hash: await hash })
  if (r.contractAddress === null || r.contractAddress === undefined) throw new Error("no contract created")
  return getAddress(r.contractAddress)
}

export const client = (from: Address) => ({ public: net.publicClient, wallet: net.walletOf(from) })

export const deployRng = async (cap: bigint, owner = account(0)) => {
  const address = await created(net.walletOf(account(0)).deployContract({ abi: abi.rngTokenAbi, bytecode: abi.rngTokenBytecode, args: ["RNG", "RNG", cap, owner] }))
  return { address, as: (from: Address) => getContract({ address, abi: abi.rngTokenAbi, client: client(from) }) }
}

export const deployUsdt = async (decimals = 6, owner = account(0)) => {
  const address = await created(net.walletOf(account(0)).deployContract({ abi: abi.mockUsdtAbi, bytecode: abi.mockUsdtBytecode, args: [owner, decimals] }))
  return { address, as: (from: Address) => getContract({ address, abi: abi.mockUsdtAbi, client: client(from) }) }
}

export const deployBogo = async (rng: Address, owner = account(0)) => {
  const address = await created(net.walletOf(account(0)).deployContract({ abi: abi.bogoDistributorAbi, bytecode: abi.bogoDistributorBytecode, args: [owner, rng] }))
  return { address, as: (from: Address) => getContract({ address, abi: abi.bogoDistributorAbi, client: client(from) }) }
}

export const deployFee = async (currency: Address, owner = account(0)) => {
  const address = await created(net.walletOf(account(0)).deployContract({ abi: abi.feeDistributorAbi, bytecode: abi.feeDistributorBytecode, args: [owner, currency] }))
  return { address, as: (from: Address) => getContract({ address, abi: abi.feeDistributorAbi, client: client(from) }) }
}

export const deployRecovery = async (currency: Address, owner = account(0)) => {
  const address = await created(net.walletOf(account(0)).deployContract({ abi: abi.recoveryPoolAbi, bytecode: abi.recoveryPoolBytecode, args: [owner, currency] }))
  return { address, as: (from: Address) => getContract({ address, abi: abi.recoveryPoolAbi, client: client(from) }) }
}

export const deployLockbox = async (rng: Address, owner = account(0)) => {
  const address = await created(net.walletOf(account(0)).deployContract({ abi: abi.bridgeLockboxAbi, bytecode: abi.bridgeLockboxBytecode, args: [owner, rng] }))
  return { address, as: (from: Address) => getContract({ address, abi: abi.bridgeLockboxAbi, client: client(from) }) }
}

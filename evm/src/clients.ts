/** viem clients over any EIP-1193 transport (Hardhat's in-process provider, or a node's HTTP RPC). */
import { createPublicClient, createWalletClient, getAddress, type Account, type Address, type Chain, type PublicClient, type Transport, type WalletClient } from "viem"

export type Wallet = WalletClient<Transport, Chain, Account>
export type Reader = PublicClient<Transport, Chain>

export interface EvmClients {
  readonly chain: Chain
  readonly publicClient: Reader
  /** a wallet for a local account, or for an address the node holds unlocked */
  readonly walletOf: (account: Account | Address) => Wallet
  /** the node's unlocked accounts */
  readonly accounts: ReadonlyArray<Address>
}

export const clientsFor = async (transport: Transport, chain: Chain): Promise<EvmClients> => {
  const publicClient = createPublicClient({ chain, transport })
  const raw = await createWalletClient({ chain, transport }).getAddresses()
  const walletOf = (account: Account | Address): Wallet => createWalletClient({ chain, transport, account })
  return { chain, publicClient, walletOf, accounts: raw.map((a) => getAddress(a)) }
}

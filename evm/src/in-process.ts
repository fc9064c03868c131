/**
 * Hardhat's in-process network (EDR) behind viem: the contracts' tests, the gas report and the
 * phase-2 simulation run on it. Loading Hardhat reads evm/hardhat.config.cjs.
 */
import { custom } from "viem"
import { hardhat } from "viem/chains"
import { clientsFor, type EvmClients } from "./clients.ts"
import { HARDHAT_CONFIG } from "./paths.ts"

export interface InProcessNetwork extends EvmClients {
  /** evm_snapshot / evm_revert: each test starts from the same state */
  readonly snapshot: () => Promise<string>
  readonly revert: (id: string) => Promise<void>
  /** move the next block's timestamp forward by `seconds` and mine it */
  readonly increaseTime: (seconds: bigint) => Promise<void>
  readonly mine: (blocks: bigint) => Promise<void>
  /** the next block's timestamp */
  readonly setNextTimestamp: (ts: bigint) => Promise<void>
  /** automine on (default) or off: with it off, sent transactions wait for the next `mine` */
  readonly setAutomine: (on: boolean) => Promise<void>
  /** send from `address` without its key, with 10 ETH for gas */
  readonly impersonate: (address: string) => Promise<void>
}

const revertData = (e: unknown): string | undefined => {
  if (typeof e !== "object" || e === null || !("data" in e)) return undefined
  const d = e.data
  if (typeof d === "string" && d.startsWith("0x")) return d
  if (typeof d === "object" && d !== null && "data" in d && typeof d.data === "string" && d.data.startsWith("0x")) return d.data
  return undefined
}

class RpcRevert extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly data: string
  ) {
    super(message)
  }
}

const revertError = (e: unknown): unknown => {
  const data = revertData(e)
  return data === undefined ? e : new RpcRevert(e instanceof Error ? e.message : "execution reverted", 3, data)
}

export const inProcessNetwork = async (): Promise<InProcessNetwork> => {
  process.env["HARDHAT_CONFIG"] = HARDHAT_CONFIG
  process.env["HARDHAT_NETWORK"] = "hardhat"
  const hre = (await import("hardhat")).default
  const provider = hre.network.provider
  // Hardhat reports a revert as a provider error carrying the revert data in `data.data`; viem
  // decodes reverts from a JSON-RPC error with code 3 and hex `data`, so the errors are mapped
  const request = async (args: { method: string; params?: unknown }): Promise<unknown> => {
    try {
      return await provider.request({ method: args.method, params: Array.isArray(args.params) ? args.params : [] })
    } catch (e) {
      throw revertError(e)
    }
  }
  const clients = await clientsFor(custom({ request }, { retryCount: 0 }), hardhat)
  const call = (method: string, params: unknown[] = []) => provider.request({ method, params })
  return {
    ...clients,
    snapshot: async () => {
      const id = await call("evm_snapshot")
      if (typeof id !== "string") throw new Error("evm_snapshot returned no id")
      return id
    },
    revert: async (id) => {
      const ok = await call("evm_revert", [id])
      if (ok !== true) throw new Error(`evm_revert ${id} failed`)
    },
    increaseTime: async (seconds) => {
      await call("evm_increaseTime", [Number(seconds)])
      await call("evm_mine")
    },
    mine: async (blocks) => {
      await call("hardhat_mine", [`0x${blocks.toString(16)}`])
    },
    setNextTimestamp: async (ts) => {
      await call("evm_setNextBlockTimestamp", [`0x${ts.toString(16)}`])
    },
    setAutomine: async (on) => {
      await call("evm_setAutomine", [on])
    },
    impersonate: async (address) => {
      await call("hardhat_impersonateAccount", [address])
      await call("hardhat_setBalance", [address, `0x${(10n ** 19n).toString(16)}`])
    }
  }
}

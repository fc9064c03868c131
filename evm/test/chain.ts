/** Test helpers on Hardhat's in-process network: one network per test file, a snapshot per test. */
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from "viem"
import * as abis from "../abi/index.ts"
import { afterEach, beforeEach, expect } from "vitest"
import { inProcessNetwork, type InProcessNetwork } from "../src/in-process.ts"

export const net: InProcessNetwork = await inProcessNetwork()

/** reset to a fresh snapshot around each test of the file */
export const isolate = (): void => {
  let id: string | null = null
  beforeEach(async () => {
    id = await net.snapshot()
  })
  afterEach(async () => {
    if (id !== null) await net.revert(id)
  })
}

export const account = (i: number) => {
  const a = net.accounts[i]
  if (a === undefined) throw new Error(`no account ${i}`)
  return a
}

/** the revert of a call (simulated, so the reason is decoded with the ABI): a reason string or `ErrorName(args)` */
export const revertOf = async (call: () => Promise<unknown>): Promise<string> => {
  try {
    await call()
  } catch (e) {
    if (e instanceof BaseError) {
      const r = e.walk((x) => x instanceof ContractFunctionRevertedError)
      if (r instanceof ContractFunctionRevertedError) {
        if (r.data !== undefined && r.data.errorName !== "Error") return `${r.data.errorName}(${(r.data.args ?? []).map(String).join(",")})`
        if (r.reason !== undefined) return r.reason
        if (r.raw !== undefined) {
          // an error of another contract (the token behind a distributor): decode with every ABI
          const d = decodeErrorResult({ abi: [...abis.rngTokenAbi, ...abis.bridgeLockboxAbi], data: r.raw })
          return `${d.errorName}(${(d.args ?? []).map(String).join(",")})`
        }
      }
      return e.shortMessage
    }
    throw e
  }
  throw new Error("the call did not revert")
}

export const expectRevert = async (call: () => Promise<unknown>, reason: string): Promise<void> => {
  expect(await revertOf(call)).toBe(reason)
}

/** send, wait, require success; returns the receipt */
export const sent = async (hash: Promise<Hex>) => {
  const receipt = await net.publicClient.waitForTransactionReceipt({ hash: await hash })
  expect(receipt.status).toBe("success")
  return receipt
}

/** The gas report covers every state-changing function of every contract (and each deployment). */
import { describe, expect, it } from "vitest"
import * as abi from "../abi/index.ts"
import { gasReport, gasTable } from "../src/gas.ts"
import { isolate, net } from "./chain.ts"

isolate()

const writes = (a: ReadonlyArray<{ readonly type: string; readonly name?: string; readonly stateMutability?: string }>) =>
  a.filter((x) => x.type === "function" && x.stateMutability !== "view" && x.stateMutability !== "pure").map((x) => x.name ?? "")

describe("gas report", () => {
  it("measures each write of each contract from receipts", async () => {
    const rows = await gasReport(net)
    const measured = new Set(rows.map((r) => `${r.contract}.${r.fn.split(" ")[0]}`))
    const expected: Record<string, ReadonlyArray<{ readonly type: string; readonly name?: string; readonly stateMutability?: string }>> = {
      RNGToken: abi.rngTokenAbi,
      MockUSDT: abi.mockUsdtAbi,
      BogoDistributor: abi.bogoDistributorAbi,
      FeeDistributor: abi.feeDistributorAbi,
      RecoveryPool: abi.recoveryPoolAbi,
      BridgeLockbox: abi.bridgeLockboxAbi
    }
    // what the report leaves out on purpose: plain ERC-20 paths measured elsewhere, and renounce
    const skipped = new Set(["RNGToken.transferFrom", "MockUSDT.transfer", "MockUSDT.transferFrom", "MockUSDT.transferOwnership", "MockUSDT.renounceOwnership", "RNGToken.renounceOwnership", "BogoDistributor.renounceOwnership", "FeeDistributor.renounceOwnership", "RecoveryPool.renounceOwnership", "BridgeLockbox.renounceOwnership", "BogoDistributor.sweep", "RecoveryPool.transferOwnership", "RecoveryPool.acceptOwnership", "BridgeLockbox.transferOwnership", "BridgeLockbox.acceptOwnership"])
    for (const [name, a] of Object.entries(expected)) {
      expect(measured.has(`${name}.(deploy)`), name).toBe(true)
      for (const fn of writes(a)) if (!skipped.has(`${name}.${fn}`)) expect(measured.has(`${name}.${fn}`), `${name}.${fn}`).toBe(true)
    }
    for (const r of rows) expect(r.gasUsed > 21_000n, `${r.contract}.${r.fn}`).toBe(true)
    expect(gasTable(rows).split("\n").length).toBeGreaterThan(30)
  })
})

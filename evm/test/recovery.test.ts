/** RecoveryPool (evm.md §3.5, §7): every function and revert. */
import { parseEventLogs, zeroAddress } from "viem"
import { describe, expect, it } from "vitest"
import { recoveryPoolAbi } from "../abi/index.ts"
import { account, expectRevert, isolate, sent } from "./chain.ts"
import { deployRecovery, deployUsdt } from "./deployers.ts"

isolate()
const owner = account(0)
const alice = account(1)

const setup = async () => {
  const usdt = await deployUsdt(6)
  await sent(usdt.as(owner).write.mint([owner, 5_000_000n]))
  const pool = await deployRecovery(usdt.address)
  await sent(usdt.as(owner).write.approve([pool.address, 5_000_000n]))
  return { usdt, pool }
}

describe("RecoveryPool", () => {
  it("spec test: fund 2,000,000 then repay 500,000, ledgered with events", async () => {
    const { usdt, pool } = await setup()
    expect(await pool.as(owner).read.currency()).toBe(usdt.address)
    const f = await sent(pool.as(owner).write.fund([2_000_000n]))
    expect(parseEventLogs({ abi: recoveryPoolAbi, logs: f.logs, eventName: "Funded" })[0]?.args).toEqual({ from: owner, amount: 2_000_000n, totalFunded: 2_000_000n })
    expect(await pool.as(owner).read.totalFunded()).toBe(2_000_000n)
    const r = await sent(pool.as(owner).write.repay([alice, 500_000n]))
    expect(parseEventLogs({ abi: recoveryPoolAbi, logs: r.logs, eventName: "Repaid" })[0]?.args).toEqual({ recipient: alice, amount: 500_000n, totalRepaid: 500_000n })
    expect(await usdt.as(owner).read.balanceOf([alice])).toBe(500_000n)
    expect(await pool.as(owner).read.totalRepaid()).toBe(500_000n)
  })

  it("sweep pays out without touching the ledger", async () => {
    const { usdt, pool } = await setup()
    await sent(pool.as(owner).write.fund([1_000n]))
    const s = await sent(pool.as(owner).write.sweep([alice, 400n]))
    expect(parseEventLogs({ abi: recoveryPoolAbi, logs: s.logs, eventName: "Swept" })[0]?.args).toEqual({ recipient: alice, amount: 400n })
    expect(await pool.as(owner).read.totalFunded()).toBe(1_000n)
    expect(await pool.as(owner).read.totalRepaid()).toBe(0n)
    expect(await usdt.as(owner).read.balanceOf([pool.address])).toBe(600n)
  })

  it("reverts: amount=0, recipient=0, more than the balance, non-owner", async () => {
    const { pool } = await setup()
    await expectRevert(() => pool.as(owner).simulate.fund([0n], { account: owner }), "RecoveryPool: amount=0")
    for (const fn of ["repay", "sweep"] as const) {
      await expectRevert(() => pool.as(owner).simulate[fn]([zeroAddress, 1n], { account: owner }), "RecoveryPool: recipient=0")
      await expectRevert(() => pool.as(owner).simulate[fn]([alice, 0n], { account: owner }), "RecoveryPool: amount=0")
      await expectRevert(() => pool.as(owner).simulate[fn]([alice, 1n], { account: owner }), `ERC20InsufficientBalance(${pool.address},0,1)`)
      await expectRevert(() => pool.as(alice).simulate[fn]([alice, 1n], { account: alice }), `OwnableUnauthorizedAccount(${alice})`)
    }
    await expectRevert(() => pool.as(alice).simulate.fund([1n], { account: alice }), `OwnableUnauthorizedAccount(${alice})`)
  })
})

/** RNGToken (evm.md §3.1) and MockUSDT (§3.2): every function and revert. */
import { parseEventLogs, zeroAddress } from "viem"
import { describe, expect, it } from "vitest"
import { mockUsdtAbi, rngTokenAbi } from "../abi/index.ts"
import { account, expectRevert, isolate, sent } from "./chain.ts"
import { deployRng, deployUsdt } from "./deployers.ts"

isolate()
const owner = account(0)
const alice = account(1)

describe("RNGToken", () => {
  it("mints up to the cap and no further (spec test: cap 1,000,000)", async () => {
    const t = await deployRng(1_000_000n)
    const r = await sent(t.as(owner).write.mint([alice, 500_000n]))
    const [log] = parseEventLogs({ abi: rngTokenAbi, logs: r.logs, eventName: "Transfer" })
    expect(log?.args).toEqual({ from: zeroAddress, to: alice, value: 500_000n })
    expect(await t.as(owner).read.balanceOf([alice])).toBe(500_000n)
    await expectRevert(() => t.as(owner).simulate.mint([alice, 600_000n], { account: owner }), "RNGToken: cap exceeded")
    await sent(t.as(owner).write.mint([alice, 500_000n]))
    expect(await t.as(owner).read.totalSupply()).toBe(1_000_000n)
    await expectRevert(() => t.as(owner).simulate.mint([alice, 1n], { account: owner }), "RNGToken: cap exceeded")
  })

  it("reads: cap, name, symbol, decimals, UNDERLYING_TOKEN_ADDRESS is itself", async () => {
    const t = await deployRng(7n)
    expect(await t.as(owner).read.cap()).toBe(7n)
    expect(await t.as(owner).read.name()).toBe("RNG")
    expect(await t.as(owner).read.symbol()).toBe("RNG")
    expect(await t.as(owner).read.decimals()).toBe(18)
    expect(await t.as(owner).read.UNDERLYING_TOKEN_ADDRESS()).toBe(t.address)
  })

  it("a zero cap is refused at construction", async () => {
    await expect(deployRng(0n)).rejects.toThrow(/RNGToken: cap=0/)
  })

  it("only the owner mints", async () => {
    const t = await deployRng(100n)
    await expectRevert(() => t.as(alice).simulate.mint([alice, 1n], { account: alice }), `OwnableUnauthorizedAccount(${alice})`)
  })

  it("ownership moves in two steps (transferOwnership, acceptOwnership), and renounces", async () => {
    const t = await deployRng(100n)
    await sent(t.as(owner).write.transferOwnership([alice]))
    expect(await t.as(owner).read.pendingOwner()).toBe(alice)
    expect(await t.as(owner).read.owner()).toBe(owner)
    await expectRevert(() => t.as(account(2)).simulate.acceptOwnership({ account: account(2) }), `OwnableUnauthorizedAccount(${account(2)})`)
    await sent(t.as(alice).write.acceptOwnership())
    expect(await t.as(owner).read.owner()).toBe(alice)
    await expectRevert(() => t.as(owner).simulate.mint([owner, 1n], { account: owner }), `OwnableUnauthorizedAccount(${owner})`)
    await sent(t.as(alice).write.renounceOwnership())
    expect(await t.as(owner).read.owner()).toBe(zeroAddress)
  })

  it("is a plain ERC-20: transfer, approve, transferFrom and their errors", async () => {
    const t = await deployRng(1_000n)
    await sent(t.as(owner).write.mint([owner, 1_000n]))
    await sent(t.as(owner).write.transfer([alice, 100n]))
    await expectRevert(() => t.as(alice).simulate.transfer([owner, 101n], { account: alice }), `ERC20InsufficientBalance(${alice},100,101)`)
    await sent(t.as(owner).write.approve([alice, 50n]))
    expect(await t.as(owner).read.allowance([owner, alice])).toBe(50n)
    await expectRevert(() => t.as(alice).simulate.transferFrom([owner, alice, 51n], { account: alice }), `ERC20InsufficientAllowance(${alice},50,51)`)
    await sent(t.as(alice).write.transferFrom([owner, alice, 50n]))
    expect(await t.as(owner).read.balanceOf([alice])).toBe(150n)
  })
})

describe("MockUSDT", () => {
  it("has the configured decimals and mints (spec test)", async () => {
    const u = await deployUsdt(6)
    expect(await u.as(owner).read.decimals()).toBe(6)
    expect(await u.as(owner).read.name()).toBe("Mock USDT")
    expect(await u.as(owner).read.symbol()).toBe("mUSDT")
    const r = await sent(u.as(owner).write.mint([alice, 1_000_000n]))
    expect(parseEventLogs({ abi: mockUsdtAbi, logs: r.logs, eventName: "Transfer" })[0]?.args.value).toBe(1_000_000n)
    expect(await u.as(owner).read.balanceOf([alice])).toBe(1_000_000n)
    expect(await (await deployUsdt(18)).as(owner).read.decimals()).toBe(18)
  })

  it("only the owner mints", async () => {
    const u = await deployUsdt(6)
    await expectRevert(() => u.as(alice).simulate.mint([alice, 1n], { account: alice }), `OwnableUnauthorizedAccount(${alice})`)
  })
})

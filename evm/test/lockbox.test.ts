/** BridgeLockbox (evm.md §3.6, §8): every function and revert; defect 13 fixed. */
import { encodeAbiParameters, keccak256, parseEventLogs, zeroAddress, type Hex } from "viem"
import { describe, expect, it } from "vitest"
import { bridgeLockboxAbi } from "../abi/index.ts"
import { account, expectRevert, isolate, net, sent } from "./chain.ts"
import { deployLockbox, deployRng } from "./deployers.ts"

isolate()
const owner = account(0)
const user = account(1)
const relayer = account(2)
const guardian = account(3)
const CHIP = 10n ** 18n
const player: Hex = `0x${"ab".repeat(32)}`
const src = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`

const setup = async () => {
  const rng = await deployRng(10n ** 30n)
  await sent(rng.as(owner).write.mint([user, 10_000n * CHIP]))
  const box = await deployLockbox(rng.address)
  await sent(rng.as(user).write.approve([box.address, 10_000n * CHIP]))
  return { rng, box }
}

describe("BridgeLockbox", () => {
  it("spec test: a user deposits 1,000; the user cannot withdraw; the relayer (the owner at first) returns it", async () => {
    const { rng, box } = await setup()
    expect(await box.as(owner).read.relayer()).toBe(owner)
    expect(await box.as(owner).read.rng()).toBe(rng.address)
    const d = await sent(box.as(user).write.deposit([1000n * CHIP, player]))
    const [ev] = parseEventLogs({ abi: bridgeLockboxAbi, logs: d.logs, eventName: "Deposited" })
    const key = keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "address" }, { type: "uint64" }], [31337n, box.address, 0n]))
    expect(ev?.args).toEqual({ from: user, amount: 1000n * CHIP, destination: player, id: 0n, depositKey: key })
    expect(await box.as(owner).read.depositKeyOf([0n])).toBe(key)
    expect(await rng.as(owner).read.balanceOf([box.address])).toBe(1000n * CHIP)
    await expectRevert(() => box.as(user).simulate.withdraw([user, 1000n * CHIP, src(1)], { account: user }), "BridgeLockbox: not relayer")
    const w = await sent(box.as(owner).write.withdraw([user, 1000n * CHIP, src(1)]))
    expect(parseEventLogs({ abi: bridgeLockboxAbi, logs: w.logs, eventName: "Withdrawn" })[0]?.args).toEqual({ to: user, amount: 1000n * CHIP, source: src(1) })
    expect(await rng.as(owner).read.balanceOf([user])).toBe(10_000n * CHIP)
    expect(await box.as(owner).read.totalDeposited()).toBe(1000n * CHIP)
    expect(await box.as(owner).read.totalReleased()).toBe(1000n * CHIP)
    expect(await box.as(owner).read.nextDepositId()).toBe(1n)
  })

  it("deposit reverts: amount=0, not whole (a fraction of a chip), destination=0, paused", async () => {
    const { box } = await setup()
    await expectRevert(() => box.as(user).simulate.deposit([0n, player], { account: user }), "BridgeLockbox: amount=0")
    await expectRevert(() => box.as(user).simulate.deposit([CHIP + 1n, player], { account: user }), "BridgeLockbox: not whole")
    await expectRevert(() => box.as(user).simulate.deposit([CHIP, `0x${"00".repeat(32)}`], { account: user }), "BridgeLockbox: destination=0")
    await sent(box.as(owner).write.setPaused([true]))
    await expectRevert(() => box.as(user).simulate.deposit([CHIP, player], { account: user }), "BridgeLockbox: paused")
  })

  it("defect 13: no replay protection, pause or caps — a source is released at most once", async () => {
    const { box } = await setup()
    await sent(box.as(user).write.deposit([100n * CHIP, player]))
    await sent(box.as(owner).write.withdraw([user, 10n * CHIP, src(7)]))
    expect(await box.as(owner).read.processed([src(7)])).toBe(1)
    await expectRevert(() => box.as(owner).simulate.withdraw([user, 10n * CHIP, src(7)], { account: owner }), "BridgeLockbox: source processed")
  })

  it("defect 13: caps — per transaction and per rolling day", async () => {
    const { box } = await setup()
    await sent(box.as(user).write.deposit([1000n * CHIP, player]))
    const l = await sent(box.as(owner).write.setLimits([100n * CHIP, 150n * CHIP, 0n, 0n]))
    expect(parseEventLogs({ abi: bridgeLockboxAbi, logs: l.logs, eventName: "LimitsSet" })[0]?.args).toEqual({ perTxCap: 100n * CHIP, dailyCap: 150n * CHIP, delayThreshold: 0n, delay_s: 0n })
    await expectRevert(() => box.as(owner).simulate.withdraw([user, 101n * CHIP, src(1)], { account: owner }), "BridgeLockbox: over tx cap")
    await sent(box.as(owner).write.withdraw([user, 100n * CHIP, src(1)]))
    await expectRevert(() => box.as(owner).simulate.withdraw([user, 51n * CHIP, src(2)], { account: owner }), "BridgeLockbox: over daily cap")
    await sent(box.as(owner).write.withdraw([user, 50n * CHIP, src(2)]))
    expect(await box.as(owner).read.windowWithdrawn()).toBe(150n * CHIP)
    await net.increaseTime(86_400n)
    await sent(box.as(owner).write.withdraw([user, 100n * CHIP, src(3)]))
    expect(await box.as(owner).read.windowWithdrawn()).toBe(100n * CHIP)
  })

  it("defect 13: delays — large withdrawals queue, release after the delay (anyone), the owner can cancel", async () => {
    const { rng, box } = await setup()
    await sent(box.as(user).write.deposit([1000n * CHIP, player]))
    await sent(box.as(owner).write.setLimits([0n, 0n, 100n * CHIP, 3600n]))
    // below the threshold: immediate
    await sent(box.as(owner).write.withdraw([user, 99n * CHIP, src(1)]))
    const q = await sent(box.as(owner).write.withdraw([user, 100n * CHIP, src(2)]))
    const [queued] = parseEventLogs({ abi: bridgeLockboxAbi, logs: q.logs, eventName: "WithdrawalQueued" })
    expect(queued?.args.amount).toBe(100n * CHIP)
    expect(await box.as(owner).read.processed([src(2)])).toBe(2)
    expect(await box.as(owner).read.totalQueued()).toBe(100n * CHIP)
    await expectRevert(() => box.as(user).simulate.release([src(2)], { account: user }), "BridgeLockbox: delay not elapsed")
    await expectRevert(() => box.as(user).simulate.release([src(9)], { account: user }), "BridgeLockbox: not queued")
    await net.increaseTime(3600n)
    const before = await rng.as(owner).read.balanceOf([user])
    const r = await sent(box.as(user).write.release([src(2)]))
    expect(parseEventLogs({ abi: bridgeLockboxAbi, logs: r.logs, eventName: "Withdrawn" })[0]?.args).toEqual({ to: user, amount: 100n * CHIP, source: src(2) })
    expect(await rng.as(owner).read.balanceOf([user])).toBe(before + 100n * CHIP)
    await expectRevert(() => box.as(user).simulate.release([src(2)], { account: user }), "BridgeLockbox: not queued")
    // cancel during the delay: the source stays used, nothing moves
    await sent(box.as(owner).write.withdraw([user, 200n * CHIP, src(3)]))
    await expectRevert(() => box.as(user).simulate.cancel([src(3)], { account: user }), `OwnableUnauthorizedAccount(${user})`)
    const c = await sent(box.as(owner).write.cancel([src(3)]))
    expect(parseEventLogs({ abi: bridgeLockboxAbi, logs: c.logs, eventName: "WithdrawalCancelled" })[0]?.args).toEqual({ source: src(3), amount: 200n * CHIP })
    expect(await box.as(owner).read.processed([src(3)])).toBe(3)
    await expectRevert(() => box.as(owner).simulate.cancel([src(3)], { account: owner }), "BridgeLockbox: not queued")
    await expectRevert(() => box.as(owner).simulate.withdraw([user, 1n * CHIP, src(3)], { account: owner }), "BridgeLockbox: source processed")
    expect(await box.as(owner).read.totalQueued()).toBe(0n)
    await expectRevert(() => box.as(owner).simulate.setLimits([0n, 0n, 0n, 30n * 86_400n + 1n], { account: owner }), "BridgeLockbox: delay too long")
  })

  it("defect 13: pause — the owner or the guardian pauses, only the owner unpauses; paused stops withdraw and release", async () => {
    const { box } = await setup()
    await sent(box.as(user).write.deposit([500n * CHIP, player]))
    await sent(box.as(owner).write.setLimits([0n, 0n, 100n * CHIP, 60n]))
    await sent(box.as(owner).write.withdraw([user, 100n * CHIP, src(1)]))
    await expectRevert(() => box.as(guardian).simulate.setPaused([true], { account: guardian }), "BridgeLockbox: not owner or guardian")
    const g = await sent(box.as(owner).write.setGuardian([guardian]))
    expect(parseEventLogs({ abi: bridgeLockboxAbi, logs: g.logs, eventName: "GuardianSet" })[0]?.args.guardian).toBe(guardian)
    const p = await sent(box.as(guardian).write.setPaused([true]))
    expect(parseEventLogs({ abi: bridgeLockboxAbi, logs: p.logs, eventName: "Paused" })[0]?.args.paused).toBe(true)
    await expectRevert(() => box.as(guardian).simulate.setPaused([false], { account: guardian }), "BridgeLockbox: not owner or guardian")
    await expectRevert(() => box.as(owner).simulate.withdraw([user, CHIP, src(2)], { account: owner }), "BridgeLockbox: paused")
    await net.increaseTime(60n)
    await expectRevert(() => box.as(user).simulate.release([src(1)], { account: user }), "BridgeLockbox: paused")
    await sent(box.as(owner).write.setPaused([false]))
    await sent(box.as(user).write.release([src(1)]))
  })

  it("role separation: the owner names the relayer; the old relayer loses the right; reverts to=0, amount=0, relayer=0", async () => {
    const { box } = await setup()
    await sent(box.as(user).write.deposit([10n * CHIP, player]))
    await expectRevert(() => box.as(user).simulate.setRelayer([relayer], { account: user }), `OwnableUnauthorizedAccount(${user})`)
    await expectRevert(() => box.as(owner).simulate.setRelayer([zeroAddress], { account: owner }), "BridgeLockbox: relayer=0")
    const s = await sent(box.as(owner).write.setRelayer([relayer]))
    expect(parseEventLogs({ abi: bridgeLockboxAbi, logs: s.logs, eventName: "RelayerSet" })[0]?.args.relayer).toBe(relayer)
    await expectRevert(() => box.as(owner).simulate.withdraw([user, CHIP, src(1)], { account: owner }), "BridgeLockbox: not relayer")
    await expectRevert(() => box.as(relayer).simulate.withdraw([zeroAddress, CHIP, src(1)], { account: relayer }), "BridgeLockbox: to=0")
    await expectRevert(() => box.as(relayer).simulate.withdraw([user, 0n, src(1)], { account: relayer }), "BridgeLockbox: amount=0")
    await expectRevert(() => box.as(relayer).simulate.withdraw([user, 11n * CHIP, src(1)], { account: relayer }), `ERC20InsufficientBalance(${box.address},${10n * CHIP},${11n * CHIP})`)
    await sent(box.as(relayer).write.withdraw([user, CHIP, src(1)]))
    for (const call of [
      () => box.as(user).simulate.setGuardian([user], { account: user }),
      () => box.as(user).simulate.setLimits([0n, 0n, 0n, 0n], { account: user })
    ])
      await expectRevert(call, `OwnableUnauthorizedAccount(${user})`)
  })
})

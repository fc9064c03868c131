/** BogoDistributor (evm.md §3.3) and FeeDistributor (§3.4, §9): every function and revert. */
import { getAddress, parseEventLogs, zeroAddress, type Address, type Hex } from "viem"
import { describe, expect, it } from "vitest"
import { bogoDistributorAbi, feeDistributorAbi } from "../abi/index.ts"
import { buildTree, type Claim } from "../src/merkle.ts"
import { account, expectRevert, isolate, net, sent } from "./chain.ts"
import { deployBogo, deployFee, deployRng, deployUsdt } from "./deployers.ts"

isolate()
const owner = account(0)
const alice = account(1)
const bob = account(2)
const treasury = account(3)
const ZERO_ROOT: Hex = `0x${"00".repeat(32)}`

const now = async () => (await net.publicClient.getBlock()).timestamp

const tree = (claims: ReadonlyArray<Claim>) => {
  const t = buildTree(claims)
  const proofOf = (a: Address) => {
    const i = claims.findIndex((c) => c.address === a)
    return [...t.proof(i)]
  }
  return { root: t.root, proofOf }
}

const bogoSetup = async (seedAmount = 10_000n) => {
  const rng = await deployRng(10n ** 30n)
  await sent(rng.as(owner).write.mint([owner, 10n ** 24n]))
  const bogo = await deployBogo(rng.address)
  await sent(rng.as(owner).write.approve([bogo.address, seedAmount]))
  const r = await sent(bogo.as(owner).write.seed([seedAmount]))
  expect(parseEventLogs({ abi: bogoDistributorAbi, logs: r.logs, eventName: "Seeded" })[0]?.args).toEqual({ from: owner, amount: seedAmount })
  return { rng, bogo }
}

describe("BogoDistributor", () => {
  it("spec test: alice claims 1,000 once, bob 2,000", async () => {
    const { rng, bogo } = await bogoSetup()
    expect(await bogo.as(owner).read.rng()).toBe(rng.address)
    const t = tree([{ address: alice, amount: 1000n }, { address: bob, amount: 2000n }])
    const set = await sent(bogo.as(owner).write.setMerkleRoot([t.root, 0n]))
    expect(parseEventLogs({ abi: bogoDistributorAbi, logs: set.logs, eventName: "MerkleRootUpdated" })[0]?.args).toEqual({ root: t.root, deadline: 0n })
    expect(await bogo.as(owner).read.merkleRoot()).toBe(t.root)
    const r = await sent(bogo.as(alice).write.claim([1000n, t.proofOf(alice)]))
    expect(parseEventLogs({ abi: bogoDistributorAbi, logs: r.logs, eventName: "Claimed" })[0]?.args).toEqual({ account: alice, amount: 1000n, totalClaimed: 1000n })
    expect(await rng.as(owner).read.balanceOf([alice])).toBe(1000n)
    await expectRevert(() => bogo.as(alice).simulate.claim([1000n, t.proofOf(alice)], { account: alice }), "BogoDistributor: already claimed")
    await sent(bogo.as(bob).write.claim([2000n, t.proofOf(bob)]))
    expect(await bogo.as(owner).read.claimed([bob])).toBe(2000n)
    expect(await rng.as(owner).read.balanceOf([bogo.address])).toBe(7000n)
  })

  it("the spec's vector root pays the vector's account (impersonated A)", async () => {
    const { rng, bogo } = await bogoSetup()
    const A = getAddress(`0x${"11".repeat(20)}`)
    const B = getAddress(`0x${"22".repeat(20)}`)
    await sent(bogo.as(owner).write.setMerkleRoot(["0x5e650e29b046c54684493227affdc3b70d473d75999bc6bf7c33f41c07d4efa1", 0n]))
    await net.impersonate(A)
    const leafB = buildTree([{ address: B, amount: 2000n }]).root
    await sent(bogo.as(A).write.claim([1000n, [leafB]]))
    expect(await rng.as(owner).read.balanceOf([A])).toBe(1000n)
  })

  it("a raised cumulative total pays only the difference", async () => {
    const { rng, bogo } = await bogoSetup()
    const t1 = tree([{ address: alice, amount: 1000n }])
    await sent(bogo.as(owner).write.setMerkleRoot([t1.root, 0n]))
    await sent(bogo.as(alice).write.claim([1000n, t1.proofOf(alice)]))
    const t2 = tree([{ address: alice, amount: 1600n }, { address: bob, amount: 1n }])
    await sent(bogo.as(owner).write.setMerkleRoot([t2.root, 0n]))
    await sent(bogo.as(alice).write.claim([1600n, t2.proofOf(alice)]))
    expect(await rng.as(owner).read.balanceOf([alice])).toBe(1600n)
  })

  it("claim reverts: ineligible (0), invalid proof (wrong amount, wrong sender)", async () => {
    const { bogo } = await bogoSetup()
    const t = tree([{ address: alice, amount: 1000n }, { address: bob, amount: 2000n }])
    await sent(bogo.as(owner).write.setMerkleRoot([t.root, 0n]))
    await expectRevert(() => bogo.as(alice).simulate.claim([0n, t.proofOf(alice)], { account: alice }), "BogoDistributor: ineligible")
    await expectRevert(() => bogo.as(alice).simulate.claim([1001n, t.proofOf(alice)], { account: alice }), "BogoDistributor: invalid proof")
    await expectRevert(() => bogo.as(bob).simulate.claim([1000n, t.proofOf(alice)], { account: bob }), "BogoDistributor: invalid proof")
  })

  it("deadline boundaries: a claim at the deadline succeeds, one second later it is closed", async () => {
    const { bogo } = await bogoSetup()
    const t = tree([{ address: alice, amount: 1000n }, { address: bob, amount: 2000n }])
    const deadline = (await now()) + 100n
    await sent(bogo.as(owner).write.setMerkleRoot([t.root, deadline]))
    expect(await bogo.as(owner).read.claimDeadline()).toBe(deadline)
    await net.setNextTimestamp(deadline)
    await sent(bogo.as(alice).write.claim([1000n, t.proofOf(alice)], { gas: 200_000n }))
    await net.setNextTimestamp(deadline + 1n)
    await net.mine(1n)
    await expectRevert(() => bogo.as(bob).simulate.claim([2000n, t.proofOf(bob)], { account: bob }), "BogoDistributor: claim closed")
  })

  it("setMerkleRoot refuses a deadline not in the future; only the owner sets it", async () => {
    const { bogo } = await bogoSetup()
    const t = await now()
    await expectRevert(() => bogo.as(owner).simulate.setMerkleRoot([ZERO_ROOT, t], { account: owner }), "BogoDistributor: bad deadline")
    await expectRevert(() => bogo.as(owner).simulate.setMerkleRoot([ZERO_ROOT, t - 1n], { account: owner }), "BogoDistributor: bad deadline")
    await expectRevert(() => bogo.as(alice).simulate.setMerkleRoot([ZERO_ROOT, 0n], { account: alice }), `OwnableUnauthorizedAccount(${alice})`)
  })

  it("defect 12: BogoDistributor has no sweep or pause — now it pauses, and sweeps only after a deadline", async () => {
    const { rng, bogo } = await bogoSetup()
    const t = tree([{ address: alice, amount: 1000n }, { address: bob, amount: 2000n }])
    // no deadline: the bonus can never be swept away from claimants
    await sent(bogo.as(owner).write.setMerkleRoot([t.root, 0n]))
    await expectRevert(() => bogo.as(owner).simulate.sweep([treasury], { account: owner }), "BogoDistributor: claim active")
    const p = await sent(bogo.as(owner).write.setPaused([true]))
    expect(parseEventLogs({ abi: bogoDistributorAbi, logs: p.logs, eventName: "Paused" })[0]?.args.paused).toBe(true)
    await expectRevert(() => bogo.as(alice).simulate.claim([1000n, t.proofOf(alice)], { account: alice }), "BogoDistributor: paused")
    await sent(bogo.as(owner).write.setPaused([false]))
    await sent(bogo.as(alice).write.claim([1000n, t.proofOf(alice)]))
    const deadline = (await now()) + 10n
    await sent(bogo.as(owner).write.setMerkleRoot([t.root, deadline]))
    await expectRevert(() => bogo.as(owner).simulate.sweep([treasury], { account: owner }), "BogoDistributor: claim active")
    await net.setNextTimestamp(deadline + 1n)
    await net.mine(1n)
    await expectRevert(() => bogo.as(owner).simulate.sweep([zeroAddress], { account: owner }), "BogoDistributor: recipient=0")
    const s = await sent(bogo.as(owner).write.sweep([treasury]))
    expect(parseEventLogs({ abi: bogoDistributorAbi, logs: s.logs, eventName: "Swept" })[0]?.args).toEqual({ recipient: treasury, amount: 9000n })
    expect(await rng.as(owner).read.balanceOf([treasury])).toBe(9000n)
    await expectRevert(() => bogo.as(owner).simulate.sweep([treasury], { account: owner }), "BogoDistributor: empty")
  })

  it("owner-only: seed, setPaused, sweep; seed refuses 0 and needs approval", async () => {
    const { rng, bogo } = await bogoSetup()
    for (const call of [
      () => bogo.as(alice).simulate.seed([1n], { account: alice }),
      () => bogo.as(alice).simulate.setPaused([true], { account: alice }),
      () => bogo.as(alice).simulate.sweep([alice], { account: alice })
    ])
      await expectRevert(call, `OwnableUnauthorizedAccount(${alice})`)
    await expectRevert(() => bogo.as(owner).simulate.seed([0n], { account: owner }), "BogoDistributor: amount=0")
    await expectRevert(() => bogo.as(owner).simulate.seed([5n], { account: owner }), `ERC20InsufficientAllowance(${bogo.address},0,5)`)
    expect(await bogo.as(owner).read.token()).toBe(rng.address)
  })
})

describe("FeeDistributor", () => {
  const feeSetup = async () => {
    const usdt = await deployUsdt(6)
    await sent(usdt.as(owner).write.mint([owner, 1_000_000n]))
    const fee = await deployFee(usdt.address)
    await sent(usdt.as(owner).write.approve([fee.address, 10_000n]))
    const r = await sent(fee.as(owner).write.seed([10_000n]))
    expect(parseEventLogs({ abi: feeDistributorAbi, logs: r.logs, eventName: "Seeded" })[0]?.args).toEqual({ from: owner, amount: 10_000n })
    return { usdt, fee }
  }

  it("spec test / §9 worked example: two epochs, pause, unpause, re-set, sweep 6,000", async () => {
    const { usdt, fee } = await feeSetup()
    expect(await fee.as(owner).read.currency()).toBe(usdt.address)
    const r1 = tree([{ address: alice, amount: 1000n }, { address: bob, amount: 2000n }])
    const s1 = await sent(fee.as(owner).write.setMerkleRoot([r1.root, 0n, 1n]))
    expect(parseEventLogs({ abi: feeDistributorAbi, logs: s1.logs, eventName: "MerkleRootUpdated" })[0]?.args).toEqual({ root: r1.root, deadline: 0n, epoch: 1n })
    await sent(fee.as(alice).write.claim([1000n, r1.proofOf(alice)]))
    const r2 = tree([{ address: alice, amount: 1500n }, { address: bob, amount: 2500n }])
    await sent(fee.as(owner).write.setMerkleRoot([r2.root, 0n, 2n]))
    expect(await fee.as(owner).read.distributionEpoch()).toBe(2n)
    const c = await sent(fee.as(alice).write.claim([1500n, r2.proofOf(alice)]))
    expect(parseEventLogs({ abi: feeDistributorAbi, logs: c.logs, eventName: "Claimed" })[0]?.args).toEqual({ account: alice, amount: 500n, totalClaimed: 1500n })
    expect(await usdt.as(owner).read.balanceOf([alice])).toBe(1500n)
    await sent(fee.as(owner).write.setPaused([true]))
    expect(await fee.as(owner).read.paused()).toBe(true)
    await expectRevert(() => fee.as(bob).simulate.claim([2500n, r2.proofOf(bob)], { account: bob }), "FeeDistributor: paused")
    await sent(fee.as(owner).write.setPaused([false]))
    await sent(fee.as(bob).write.claim([2500n, r2.proofOf(bob)]))
    // re-setting the same root and epoch is allowed
    await sent(fee.as(owner).write.setMerkleRoot([r2.root, 0n, 2n]))
    const s = await sent(fee.as(owner).write.sweep([treasury]))
    expect(parseEventLogs({ abi: feeDistributorAbi, logs: s.logs, eventName: "Swept" })[0]?.args).toEqual({ recipient: treasury, amount: 6000n })
    expect(await usdt.as(owner).read.balanceOf([treasury])).toBe(6000n)
    await expectRevert(() => fee.as(owner).simulate.sweep([treasury], { account: owner }), "FeeDistributor: empty")
  })

  it("reverts: epoch regressed, bad deadline, amount=0, recipient=0, claim active, claim closed, ineligible, invalid proof, already claimed", async () => {
    const { fee } = await feeSetup()
    const r = tree([{ address: alice, amount: 1000n }, { address: bob, amount: 2000n }])
    await sent(fee.as(owner).write.setMerkleRoot([r.root, 0n, 5n]))
    await expectRevert(() => fee.as(owner).simulate.setMerkleRoot([r.root, 0n, 4n], { account: owner }), "FeeDistributor: epoch regressed")
    const t = await now()
    await expectRevert(() => fee.as(owner).simulate.setMerkleRoot([r.root, t, 5n], { account: owner }), "FeeDistributor: bad deadline")
    await expectRevert(() => fee.as(owner).simulate.seed([0n], { account: owner }), "FeeDistributor: amount=0")
    await expectRevert(() => fee.as(owner).simulate.sweep([zeroAddress], { account: owner }), "FeeDistributor: recipient=0")
    await expectRevert(() => fee.as(alice).simulate.claim([0n, r.proofOf(alice)], { account: alice }), "FeeDistributor: ineligible")
    await expectRevert(() => fee.as(alice).simulate.claim([999n, r.proofOf(alice)], { account: alice }), "FeeDistributor: invalid proof")
    await sent(fee.as(alice).write.claim([1000n, r.proofOf(alice)]))
    await expectRevert(() => fee.as(alice).simulate.claim([1000n, r.proofOf(alice)], { account: alice }), "FeeDistributor: already claimed")
    const deadline = (await now()) + 50n
    await sent(fee.as(owner).write.setMerkleRoot([r.root, deadline, 6n]))
    await expectRevert(() => fee.as(owner).simulate.sweep([treasury], { account: owner }), "FeeDistributor: claim active")
    await net.setNextTimestamp(deadline)
    await sent(fee.as(bob).write.claim([2000n, r.proofOf(bob)], { gas: 200_000n }))
    await net.setNextTimestamp(deadline + 1n)
    await net.mine(1n)
    await expectRevert(() => fee.as(alice).simulate.claim([1000n, r.proofOf(alice)], { account: alice }), "FeeDistributor: claim closed")
    await sent(fee.as(owner).write.sweep([treasury]))
  })

  it("a root that lowers an account below its claimed total makes its claims revert until it catches up", async () => {
    const { fee } = await feeSetup()
    const r1 = tree([{ address: alice, amount: 1000n }])
    await sent(fee.as(owner).write.setMerkleRoot([r1.root, 0n, 1n]))
    await sent(fee.as(alice).write.claim([1000n, r1.proofOf(alice)]))
    const r2 = tree([{ address: alice, amount: 800n }, { address: bob, amount: 1n }])
    await sent(fee.as(owner).write.setMerkleRoot([r2.root, 0n, 2n]))
    await expectRevert(() => fee.as(alice).simulate.claim([800n, r2.proofOf(alice)], { account: alice }), "FeeDistributor: already claimed")
  })

  it("owner-only: setMerkleRoot, setPaused, seed, sweep, and two-step ownership to governance", async () => {
    const { fee } = await feeSetup()
    for (const call of [
      () => fee.as(alice).simulate.setMerkleRoot([ZERO_ROOT, 0n, 1n], { account: alice }),
      () => fee.as(alice).simulate.setPaused([true], { account: alice }),
      () => fee.as(alice).simulate.seed([1n], { account: alice }),
      () => fee.as(alice).simulate.sweep([alice], { account: alice })
    ])
      await expectRevert(call, `OwnableUnauthorizedAccount(${alice})`)
    await sent(fee.as(owner).write.transferOwnership([treasury]))
    await sent(fee.as(treasury).write.acceptOwnership())
    expect(await fee.as(owner).read.owner()).toBe(treasury)
  })
})

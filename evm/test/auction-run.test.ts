/** The auction run on Hardhat's in-process network with the spec's parameters, settled and seeded. */
import { describe, expect, it } from "vitest"
import { mockUsdtAbi, recoveryPoolAbi, rngTokenAbi } from "../abi/index.ts"
import { AUCTION_SUPPLY } from "../src/allocation.ts"
import { simulateAuction } from "../src/auction/clearing.ts"
import { DEFAULT_RUN, runAuction } from "../src/auction/run.ts"
import { buildSteps } from "../src/auction/steps.ts"
import { deploySystem } from "../src/deploy.ts"
import { buildEligibility } from "../src/eligibility.ts"
import { account, isolate, net } from "./chain.ts"

isolate()

describe("auction run (evm.md §6 on a local chain)", () => {
  it("spec parameters: 10 bidders, 7,200 blocks, floor 0.05 — settles every bid, seeds the pool at the clearing price, funds recovery, feeds the bonus snapshot", async () => {
    const d = await deploySystem(net.publicClient, net.walletOf(account(0)), { network: "hardhat" })
    const poolRecipient = account(19)
    const run = await runAuction(net, d, { ...DEFAULT_RUN, poolRecipient })
    const read = <T>(p: Promise<T>) => p
    expect(run.schedule.end - run.schedule.start).toBe(7200n)
    expect(run.result.bids).toHaveLength(10)
    expect(run.result.sold <= AUCTION_SUPPLY).toBe(true)
    // demand of ≤ 150 USDT cannot lift the price of 200 M RNG: it clears at the floor
    expect(run.result.clearing).toBe(run.floorQ96)
    for (const r of run.receipts) {
      const bal = await read(net.publicClient.readContract({ address: d.rng, abi: rngTokenAbi, functionName: "balanceOf", args: [r.bidder] }))
      expect(bal).toBe(BigInt(r.tokensFilled))
      expect(BigInt(r.tokensFilled) > 0n).toBe(true)
    }
    // the pool's implied price is the clearing price (up to rounding of one base unit)
    const poolUsdt = await net.publicClient.readContract({ address: d.currency, abi: mockUsdtAbi, functionName: "balanceOf", args: [poolRecipient] })
    expect(poolUsdt).toBe(run.pool.currency)
    expect(run.pool.currency).toBe(run.result.raised)
    const diff = run.pool.priceQ96 > run.result.clearing ? run.pool.priceQ96 - run.result.clearing : run.result.clearing - run.pool.priceQ96
    expect(diff * 10n ** 9n <= run.result.clearing).toBe(true)
    expect(run.recoveryFunded).toBe(0n)
    expect(await net.publicClient.readContract({ address: d.recoveryPool, abi: recoveryPoolAbi, functionName: "totalFunded" })).toBe(0n)
    // the receipts are the bonus snapshot's input (tokensFilled, RNG base units)
    const elig = buildEligibility({ bids: { bids: run.receipts }, snapshot: null, links: null, poolCap: 0n })
    expect(elig.totalClaims).toBe(10)
  })

  it("a scarce supply clears above the floor; the raised currency pairs the reserve first, then funds the recovery pool", async () => {
    const d = await deploySystem(net.publicClient, net.walletOf(account(0)), { network: "hardhat" })
    const offsets = { ...DEFAULT_RUN.offsets, duration: 100n }
    const run = await runAuction(net, d, { ...DEFAULT_RUN, offsets, supply: 1_000n * 10n ** 18n, minBid: 50_000_000n, maxBid: 100_000_000n, poolRecipient: account(19) })
    expect(run.result.clearing > run.floorQ96).toBe(true)
    // 1,000 RNG at > 0.05 cannot absorb 500–1,000 USDT: the reserve pairing needs ~5 M USDT, so all of it goes to the pool
    expect(run.pool.currency).toBe(run.result.raised)
    const again = simulateAuction({ supply: 1_000n * 10n ** 18n, floor: run.floorQ96, steps: buildSteps(100n), duration: 100n }, run.result.bids.map((b, i) => ({ bidder: b.bidder, maxPrice: b.maxPrice, amount: b.amount, placedAt: BigInt(i) })))
    expect(again.sold <= 1_000n * 10n ** 18n).toBe(true)
  })
})

import { describe, expect, it } from "vitest"
import { scheduleOf, slotAt } from "../../agents/operators/tournament-scheduler.ts"
import { MPS_TOTAL, clearingPrice, runAuction, stepsFor } from "../auction.ts"
import { bonusClaims } from "../bogo.ts"
import { waterfall } from "../waterfall.ts"

const M = 1_000_000n

describe("phase-2 model", () => {
  it("clears the evm.md §6.7 worked example at 0.075 with A ≈ 2,666.67 and B ≈ 1,333.33 RNG, C and D refunded", () => {
    const bids = [
      { id: 0, bidder: "A", max_price: 100_000n, budget: 200n * M, block: 0 },
      { id: 1, bidder: "B", max_price: 80_000n, budget: 100n * M, block: 0 },
      { id: 2, bidder: "C", max_price: 70_000n, budget: 50n * M, block: 0 },
      { id: 3, bidder: "D", max_price: 60_000n, budget: 60n * M, block: 0 }
    ]
    expect(clearingPrice(50_000n, bids.map((b) => ({ max_price: b.max_price, amount: b.budget })), 4_000n * M)).toBe(75_000n)
    const r = runAuction({ supply: 4_000n * M, floor_price: 50_000n, tick: 10_000n, steps: [{ mps: MPS_TOTAL, blocks: 1n }], required_raise: 0n }, bids)
    expect(r.clearing_price).toBe(75_000n)
    expect(r.bids[0]!.tokens).toBe(2_666_666_666n)
    expect(r.bids[1]!.tokens).toBe(1_333_333_333n)
    expect(r.bids[2]).toMatchObject({ tokens: 0n, refund: 50n * M, outbid: true })
    expect(r.bids[3]).toMatchObject({ tokens: 0n, refund: 60n * M, outbid: true })
    expect(r.raised).toBe(300n * M)
    expect(r.sold).toBeLessThanOrEqual(4_000n * M)
  })

  it("builds the exact default supply schedule (evm.md §6.4): sums to 10⁷ over 7,200 blocks, never decreasing", () => {
    const steps = stepsFor(7_200n, [
      { share_bps: 2_000n, weight: 10n },
      { share_bps: 3_000n, weight: 30n },
      { share_bps: 5_000n, weight: 60n }
    ])
    expect(steps).toEqual([
      { mps: 694n, blocks: 1_440n },
      { mps: 1_388n, blocks: 2_160n },
      { mps: 1_667n, blocks: 2_240n },
      { mps: 1_668n, blocks: 1_360n }
    ])
    expect(steps.reduce((a, s) => a + s.mps * s.blocks, 0n)).toBe(MPS_TOTAL)
  })

  it("the clearing price never decreases across blocks and a late bid still fills", () => {
    const steps = stepsFor(100n, [
      { share_bps: 2_000n, weight: 10n },
      { share_bps: 3_000n, weight: 30n },
      { share_bps: 5_000n, weight: 60n }
    ])
    const bids = Array.from({ length: 30 }, (_, i) => ({ id: i, bidder: `b${i}`, max_price: 50_000n + BigInt(i % 7) * 5_000n, budget: BigInt(20 + i) * M, block: (i * 3) % 100 }))
    const r = runAuction({ supply: 20_000n * M, floor_price: 50_000n, tick: 500n, steps, required_raise: 0n }, bids)
    for (let i = 1; i < r.prices.length; i++) expect(r.prices[i]!).toBeGreaterThanOrEqual(r.prices[i - 1]!)
    expect(r.bids.find((b) => b.id === 27)!.tokens).toBeGreaterThan(0n) // max 0.08, arrives in block 81
    expect(r.raised).toBe(r.bids.reduce((a, b) => a + b.spent, 0n))
  })

  it("computes the BOGO worked example (evm.md §5.3): caps by credits, then pro-rata to the pool cap", () => {
    const bids = [
      { bidder: "A", tokens: 6_000n, successful: true },
      { bidder: "B", tokens: 3_000n, successful: true },
      { bidder: "A", tokens: 5_000n, successful: true },
      { bidder: "C", tokens: 4_000n, successful: false },
      { bidder: "D", tokens: 2_000n, successful: true }
    ]
    const caps = new Map([
      ["A", 8_000n],
      ["B", 10_000n]
    ])
    expect(bonusClaims(bids, caps, 0n)).toEqual([
      { address: "A", amount: 8_000n },
      { address: "B", amount: 3_000n }
    ])
    expect(bonusClaims(bids, caps, 5_500n)).toEqual([
      { address: "A", amount: 4_000n },
      { address: "B", amount: 1_500n }
    ])
  })

  it("splits proceeds: liquidity first, recovery to its target, the rest 50/30/20", () => {
    expect(waterfall(1_000n, 300n, 500n)).toEqual({ liquidity: 300n, recovery: 500n, treasury: 100n, insurance: 60n, buyback: 40n })
    expect(waterfall(200n, 300n, 500n)).toMatchObject({ liquidity: 200n, recovery: 0n })
  })

  it("schedules tournaments as simulations.md §7.1's worked example", () => {
    const slot = slotAt(1_000_000_200_000n)
    expect(slot).toBe(2_777_778n)
    expect(scheduleOf(slot)).toEqual({ slot, slot_start_ms: 1_000_000_080_000n, start_ms: 1_000_000_140_000n, end_ms: 1_000_000_440_000n })
  })
})

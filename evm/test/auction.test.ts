/** Auction parameters and clearing (evm.md §6): steps, prices, schedule, tuple; defects 1–4, 8. */
import fc from "fast-check"
import { decodeAbiParameters, zeroAddress } from "viem"
import { describe, expect, it } from "vitest"
import { AUCTION_SUPPLY, LBP_TOTAL, POOL_RESERVE, TOKEN_SPLIT_TO_AUCTION } from "../src/allocation.ts"
import { clearRound, simulateAuction } from "../src/auction/clearing.ts"
import { AUCTION_PARAMS_TUPLE, encodeAuctionParams, saltOf } from "../src/auction/params.ts"
import { floorAndSpacing, parseUnits, priceQ96, Q96 } from "../src/auction/price.ts"
import { buildSchedule, validateSchedule } from "../src/auction/schedule.ts"
import { buildSteps, encodeSteps, MPS } from "../src/auction/steps.ts"

const usdt = (s: string) => parseUnits(s, 6)
const p = (s: string) => priceQ96(usdt(s))
const RNG = 10n ** 18n

describe("allocation (evm.md §2)", () => {
  it("split 6,666,666 sends 199,999,980 RNG to the auction and keeps 100,000,020", () => {
    expect(LBP_TOTAL).toBe(300_000_000n * RNG)
    expect(TOKEN_SPLIT_TO_AUCTION).toBe(6_666_666n)
    expect(AUCTION_SUPPLY).toBe(199_999_980n * RNG)
    expect(POOL_RESERVE).toBe(100_000_020n * RNG)
  })
})

describe("supply steps (evm.md §6.4)", () => {
  it("defect 1: supply-step overshoot — the reference sums to 10,002,240 for 7,200 blocks; ours to exactly 10^7", () => {
    // the reference's last step rounds its mps up: 694×1440 + 1388×2160 + 1668×3600
    expect(694n * 1440n + 1388n * 2160n + 1668n * 3600n).toBe(10_002_240n)
    const steps = buildSteps(7200n)
    expect(steps).toEqual([
      { mps: 694n, blocks: 1440n },
      { mps: 1388n, blocks: 2160n },
      { mps: 1667n, blocks: 2240n },
      { mps: 1668n, blocks: 1360n }
    ])
    expect(steps.reduce((s, x) => s + x.mps * x.blocks, 0n)).toBe(MPS)
    expect(steps.reduce((s, x) => s + x.blocks, 0n)).toBe(7200n)
  })

  it("exact sums and total blocks for every duration (property, seeded); tranches non-decreasing when the block split is exact", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n, max: 200_000n }), (duration) => {
        const steps = buildSteps(duration)
        expect(steps.reduce((s, x) => s + x.mps * x.blocks, 0n)).toBe(MPS)
        expect(steps.reduce((s, x) => s + x.blocks, 0n)).toBe(duration)
        if (duration % 10n === 0n) for (let i = 1; i < steps.length; i++) expect((steps[i]?.mps ?? 0n) >= (steps[i - 1]?.mps ?? 0n)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("100 blocks divide exactly: 50,000×20, 100,000×30, 120,000×50", () => {
    expect(buildSteps(100n)).toEqual([
      { mps: 50_000n, blocks: 20n },
      { mps: 100_000n, blocks: 30n },
      { mps: 120_000n, blocks: 50n }
    ])
  })

  it("defect 2: 40-bit block-delta encoding — the top byte is no copy of the low byte", () => {
    expect(encodeSteps(buildSteps(7200n))).toBe("0x0002b600000005a000056c000000087000068300000008c00006840000000550")
    expect(encodeSteps([{ mps: 1n, blocks: 20n }])).toBe("0x0000010000000014")
    expect(encodeSteps([{ mps: 1n, blocks: (1n << 40n) - 1n }])).toBe("0x000001ffffffffff")
  })

  it("refuses durations that leave a tranche empty", () => {
    expect(() => buildSteps(2n)).toThrow(expect.objectContaining({ _tag: "InvalidSchedule" }))
  })
})

describe("prices (evm.md §6.3)", () => {
  it("defect 3: floor price units — 0.05 USDT per whole RNG is 3961408125713216 in Q96, not ×10^18 that", () => {
    expect(usdt("0.05")).toBe(50_000n)
    expect(50_000n * Q96).toBe(3961408125713216879677197516800000n) // the reference's value
    expect(p("0.05")).toBe(3961408125713216n)
    expect(p("0.075")).toBe(5942112188569825n)
    expect(p("0.08")).toBe(6338253001141147n)
    expect(p("0.10")).toBe(7922816251426433n)
  })

  it("defect 3: floor/100 does not divide the corrected floor; the floor is rounded down to the grid", () => {
    expect(p("0.05") % (p("0.05") / 100n)).toBe(16n)
    const f = floorAndSpacing(p("0.05"))
    expect(f.tickSpacing).toBe(39614081257132n)
    expect(f.floorQ96).toBe(3961408125713200n)
    expect(f.floorQ96 % f.tickSpacing).toBe(0n)
    expect(() => floorAndSpacing(p("0.05"), 1n)).toThrow(expect.objectContaining({ _tag: "InvalidInput" }))
  })

  it("parses decimals exactly and refuses what is not a decimal", () => {
    expect(parseUnits("20000000", 6)).toBe(20_000_000_000_000n)
    expect(() => parseUnits("1e3", 6)).toThrow(expect.objectContaining({ code: 441 }))
    expect(() => parseUnits("0.0000001", 6)).toThrow(expect.objectContaining({ code: 441 }))
  })
})

describe("block schedule (evm.md §6.2)", () => {
  it("defect 4: block ordering — claims open before migration, and other orders are refused", () => {
    const s = buildSchedule(1000n)
    expect(s).toEqual({ current: 1000n, start: 1030n, end: 8230n, claim: 8430n, migration: 8630n, sweep: 9030n })
    // the reference defaults: claim = end + 400, migration = end + 200
    expect(() => validateSchedule({ ...s, claim: s.end + 400n, migration: s.end + 200n })).toThrow(expect.objectContaining({ _tag: "InvalidSchedule", code: 442 }))
    expect(() => buildSchedule(0n, { startOffset: 30n, duration: 0n, claimOffset: 0n, migrationOffset: 0n, sweepOffset: 1n })).toThrow(expect.objectContaining({ _tag: "InvalidSchedule" }))
  })
})

describe("auction parameters (evm.md §6.5)", () => {
  it("defect 8: struct drift — the tuple is named and encoded in its exact order; other versions are refused", () => {
    const f = floorAndSpacing(p("0.05"))
    const params = {
      currency: zeroAddress,
      startBlock: 1030n,
      endBlock: 8230n,
      claimBlock: 8430n,
      tickSpacing: f.tickSpacing,
      validationHook: zeroAddress,
      floorPrice: f.floorQ96,
      requiredCurrencyRaised: 0n,
      auctionStepsData: encodeSteps(buildSteps(7200n))
    }
    const [decoded] = decodeAbiParameters(AUCTION_PARAMS_TUPLE, encodeAuctionParams(params))
    expect(decoded.tokensRecipient).toBe("0x0000000000000000000000000000000000000001")
    expect(decoded.floorPrice).toBe(f.floorQ96)
    expect(decoded.auctionStepsData).toBe(params.auctionStepsData)
    expect(() => encodeAuctionParams(params, "graduationThresholdMps")).toThrow(expect.objectContaining({ _tag: "InvalidInput" }))
    expect(() => encodeAuctionParams({ ...params, floorPrice: p("0.05") })).toThrow(/divide/)
    expect(saltOf("RNG-LBP")).toMatch(/^0x[0-9a-f]{64}$/)
    expect(saltOf(`0x${"AB".repeat(32)}`)).toBe(`0x${"ab".repeat(32)}`)
  })
})

describe("clearing (evm.md §6.7)", () => {
  it("the worked single-round example clears at 0.075: A and B fill, C and D are refunded", () => {
    const bids = [
      { maxPrice: p("0.10"), budget: usdt("200") },
      { maxPrice: p("0.08"), budget: usdt("100") },
      { maxPrice: p("0.07"), budget: usdt("50") },
      { maxPrice: p("0.06"), budget: usdt("60") }
    ]
    const r = clearRound(bids, 4000n * RNG, p("0.05"))
    // ⌈300 USDT / 4,000 RNG⌉ in Q96: one above the rounded-down 0.075 of the spec's table
    expect(r.clearing).toBe(p("0.075") + 1n)
    expect(r.tokens[0] !== undefined && r.tokens[0] / 10n ** 15n).toBe(2_666_666n) // ≈ 2,666.666 RNG
    expect(r.tokens[1] !== undefined && r.tokens[1] / 10n ** 15n).toBe(1_333_333n)
    expect(r.tokens[2]).toBe(0n)
    expect(r.tokens[3]).toBe(0n)
    expect((r.tokens[0] ?? 0n) + (r.tokens[1] ?? 0n) <= 4000n * RNG).toBe(true)
    expect(r.spent).toEqual([usdt("200"), usdt("100"), 0n, 0n])
  })

  it("the auction: the clearing price never decreases, nothing sells beyond the supply, refunds balance", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ mult: fc.integer({ min: 101, max: 400 }), amount: fc.bigInt({ min: 1n, max: 5_000n }), at: fc.bigInt({ min: 0n, max: 99n }) }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const floor = p("0.05")
          const bids = rows.map((r, i) => ({ bidder: `b${i}`, maxPrice: (floor * BigInt(r.mult)) / 100n, amount: usdt(r.amount.toString()), placedAt: r.at }))
          const res = simulateAuction({ supply: 10_000n * RNG, floor, steps: buildSteps(100n), duration: 100n }, bids)
          expect(res.sold <= 10_000n * RNG).toBe(true)
          for (let i = 1; i < res.path.length; i++) expect((res.path[i]?.clearing ?? 0n) >= (res.path[i - 1]?.clearing ?? 0n)).toBe(true)
          for (const b of res.bids) {
            expect(b.spent + b.refund).toBe(b.amount)
            expect(b.spent >= 0n && b.refund >= 0n).toBe(true)
          }
          expect(res.raised).toBe(res.bids.reduce((s, b) => s + b.spent, 0n))
        }
      ),
      { numRuns: 40 }
    )
  })

  it("scarce supply lifts the price above the floor; low bids are outbid and refunded", () => {
    const floor = p("0.05")
    const res = simulateAuction({ supply: 1_000n * RNG, floor, steps: buildSteps(100n), duration: 100n }, [
      { bidder: "high", maxPrice: p("0.20"), amount: usdt("150"), placedAt: 0n },
      { bidder: "low", maxPrice: p("0.06"), amount: usdt("100"), placedAt: 0n }
    ])
    expect(res.clearing > p("0.06")).toBe(true)
    const low = res.bids.find((b) => b.bidder === "low")
    expect(low?.outbidAt).not.toBeNull()
    expect(low !== undefined && low.refund > 0n).toBe(true)
  })
})

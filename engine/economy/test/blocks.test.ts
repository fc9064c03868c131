/**
 * Economy laws under multi-transaction, multi-account blocks, and under hostile blocks at the
 * applyBlock level: the same signed transactions reordered (reversed, shuffled) and duplicated
 * inside the block. Two swaps share a block, a liquidation races the owner's repay in one block.
 * The supply laws, vault debt accounting and AMM monotonicity are checked after every
 * transaction (through the runner's mirror world, run.ts), the block's outputs and state root must
 * equal the same transactions run one per block, a replayed copy is skipped and a skipped
 * transaction changes nothing. (Forged and over-limit blocks are verifyBlock's, elsewhere.)
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { assertCovering } from "../../../test/coverage.ts"
import { blockArb, MIXED, sequenceArb, stepArb, type Step } from "./arbitraries.ts"
import { OPEN_ECONOMY, sum, type TxRecord } from "./harness.ts"
import { Runner, emptyBlockTally, layOut, type BlockTally, type Checker } from "./run.ts"
import { supplyChecker } from "./supply-checker.ts"

/** Σ vault debt = house debt, and k never decreases through an applied swap, after every transaction */
const ledgerChecker: Checker = {
  tx: (r: TxRecord) => {
    expect(sum([...r.post.vaults.values()].map((v) => v.debt_vusdt)), "Σ vault debt = house.total_vusdt_debt").toBe(r.post.house.total_vusdt_debt)
    if (r.ix._tag === "Swap" && r.out.status === "applied") {
      const kBefore = r.pre.pool.reserve_rng * r.pre.pool.reserve_vusdt
      const kAfter = r.post.pool.reserve_rng * r.post.pool.reserve_vusdt
      expect(kAfter >= kBefore, `k never decreases through a swap (${kBefore} → ${kAfter})`).toBe(true)
    }
    if (r.out.status !== "applied") {
      // a failed or skipped transaction moves no money
      expect(r.post.house).toEqual(r.pre.house)
      expect(r.post.pool).toEqual(r.pre.pool)
    }
  }
}

const LOW_THRESHOLD = {
  ...OPEN_ECONOMY,
  max_ltv_bps_new: 500,
  max_ltv_bps_mature: 500,
  liquidation_threshold_bps: 600,
  liquidation_target_bps: 400,
  max_daily_sell_bps_balance: 10_000,
  max_daily_sell_bps_pool: 10_000
}

/** borrowers at their limit, the threshold lowered, then repays racing liquidations and two swaps per block, honest and hostile */
const RACES: ReadonlyArray<Step> = [
  { k: "leverage", who: 1, deposit: { ppm: 200_000 }, borrow: { ppm: 900_000 } },
  { k: "leverage", who: 2, deposit: { ppm: 200_000 }, borrow: { ppm: 900_000 } },
  { k: "leverage", who: 3, deposit: { ppm: 200_000 }, borrow: { ppm: 900_000 } },
  { k: "stressPolicy", policy: LOW_THRESHOLD },
  {
    k: "block",
    txs: [
      { t: "repay", who: 1, amt: { ppm: 500_000 } },
      { t: "liquidate", who: 4, byKeeper: true, target: 1 },
      { t: "swap", who: 4, buy: true, amt: { ppm: 10_000 } },
      { t: "swap", who: 5, buy: false, amt: { ppm: 1_000 } }
    ],
    layout: { order: "signed", keys: [], duplicates: [] }
  },
  {
    k: "block",
    txs: [
      { t: "liquidate", who: 4, byKeeper: true, target: 2 },
      { t: "repay", who: 2, amt: { ppm: 1_000_000 } },
      { t: "swap", who: 3, buy: true, amt: { ppm: 5_000 } },
      { t: "swap", who: 3, buy: false, amt: { ppm: 1_000 } }
    ],
    layout: { order: "reversed", keys: [], duplicates: [{ from: 0, at: 4 }] }
  },
  {
    k: "block",
    txs: [
      { t: "repay", who: 3, amt: { ppm: 300_000 } },
      { t: "repay", who: 3, amt: { ppm: 300_000 } },
      { t: "liquidate", who: 5, byKeeper: true, target: 3 },
      { t: "roulette", who: 5, bets: [{ type: "RED", number: 0, amount: 100n }] }
    ],
    layout: { order: "shuffled", keys: [3, 1, 2, 0, 5], duplicates: [{ from: 2, at: 0 }] }
  }
]

const BLOCKS = { ...MIXED, block: 30, leverage: 8, stressPolicy: 3, keeperSweep: 2 }

describe("economy laws in multi-transaction and hostile blocks", () => {
  it("hold after every transaction of blocks with many accounts, reordered and duplicated", () => {
    const tally: BlockTally = emptyBlockTally()
    assertCovering(
      sequenceArb(BLOCKS, 40),
      (steps) => new Runner({ seeded: true, policy: OPEN_ECONOMY }, [supplyChecker(), ledgerChecker], { blocks: true, blockTally: tally }).run(steps),
      () => {
        expect(tally.blocks, "multi-transaction blocks").toBeGreaterThan(50)
        expect(tally.hostile, "reordered or duplicated blocks").toBeGreaterThan(20)
        expect(tally.skipped, "replays and gaps skipped inside blocks").toBeGreaterThan(10)
        expect(tally.applied, "transactions applied inside blocks").toBeGreaterThan(100)
        expect(tally.twoSwaps, "blocks with two applied swaps").toBeGreaterThan(0)
        expect(tally.repayRacingLiquidation, "a liquidation racing the owner's repay in one block").toBeGreaterThan(0)
      },
      { numRuns: 10, examples: [[...RACES]] }
    )
  })

  it("lays out blocks as asked: reversed, shuffled by keys, duplicates inserted", () => {
    fc.assert(
      fc.property(blockArb, (step) => {
        if (step.k !== "block") return
        const ids = step.txs.map((_, i) => i)
        const out = layOut(ids, step.layout)
        expect(out.length).toBe(ids.length + step.layout.duplicates.length)
        expect(new Set(out)).toEqual(new Set(ids))
        if (step.layout.order === "reversed" && step.layout.duplicates.length === 0) expect(out).toEqual([...ids].reverse())
      }),
      { numRuns: 300 }
    )
    expect(layOut([0, 1, 2], { order: "shuffled", keys: [2, 0, 1], duplicates: [{ from: 0, at: 3 }] })).toEqual([1, 2, 0, 1])
  })

  it("a block step without the mirror is refused (the per-transaction checks cannot be skipped)", () => {
    const step = fc.sample(stepArb({ block: 1 }), { numRuns: 1, seed: 1 })[0]
    expect(step?.k).toBe("block")
    expect(() => new Runner({ seeded: true }, []).run(step === undefined ? [] : [step])).toThrow(/blocks: true/)
  })
})

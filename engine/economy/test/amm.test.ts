/**
 * Invariant 2 (docs/economy-invariants.md): the AMM. Every applied swap keeps
 * k = reserve_rng × reserve_vusdt from decreasing and pays out less than the output reserve;
 * once seeded the reserves never reach zero; liquidity changes never dilute a share; a swap
 * round trip (buy then sell the proceeds, or sell then buy) and an add-then-remove of liquidity
 * never leave the account with more of either asset than it started with.
 */
import { describe, expect, it } from "vitest"
import { assertCovering } from "../../../test/coverage.ts"
import { sequenceArb, type Profile, type Step } from "./arbitraries.ts"
import type { TxRecord } from "./harness.ts"
import { Runner, type Checker } from "./run.ts"
import { supplyChecker } from "./supply-checker.ts"

const AMM: Profile = {
  advance: 4,
  swap: 10,
  swapRoundTrip: 6,
  addLiquidity: 3,
  removeLiquidity: 3,
  lpRoundTrip: 5,
  setPolicy: 2,
  roulette: 1,
  leverage: 1,
  seedAmm: 1,
  faucet: 1
}

interface Tally {
  swaps: number
  swapTrips: number
  lpTrips: number
}

const ammChecker = (tally: Tally): Checker => {
  let seeded = false
  const balances = (r: TxRecord, which: "pre" | "post") => {
    const p = r[which].players.get(r.who.public_key)
    return { chips: p?.chips ?? 0n, vusdt: p?.vusdt_balance ?? 0n }
  }
  return {
    tx: (r) => {
      const { pre, post } = r
      if (pre.pool.total_shares > 0n) seeded = true
      if (seeded) {
        expect(post.pool.reserve_rng > 0n && post.pool.reserve_vusdt > 0n, "reserves stay positive once seeded").toBe(true)
        expect(post.pool.total_shares > 0n).toBe(true)
      }
      if (r.out.status !== "applied") return
      if (r.ix._tag === "Swap") {
        tally.swaps++
        const kBefore = pre.pool.reserve_rng * pre.pool.reserve_vusdt
        const kAfter = post.pool.reserve_rng * post.pool.reserve_vusdt
        expect(kAfter >= kBefore, `k never decreases through a swap (${kBefore} → ${kAfter})`).toBe(true)
        // a swap pays out strictly less than the output reserve held before it
        if (r.ix.is_buying_rng) expect(post.pool.reserve_rng > 0n && post.pool.reserve_rng <= pre.pool.reserve_rng).toBe(true)
        else expect(post.pool.reserve_vusdt > 0n && post.pool.reserve_vusdt <= pre.pool.reserve_vusdt).toBe(true)
        // k per share² never decreases (shares unchanged by a swap)
        expect(post.pool.total_shares).toBe(pre.pool.total_shares)
      }
      if ((r.ix._tag === "AddLiquidity" || r.ix._tag === "RemoveLiquidity") && pre.pool.total_shares > 0n && post.pool.total_shares > 0n) {
        // reserves per share never decrease: R'/S' ≥ R/S on both sides
        expect(post.pool.reserve_rng * pre.pool.total_shares >= pre.pool.reserve_rng * post.pool.total_shares, "RNG per share").toBe(true)
        expect(post.pool.reserve_vusdt * pre.pool.total_shares >= pre.pool.reserve_vusdt * post.pool.total_shares, "vUSDT per share").toBe(true)
      }
    },
    step: (step: Step, records) => {
      if (step.k !== "swapRoundTrip" && step.k !== "lpRoundTrip") return
      const [first, second] = records
      if (first === undefined || second === undefined || first.out.status !== "applied" || second.out.status !== "applied") return
      const start = balances(first, "pre")
      const end = balances(second, "post")
      if (step.k === "swapRoundTrip") tally.swapTrips++
      else tally.lpTrips++
      expect(end.chips <= start.chips, `${step.k}: RNG ${start.chips} → ${end.chips}`).toBe(true)
      expect(end.vusdt <= start.vusdt, `${step.k}: vUSDT ${start.vusdt} → ${end.vusdt}`).toBe(true)
    }
  }
}

/** trading that reaches every tallied case: swaps both ways, a swap round trip, a liquidity round trip */
const TRADES: ReadonlyArray<Step> = [
  { k: "swap", who: 1, buy: true, amt: { ppm: 10_000 }, impossibleMin: false },
  { k: "swap", who: 2, buy: false, amt: { ppm: 1_000 }, impossibleMin: false },
  { k: "advance", views: 28_800n },
  { k: "swapRoundTrip", who: 3, buyFirst: true, amt: { ppm: 5_000 } },
  { k: "swapRoundTrip", who: 1, buyFirst: false, amt: { ppm: 1_000 } },
  { k: "lpRoundTrip", who: 2, rng: { ppm: 10_000 }, usdt: { ppm: 10_000 } }
]

/** the admin creates the pool first, then the same trading */
const FROM_EMPTY: ReadonlyArray<Step> = [{ k: "seedAmm", who: 0, rng: 5_000_000n, usdt: 500_000n }, { k: "advance", views: 20n }, ...TRADES]

describe("AMM invariants", () => {
  it("k, reserves, share value and round trips under random trading (pool seeded at genesis)", () => {
    const tally: Tally = { swaps: 0, swapTrips: 0, lpTrips: 0 }
    assertCovering(
      sequenceArb(AMM, 70),
      (steps) => new Runner({ seeded: true }, [ammChecker(tally), supplyChecker()]).run(steps),
      () => {
        // the generator must actually reach what the properties talk about
        expect(tally.swaps).toBeGreaterThan(50)
        expect(tally.swapTrips).toBeGreaterThan(5)
        expect(tally.lpTrips).toBeGreaterThan(5)
      },
      { numRuns: 10, examples: [[...TRADES]] }
    )
  })

  it("the same from an empty pool (SeedAmm or the first AddLiquidity creates it)", () => {
    const tally: Tally = { swaps: 0, swapTrips: 0, lpTrips: 0 }
    assertCovering(
      sequenceArb({ ...AMM, seedAmm: 3, addLiquidity: 5 }, 50),
      (steps) => new Runner({ seeded: false }, [ammChecker(tally), supplyChecker()]).run(steps),
      () => {
        // without these, nothing AMM-specific would have been checked against a pool created in-run
        expect(tally.swaps).toBeGreaterThan(5)
        expect(tally.swapTrips).toBeGreaterThan(0)
        expect(tally.lpTrips).toBeGreaterThan(0)
      },
      { numRuns: 5, examples: [[...FROM_EMPTY]] }
    )
  })
})

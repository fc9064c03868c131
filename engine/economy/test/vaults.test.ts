/**
 * Invariant 3 (docs/economy-invariants.md): vault debt accounting. After every block
 * Σ vault.debt_vusdt = house.total_vusdt_debt (interest accrual included); every applied borrow
 * respects the account's maximum LTV at the borrow price and the system debt ceiling; a keeper
 * holding enough vUSDT can liquidate exactly the vaults above the liquidation threshold at the
 * liquidation price (dust vaults excepted), nobody can liquidate one at or below it; a
 * liquidation never raises the vault's LTV while that is arithmetically possible, and beyond
 * that point it seizes all the collateral but dust.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { assertCovering } from "../../../test/coverage.ts"
import { planLiquidation } from "../vault/liquidation.ts"
import { sequenceArb, stressPolicyArb, validPolicyArb, type Profile, type Step } from "./arbitraries.ts"
import { KEEPER, OPEN_ECONOMY, sum, type TxRecord } from "./harness.ts"
import { borrowPriceAt, liquidationOutlook, maxLtvFor } from "./laws.ts"
import { Runner, type Checker } from "./run.ts"
import { supplyChecker } from "./supply-checker.ts"

const VAULT: Profile = {
  advance: 7,
  leverage: 7,
  createVault: 1,
  depositCollateral: 2,
  withdrawCollateral: 3,
  borrow: 4,
  repay: 3,
  liquidate: 3,
  keeperSweep: 5,
  setPolicy: 2,
  stressPolicy: 3,
  updateOracle: 2,
  swap: 6,
  fundRecovery: 1,
  retireDebt: 1,
  retireWorst: 1,
  depositSavings: 1,
  claimSavings: 1,
  stake: 1
}

interface Tally {
  borrows: number
  liquidations: number
  refusedBelow: number
  underwater: number
}

const vaultChecker = (tally: Tally): Checker => ({
  tx: (r: TxRecord) => {
    const { pre, post } = r
    expect(sum([...post.vaults.values()].map((v) => v.debt_vusdt)), "Σ vault debt = house.total_vusdt_debt").toBe(post.house.total_vusdt_debt)
    const ix = r.ix
    if (ix._tag === "BorrowUSDT" && r.out.status === "applied") {
      tally.borrows++
      const me = r.who.public_key
      const v = post.vaults.get(me)
      expect(v).toBeDefined()
      if (v === undefined) return
      const price = borrowPriceAt(post, r.now_s)
      expect(v.debt_vusdt * price.den * 10_000n <= v.collateral_rng * price.num * maxLtvFor(post, me, r.now_s), "borrow within the account's max LTV").toBe(true)
      expect(post.policy.debt_ceiling_bps > 0, "a zero ceiling forbids borrowing").toBe(true)
      if (post.pool.total_shares > 0n) {
        const ceiling = (post.pool.reserve_vusdt * BigInt(post.policy.debt_ceiling_bps)) / 10_000n
        expect(post.house.total_vusdt_debt <= ceiling, `debt ${post.house.total_vusdt_debt} within the ceiling ${ceiling}`).toBe(true)
      }
    }
    if (ix._tag !== "LiquidateVault") return
    const o = liquidationOutlook(pre, ix.target, r.now_s)
    const applied = r.out.status === "applied"
    if (o === undefined) {
      expect(applied, "no vault, no liquidation").toBe(false)
      return
    }
    if (!o.above) {
      tally.refusedBelow++
      expect(applied, "a vault at or below the threshold is never liquidatable").toBe(false)
    }
    // the keeper always holds enough vUSDT: it succeeds exactly on eligible, non-dust vaults
    if (r.who.public_key === KEEPER.public_key) expect(applied, `keeper liquidation (above=${o.above}, dust=${o.dust})`).toBe(o.above && !o.dust)
    if (!applied) return
    tally.liquidations++
    expect(o.above && !o.dust).toBe(true)
    const after = post.vaults.get(ix.target)
    expect(after).toBeDefined()
    if (after === undefined) return
    expect(after.debt_vusdt <= o.debt && after.collateral_rng <= o.collateral, "liquidation only reduces debt and collateral").toBe(true)
    const repaid = o.debt - after.debt_vusdt
    const payerBefore = pre.players.get(r.who.public_key)?.vusdt_balance ?? 0n
    const payerAfter = post.players.get(r.who.public_key)?.vusdt_balance ?? 0n
    expect(payerBefore - payerAfter, "the liquidator pays exactly the repaid debt").toBe(repaid)
    if (o.healable) {
      // LTV at one price compares as debt per unit of collateral: D'/C' ≤ D/C
      expect(after.debt_vusdt * o.collateral <= o.debt * after.collateral_rng, `LTV not raised: ${o.debt}/${o.collateral} → ${after.debt_vusdt}/${after.collateral_rng}`).toBe(true)
    } else {
      tally.underwater++
      // beyond 1/(1+P) any penalty raises the LTV; the liquidation then takes all the collateral but dust (< 4 vUSDT + 1 RNG)
      expect(after.collateral_rng * o.price.num <= 4n * o.price.den + o.price.num, `underwater vault keeps ${after.collateral_rng} RNG`).toBe(true)
    }
  }
})

/** a liquidation-prone policy: low LTV limits, a threshold just above them, open sell caps */
const LOW_THRESHOLD = {
  ...OPEN_ECONOMY,
  max_ltv_bps_new: 500,
  max_ltv_bps_mature: 500,
  liquidation_threshold_bps: 600,
  liquidation_target_bps: 400,
  max_daily_sell_bps_balance: 10_000,
  max_daily_sell_bps_pool: 10_000
}

/** borrowers at their limit, refused liquidations below the threshold, then a stressed sweep */
const SWEPT: ReadonlyArray<Step> = [
  { k: "leverage", who: 1, deposit: { ppm: 200_000 }, borrow: { ppm: 900_000 } },
  { k: "leverage", who: 2, deposit: { ppm: 200_000 }, borrow: { ppm: 900_000 } },
  { k: "leverage", who: 3, deposit: { ppm: 100_000 }, borrow: { ppm: 900_000 } },
  { k: "liquidate", who: 4, target: 1 },
  { k: "liquidate", who: 4, target: 2 },
  { k: "keeperSweep" },
  { k: "stressPolicy", policy: LOW_THRESHOLD },
  { k: "keeperSweep" }
]

/** a deep crash: borrowers at their limit, the threshold lowered, heavy selling, sweeps */
const CRASH: ReadonlyArray<Step> = [
  { k: "leverage", who: 1, deposit: { ppm: 600_000 }, borrow: { ppm: 1_000_000 } },
  { k: "leverage", who: 2, deposit: { ppm: 300_000 }, borrow: { ppm: 1_000_000 } },
  { k: "leverage", who: 3, deposit: { ppm: 100_000 }, borrow: { ppm: 1_000_000 } },
  { k: "stressPolicy", policy: LOW_THRESHOLD },
  { k: "swap", who: 4, buy: false, amt: { ppm: 1_000_000 }, impossibleMin: false },
  { k: "swap", who: 5, buy: false, amt: { ppm: 1_000_000 }, impossibleMin: false },
  { k: "swap", who: 1, buy: false, amt: { ppm: 1_000_000 }, impossibleMin: false },
  { k: "keeperSweep" },
  { k: "keeperSweep" },
  { k: "advance", views: 40_000n },
  { k: "keeperSweep" }
]

describe("vault debt accounting and liquidation", () => {
  it("holds along random sequences of vault, price, policy and oracle changes", () => {
    const tally: Tally = { borrows: 0, liquidations: 0, refusedBelow: 0, underwater: 0 }
    assertCovering(
      sequenceArb(VAULT, 80),
      // a shallow pool, so sells move the price enough to push vaults over the threshold and under water
      (steps) => new Runner({ seeded: true, pool: { rng: 600_000n, vusdt: 60_000n } }, [vaultChecker(tally), supplyChecker()]).run(steps),
      () => {
        expect(tally.borrows).toBeGreaterThan(30)
        expect(tally.liquidations).toBeGreaterThan(0)
        expect(tally.refusedBelow).toBeGreaterThan(10)
      },
      { numRuns: 14, examples: [[...SWEPT]] }
    )
  })
})

/** borrowers at their limit, then a price crash of random depth, then the keeper sweeps */
const crashArb: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.array(fc.record({ who: fc.integer({ min: 1, max: 3 }), deposit: fc.integer({ min: 50_000, max: 600_000 }), borrow: fc.integer({ min: 500_000, max: 1_000_000 }) }), { minLength: 1, maxLength: 3 }),
    stressPolicyArb,
    fc.array(fc.record({ who: fc.integer({ min: 1, max: 5 }), ppm: fc.integer({ min: 50_000, max: 1_000_000 }) }), { minLength: 1, maxLength: 5 }),
    fc.bigInt({ min: 1n, max: 40_000n })
  )
  .map(([borrowers, policy, sells, wait]): Step[] => [
    ...borrowers.map((b): Step => ({ k: "leverage", who: b.who, deposit: { ppm: b.deposit }, borrow: { ppm: b.borrow } })),
    { k: "stressPolicy", policy },
    ...sells.map((x): Step => ({ k: "swap", who: x.who, buy: false, amt: { ppm: x.ppm }, impossibleMin: false })),
    { k: "keeperSweep" },
    { k: "keeperSweep" },
    { k: "advance", views: wait },
    { k: "keeperSweep" }
  ])

describe("liquidation after a price crash", () => {
  it("never raises a healable vault's LTV and takes all but dust from an underwater one", () => {
    const tally: Tally = { borrows: 0, liquidations: 0, refusedBelow: 0, underwater: 0 }
    assertCovering(
      crashArb,
      (steps) => new Runner({ seeded: true, pool: { rng: 600_000n, vusdt: 60_000n } }, [vaultChecker(tally), supplyChecker()]).run(steps),
      () => {
        expect(tally.liquidations).toBeGreaterThan(5)
        expect(tally.underwater).toBeGreaterThan(0)
      },
      { numRuns: 25, examples: [[...CRASH]] }
    )
  })
})

describe("the liquidation plan near the healable boundary", () => {
  it("lowers the LTV whenever debt × (1 + P) ≤ value, and takes all but dust beyond (rounding included)", () => {
    const BPS = 10_000n
    let healable = 0
    assertCovering(
      fc.tuple(
        validPolicyArb,
        fc.oneof(fc.bigInt({ min: 1n, max: 1_000n }), fc.bigInt({ min: 1n, max: 10n ** 12n })),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.bigInt({ min: -5n, max: 5n })
      ),
      ([policy, collateral, num, den, delta]) => {
        // debts within a few units of the boundary value / (1 + P), where rounding decides
        const P = BigInt(policy.liquidation_penalty_bps)
        const debt = (collateral * num * BPS) / (den * (BPS + P)) + delta
        if (debt <= 0n) return
        const plan = planLiquidation(debt, collateral, { num, den }, policy)
        if (typeof plan === "string") return
        expect(plan.to_liquidator <= plan.seized && plan.seized <= collateral && plan.repay <= debt).toBe(true)
        const d2 = debt - plan.repay
        const c2 = collateral - plan.seized
        if (debt * (BPS + P) * den <= collateral * num * BPS) {
          healable++
          expect(d2 * collateral <= debt * c2, `${debt}/${collateral} → ${d2}/${c2}`).toBe(true)
        } else expect(c2 * num <= 4n * den + num).toBe(true)
      },
      () => expect(healable, "cases on the healable side of the boundary").toBeGreaterThan(1_000),
      { numRuns: 20_000 }
    )
  })
})

/**
 * Vault decisions (docs/economy.md): B1, B5, B6, B7, B21 (debt ceiling), B23, B25, the policy
 * rule max_ltv_bps_mature < liquidation_threshold_bps, and the refusal to liquidate dust.
 * B2, B4, B19, B20 are proven by conformance vectors (seed-then-borrow, repay-more-than-owed,
 * withdraw-collateral, create-vault-unregistered).
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { house } from "../../casino/house.ts"
import { players } from "../../casino/player.ts"
import { DEFAULT_POLICY, type Policy } from "../policy.ts"
import { policyProblem } from "../policy-validate.ts"
import { priceLess, deviationBps } from "../oracle/price.ts"
import { accrue, SECONDS_PER_YEAR } from "../vault/accrue.ts"
import { isLiquidatable, ltvBps, planLiquidation } from "../vault/liquidation.ts"
import { vaults, type Vault } from "../vault/vault.ts"
import { actorSigner } from "../../tx/sign.ts"
import { EconomyDriver, START_VIEW, eventsOf } from "./decisions-driver.ts"

const NOW = START_VIEW * 3n
const DENOMINATOR = 10_000n * SECONDS_PER_YEAR
const BPS = 10_000n

const vault = (collateral_rng: bigint, debt_vusdt: bigint, fields: Partial<Vault> = {}): Vault => ({
  collateral_rng,
  debt_vusdt,
  last_accrual_ts: NOW,
  interest_remainder: 0n,
  created_ts: NOW,
  ...fields
})

/** a chain with a 1:1 pool of 10^7 each, the given vaults written at genesis (debt counted and minted) */
const withVaults = (entries: Record<string, Vault>, policy: Partial<Policy> = {}, extraPlayers: Record<string, { vusdt_balance: bigint }> = {}) =>
  new EconomyDriver({
    amm: { rng: 10_000_000n, vusdt: 10_000_000n },
    policy,
    players: { ...Object.fromEntries(Object.keys(entries).map((n) => [n, { chips: 0n }])), ...extraPlayers },
    write: (chain, key) => {
      let debt = 0n
      for (const [name, v] of Object.entries(entries)) {
        vaults.put(chain.store, key(name), v)
        debt += v.debt_vusdt
        const p = players.get(chain.store, key(name))
        if (p !== undefined) players.put(chain.store, key(name), { ...p, vusdt_balance: p.vusdt_balance + v.debt_vusdt })
      }
      house.update(chain.store, (h) => ({
        ...h,
        total_vusdt_debt: h.total_vusdt_debt + debt,
        vusdt_minted: h.vusdt_minted + debt,
        chips_minted: h.chips_minted + Object.values(entries).reduce((a, v) => a + v.collateral_rng, 0n)
      }))
    }
  })

/** alice borrowed 1,000,000 vUSDT against 10,000,000 RNG in a 10^7 / 10^7 pool */
const borrower = (): EconomyDriver => {
  const d = new EconomyDriver({ amm: { rng: 10_000_000n, vusdt: 10_000_000n }, players: { alice: { chips: 10_000_000n }, bob: { vusdt_balance: 10_000n } } })
  d.ok("alice", { _tag: "CreateVault" })
  d.ok("alice", { _tag: "DepositCollateral", amount: 10_000_000n })
  d.ok("alice", { _tag: "BorrowUSDT", amount: 1_000_000n })
  return d
}

describe("B1: a refused vault instruction leaves no interest behind", () => {
  it("a BorrowUSDT over the LTV after a day of interest changes nothing; the next touch accrues the day once", () => {
    const d = borrower()
    const before = d.snapshot()
    const refused = d.run("alice", { _tag: "BorrowUSDT", amount: 5_000_000n }, 28_800n)
    expect(refused.status).toBe("failed")
    expect(d.snapshot()).toBe(before)
    expect(d.savings().total_rewards_accrued).toBe(0n)
    d.ok("alice", { _tag: "RepayUSDT", amount: 1n }, 0n)
    // 1,000,000 × 800 bps × one day = 219 (economy.md §7.7), counted once in the vault, the house and the savings pool
    expect(d.house().stability_fees_accrued).toBe(219n)
    expect(d.savings().total_rewards_accrued).toBe(219n)
    expect(d.vault("alice").debt_vusdt).toBe(1_000_218n)
  })

  it("a refused liquidation of a healthy vault does not accrue into the savings pool", () => {
    const d = borrower()
    const before = d.snapshot()
    const refused = d.run("bob", { _tag: "LiquidateVault", target: d.key("alice") }, 28_800n)
    expect(refused.status).toBe("failed")
    expect(d.snapshot()).toBe(before)
  })
})

describe("B5: liquidation lands on the target and never makes a vault less healthy", () => {
  const P = DEFAULT_POLICY
  const one = { num: 1n, den: 1n }

  it("at 65 % LTV (10,000 collateral, 6,500 debt, price 1/1) the vault ends at or below 45 %", () => {
    const plan = planLiquidation(6_500n, 10_000n, one, P)
    if (typeof plan === "string") throw new Error(plan)
    expect(plan.repay).toBe(3_961n)
    const after = ltvBps(6_500n - plan.repay, 10_000n - plan.seized, one)
    if (after === null) throw new Error("the vault lost all its collateral")
    expect(after).toBeLessThanOrEqual(BigInt(P.liquidation_target_bps))
    // the reference's repay (debt − 45 % of the pre-liquidation value = 2,000) would leave 5,769 bps
    expect(plan.repay).toBeGreaterThan(2_000n)
  })

  it("at the spec's 60 % LTV (10,000 at 1/2, debt 3,000) a vault is not eligible", () => {
    expect(isLiquidatable(3_000n, 10_000n, { num: 1n, den: 2n }, P)).toBe(false)
    expect(planLiquidation(3_000n, 10_000n, { num: 1n, den: 2n }, P)).toBeTypeOf("string")
  })

  it("deeply underwater (150 %) the repayment is capped by V / (1 + P) and the seizure by the collateral", () => {
    const plan = planLiquidation(15_000n, 10_000n, one, P)
    if (typeof plan === "string") throw new Error(plan)
    expect(plan.repay).toBe((10_000n * BPS) / (BPS + BigInt(P.liquidation_penalty_bps)))
    expect(plan.seized).toBeLessThanOrEqual(10_000n)
    expect(plan.to_liquidator + plan.to_house).toBe(plan.seized)
  })

  it("for every LTV between the threshold and 1/(1+P): after ≤ before and after ≤ target", () => {
    const T = BigInt(P.liquidation_threshold_bps)
    const G = BigInt(P.liquidation_target_bps)
    const cap = (BPS * BPS) / (BPS + BigInt(P.liquidation_penalty_bps))
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10_000n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.bigInt({ min: T + 1n, max: cap }),
        (collateral, num, den, ltv) => {
          const price = { num, den }
          const cv = (collateral * num) / den
          fc.pre(cv >= 10_000n)
          const debt = (cv * ltv) / BPS
          fc.pre(isLiquidatable(debt, collateral, price, P))
          const plan = planLiquidation(debt, collateral, price, P)
          if (typeof plan === "string") throw new Error(plan)
          const d2 = debt - plan.repay
          const c2 = collateral - plan.seized
          const cv2 = (c2 * num) / den
          // exact comparisons of the fractions debt/cv, no rounding of the LTV itself
          expect(d2 * cv).toBeLessThanOrEqual(debt * cv2)
          expect(d2 * BPS).toBeLessThanOrEqual(G * cv2)
        }
      ),
      { numRuns: 400 }
    )
  })
})

describe("B6: liquidation creates no vUSDT", () => {
  it("the stability share goes to the house as RNG; vusdt_minted and the recovery pool are unchanged", () => {
    const d = withVaults({ alice: vault(10_000n, 6_500n) }, {}, { bob: { vusdt_balance: 10_000n } })
    const h0 = d.house()
    const bob0 = d.player("bob")
    const out = d.ok("bob", { _tag: "LiquidateVault", target: d.key("alice") }, 0n)
    const [ev] = eventsOf(out, "VaultLiquidated")
    if (ev === undefined) throw new Error("no VaultLiquidated event")
    const h1 = d.house()
    expect(h1.vusdt_minted).toBe(h0.vusdt_minted)
    expect(h1.recovery_pool_vusdt).toBe(h0.recovery_pool_vusdt)
    expect(h1.vusdt_burned - h0.vusdt_burned).toBe(ev.repay_amount)
    expect(h1.penalty_rng - h0.penalty_rng).toBe(ev.penalty_to_house)
    expect(ev.penalty_to_house).toBeGreaterThan(0n)
    const bob1 = d.player("bob")
    // every seized unit of RNG is accounted for: liquidator + house
    expect(bob1.chips - bob0.chips + ev.penalty_to_house).toBe(ev.collateral_seized)
    expect(bob0.vusdt_balance - bob1.vusdt_balance).toBe(ev.repay_amount)
  })
})

describe("B7: interest is exact however often a vault is touched", () => {
  it("nothing is lost to rounding: interest × denominator + remainder = Σ debt × apr × elapsed", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.bigInt({ min: 0n, max: 400_000n }), { minLength: 1, maxLength: 60 }),
        (debt, apr, steps) => {
          let v = vault(0n, debt, { last_accrual_ts: 1n })
          let now = 1n
          let owedScaled = 0n
          let interest = 0n
          for (const dt of steps) {
            owedScaled += v.debt_vusdt * BigInt(apr) * dt
            now += dt
            const a = accrue(v, now, apr)
            interest += a.interest
            v = a.vault
          }
          expect(interest * DENOMINATOR + v.interest_remainder).toBe(owedScaled)
          // and touching often never owes less than one touch over the same time
          const single = accrue(vault(0n, debt, { last_accrual_ts: 1n }), now, apr).interest
          expect(interest).toBeGreaterThanOrEqual(single)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("1,000 owed, touched every 4 days for 20 days, owes what one touch after 20 days owes (4)", () => {
    let v = vault(0n, 1_000n, { last_accrual_ts: 1n })
    let total = 0n
    for (let i = 1n; i <= 5n; i++) {
      const a = accrue(v, 1n + i * 345_600n, 800)
      total += a.interest
      v = a.vault
    }
    expect(total).toBe(accrue(vault(0n, 1_000n, { last_accrual_ts: 1n }), 1n + 5n * 345_600n, 800).interest)
    expect(total).toBe(4n)
  })
})

describe("B21: a debt ceiling of 0 bps forbids borrowing", () => {
  it("with a pool and with an empty pool", () => {
    for (const amm of [true, false]) {
      const d = new EconomyDriver({
        policy: { debt_ceiling_bps: 0 },
        players: { alice: { chips: 100_000n } },
        ...(amm ? { amm: { rng: 1_000_000n, vusdt: 1_000_000n } } : {})
      })
      d.ok("alice", { _tag: "CreateVault" })
      d.ok("alice", { _tag: "DepositCollateral", amount: 100_000n })
      const out = d.run("alice", { _tag: "BorrowUSDT", amount: 1n })
      expect(out.status).toBe("failed")
      expect(out.error?.message).toMatch(/debt ceiling 0/)
    }
  })
})

describe("B23: price and LTV comparisons use unbounded products", () => {
  it("orders prices whose cross products exceed 2^128 (a saturating compare calls them equal)", () => {
    const a = { num: 1n << 120n, den: (1n << 20n) + 1n }
    const b = { num: 1n << 120n, den: 1n << 20n }
    expect(a.num * b.den).toBeGreaterThan((1n << 128n) - 1n)
    expect(priceLess(a, b)).toBe(true)
    expect(priceLess(b, a)).toBe(false)
    expect(deviationBps(a, b)).toBe(0n)
  })

  it("judges eligibility exactly for u64 collateral at a u64 price", () => {
    const price = { num: (1n << 64n) - 1n, den: 1n }
    const collateral = (1n << 64n) - 1n
    const cv = collateral * price.num
    const atThreshold = (cv * 6_000n) / BPS
    expect(isLiquidatable(atThreshold, collateral, price, DEFAULT_POLICY)).toBe(false)
    expect(isLiquidatable(atThreshold + cv / BPS + 1n, collateral, price, DEFAULT_POLICY)).toBe(true)
  })
})

/** two actor names, the one with the smaller public key first */
const byKey = (a: string, b: string): [string, string] => (actorSigner(a).public_key < actorSigner(b).public_key ? [a, b] : [b, a])

describe("B25: retire-worst ranks by accrued LTV, ties to the vault created first", () => {
  const retiredTarget = (d: EconomyDriver): string => {
    d.ok("admin", { _tag: "FundRecoveryPool", amount: 1n }, 0n)
    const [ev] = eventsOf(d.ok("admin", { _tag: "RetireWorstVaultDebt", amount: 1n }, 0n), "RecoveryPoolRetired")
    if (ev === undefined) throw new Error("nothing retired")
    return ev.target
  }

  it("a lower stored debt that accrued for a year outranks a higher debt just touched", () => {
    const d = withVaults({
      // stored 1,000, a year un-accrued at 8 % → 1,080
      stale: vault(10_000n, 1_000n, { last_accrual_ts: NOW - SECONDS_PER_YEAR }),
      // stored 1,050, accrued now
      fresh: vault(10_000n, 1_050n)
    })
    expect(retiredTarget(d)).toBe(d.key("stale"))
  })

  it("on equal LTV the vault created first wins, not the least recently touched one, whatever the key order", () => {
    const policy = { stability_fee_apr_bps: 0 }
    const [smaller, larger] = byKey("v1", "v2")
    const d = withVaults(
      {
        // created first, touched most recently, larger key
        [larger]: vault(10_000n, 1_000n, { created_ts: NOW - 1_000n, last_accrual_ts: NOW }),
        // created later, untouched for long, smaller key
        [smaller]: vault(10_000n, 1_000n, { created_ts: NOW - 10n, last_accrual_ts: NOW - 900n })
      },
      policy
    )
    expect(retiredTarget(d)).toBe(d.key(larger))
  })

  it("on a full tie the smaller key wins", () => {
    const [smaller, larger] = byKey("w1", "w2")
    const d = withVaults({ [larger]: vault(10_000n, 1_000n), [smaller]: vault(10_000n, 1_000n) })
    expect(retiredTarget(d)).toBe(d.key(smaller))
  })
})

describe("policy rule: max_ltv_bps_mature < liquidation_threshold_bps", () => {
  it("refuses a mature LTV equal to the threshold and accepts one just below", () => {
    expect(policyProblem({ ...DEFAULT_POLICY, max_ltv_bps_mature: 6_000 })).toBe("invalid LTV configuration")
    expect(policyProblem({ ...DEFAULT_POLICY, max_ltv_bps_mature: 5_999 })).toBeNull()
    const d = new EconomyDriver()
    expect(d.run("admin", { _tag: "SetPolicy", policy: { ...DEFAULT_POLICY, max_ltv_bps_mature: 6_000 } }).status).toBe("failed")
    expect(d.run("admin", { _tag: "SetPolicy", policy: { ...DEFAULT_POLICY, max_ltv_bps_mature: 5_999 } }).status).toBe("applied")
  })
})

describe("liquidation of dust is refused as bad debt", () => {
  it("collateral worth 1 vUSDT at 100 % LTV cannot be liquidated; nothing changes", () => {
    const d = withVaults({ alice: vault(1n, 1n) }, {}, { bob: { vusdt_balance: 10n } })
    const before = d.snapshot()
    const out = d.run("bob", { _tag: "LiquidateVault", target: d.key("alice") }, 0n)
    expect(out.status).toBe("failed")
    expect(out.error?.message).toMatch(/bad debt/)
    expect(d.snapshot()).toBe(before)
  })
})

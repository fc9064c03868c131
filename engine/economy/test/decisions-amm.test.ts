/**
 * AMM decisions (docs/economy.md): B3, B18, B21 (buy cap), B22, B28 (pool value per share).
 * B2 is proven by the vector seed-then-borrow, B21 on the sell side by swap-zero-cap-forbids,
 * B28's worked case by liquidity-excess-stays.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { depositForShares, isqrt, sharesForDeposit } from "../amm/math.ts"
import { AMM_DEFAULT_FEE_BPS, ammPool, lpBalances } from "../amm/pool.ts"
import { DEFAULT_POLICY } from "../policy.ts"
import { EconomyDriver, eventsOf } from "./decisions-driver.ts"

describe("B3: seeded liquidity is protocol-owned and locked forever", () => {
  it("SeedAmm mints isqrt(rng × usdt) shares that no key holds; the admin cannot remove them", () => {
    const d = new EconomyDriver({ players: { admin: {} } })
    d.ok("admin", { _tag: "SeedAmm", rng_amount: 100_000n, usdt_amount: 400_000n, boot_num: 1n, boot_den: 1n })
    const pool = ammPool.get(d.chain.store)
    expect(pool.total_shares).toBe(isqrt(100_000n * 400_000n))
    expect(lpBalances.entries(d.chain.store)).toEqual([])
    const out = d.run("admin", { _tag: "RemoveLiquidity", shares: 1n })
    expect(out.status).toBe("failed")
    expect(ammPool.get(d.chain.store)).toEqual(pool)
  })
})

describe("B18: the fee is a protocol constant; the policy's dynamic sell tax is the only tax", () => {
  it("a sell burns by the policy's band even when the pool's stored sell tax says otherwise, and pays the 30 bps fee", () => {
    const d = new EconomyDriver({
      amm: { rng: 1_000_000n, vusdt: 1_000_000n },
      players: { alice: { chips: 1_000_000n } },
      write: (chain) => ammPool.put(chain.store, { ...ammPool.get(chain.store), sell_tax_basis_points: 0 })
    })
    const [ev] = eventsOf(d.ok("alice", { _tag: "Swap", amount_in: 1_000n, min_amount_out: 0n, is_buying_rng: false }), "AmmSwapped")
    // economy.md §7.2: outflow 10 bps → 300 bps band: 30 burned; fee ⌊970 × 30 / 10⁴⌋ = 2
    expect(ev?.burned_amount).toBe(30n)
    expect(ev?.fee_amount).toBe((970n * BigInt(AMM_DEFAULT_FEE_BPS)) / 10_000n)
    expect(ammPool.get(d.chain.store).fee_basis_points).toBe(AMM_DEFAULT_FEE_BPS)
  })

  it("no policy change moves the AMM fee", () => {
    const d = new EconomyDriver({ amm: { rng: 1_000_000n, vusdt: 1_000_000n } })
    d.ok("admin", { _tag: "SetPolicy", policy: { ...DEFAULT_POLICY, sell_tax_min_bps: 0, sell_tax_mid_bps: 0, sell_tax_max_bps: 0 } })
    expect(ammPool.get(d.chain.store).fee_basis_points).toBe(AMM_DEFAULT_FEE_BPS)
  })
})

describe("B21: a cap of 0 bps forbids trading in that direction", () => {
  it("a buy cap of 0 refuses every buy and leaves sells open", () => {
    const d = new EconomyDriver({
      amm: { rng: 1_000_000n, vusdt: 1_000_000n },
      policy: { max_daily_buy_bps_pool: 0 },
      players: { alice: { chips: 1_000_000n, vusdt_balance: 1_000_000n } }
    })
    const before = d.snapshot()
    expect(d.run("alice", { _tag: "Swap", amount_in: 1n, min_amount_out: 0n, is_buying_rng: true }).status).toBe("failed")
    expect(d.snapshot()).toBe(before)
    expect(d.run("alice", { _tag: "Swap", amount_in: 100n, min_amount_out: 0n, is_buying_rng: false }).status).toBe("applied")
  })
})

describe("B22: swap fees are kept per asset", () => {
  it("a sell's fee is counted in RNG, a buy's in vUSDT", () => {
    const d = new EconomyDriver({ amm: { rng: 1_000_000n, vusdt: 1_000_000n }, players: { alice: { chips: 1_000_000n, vusdt_balance: 1_000_000n } } })
    const [sell] = eventsOf(d.ok("alice", { _tag: "Swap", amount_in: 1_000n, min_amount_out: 0n, is_buying_rng: false }), "AmmSwapped")
    const [buy] = eventsOf(d.ok("alice", { _tag: "Swap", amount_in: 2_000n, min_amount_out: 0n, is_buying_rng: true }), "AmmSwapped")
    const h = d.house()
    expect(sell?.fee_amount).toBe(2n)
    expect(buy?.fee_amount).toBe(6n)
    expect(h.accumulated_fees_rng).toBe(2n)
    expect(h.accumulated_fees_vusdt).toBe(6n)
  })
})

describe("B28: AddLiquidity takes only what the minted shares are worth, rounded in the pool's favour", () => {
  it("never takes more than offered and never lowers either reserve per share", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1_000n, max: 10n ** 15n }),
        fc.bigInt({ min: 1_000n, max: 10n ** 15n }),
        fc.bigInt({ min: 1_001n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (R, U, S, rng, usdt) => {
          const minted = sharesForDeposit(rng, usdt, R, U, S)
          fc.pre(minted > 0n)
          const takenR = depositForShares(minted, R, S)
          const takenU = depositForShares(minted, U, S)
          expect(takenR).toBeLessThanOrEqual(rng)
          expect(takenU).toBeLessThanOrEqual(usdt)
          // (R + takenR) / (S + minted) ≥ R / S on both sides
          expect((R + takenR) * S).toBeGreaterThanOrEqual(R * (S + minted))
          expect((U + takenU) * S).toBeGreaterThanOrEqual(U * (S + minted))
        }
      ),
      { numRuns: 500 }
    )
  })
})

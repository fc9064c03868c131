/**
 * Savings decisions (docs/economy.md): B24 (interest with no savers waits for the next saver) and
 * B31 (the remainder is carried in 10^18-scaled units). The one-year claim is also proven by the
 * vector savings-claim; interest waiting in `pending_rewards` by interest-one-day.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { SCALE, allocateInterest, distribute, emptySavingsBalance, settle, sync } from "../savings/distribute.ts"
import type { SavingsBalance, SavingsPool } from "../savings/savings.ts"
import { EconomyDriver, eventsOf } from "./decisions-driver.ts"

const emptyPool = (): SavingsPool => ({
  total_deposits: 0n,
  reward_per_share_x18: 0n,
  pending_rewards: 0n,
  total_rewards_accrued: 0n,
  total_rewards_paid: 0n,
  remainder_x18: 0n
})

/** deposit into the pool (pure), as the handler does: settle, sync, then spread waiting interest */
const deposit = (pool: SavingsPool, bal: SavingsBalance, amount: bigint): [SavingsPool, SavingsBalance] => {
  const settled = settle(bal, pool)
  const after = sync({ ...settled, deposit_balance: settled.deposit_balance + amount }, pool)
  return [distribute({ ...pool, total_deposits: pool.total_deposits + amount }), after]
}

const owed = (pool: SavingsPool, bals: ReadonlyArray<SavingsBalance>): bigint => bals.reduce((a, b) => a + settle(b, pool).unclaimed_rewards, 0n)

describe("B31: savings entitlements never exceed what was accrued", () => {
  it("the spec's sequence: three deposits of 1, allocate 1, distribute four times — nobody is owed more than 1 in total", () => {
    let pool = emptyPool()
    const bals: SavingsBalance[] = []
    for (let i = 0; i < 3; i++) {
      const [p, b] = deposit(pool, emptySavingsBalance(), 1n)
      pool = p
      bals.push(b)
    }
    pool = allocateInterest(pool, 1n)
    expect(pool.reward_per_share_x18).toBe(333_333_333_333_333_333n)
    for (let i = 0; i < 3; i++) pool = distribute(pool)
    // the reference reached 1,333,333,333,333,333,332 and owed 3 of 1 accrued
    expect(pool.reward_per_share_x18).toBe(333_333_333_333_333_333n)
    expect(owed(pool, bals)).toBeLessThanOrEqual(pool.total_rewards_accrued)
    // the carried third-units become whole units once enough interest arrives
    pool = allocateInterest(pool, 2n)
    expect(owed(pool, bals)).toBe(3n)
    expect(pool.remainder_x18).toBe(0n)
  })

  it("the spec's worked cases: A 1,000 / B 3,000 with 10 → 2 and 7; A 1 / B 2 with 10 → 3 and 6", () => {
    const run = (a: bigint, b: bigint, interest: bigint): bigint[] => {
      let pool = emptyPool()
      const [p1, ba] = deposit(pool, emptySavingsBalance(), a)
      const [p2, bb] = deposit(p1, emptySavingsBalance(), b)
      pool = allocateInterest(p2, interest)
      return [settle(ba, pool).unclaimed_rewards, settle(bb, pool).unclaimed_rewards]
    }
    expect(run(1_000n, 3_000n, 10n)).toEqual([2n, 7n])
    expect(run(1n, 2n, 10n)).toEqual([3n, 6n])
  })

  it("for any deposits and allocations, Σ owed ≤ accrued, and nothing is lost: acc × total + remainder = accrued × 10^18", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 40 }),
        (amounts, interests) => {
          let pool = emptyPool()
          const bals: SavingsBalance[] = []
          for (const a of amounts) {
            const [p, b] = deposit(pool, emptySavingsBalance(), a)
            pool = p
            bals.push(b)
          }
          for (const i of interests) pool = distribute(allocateInterest(pool, i))
          expect(owed(pool, bals)).toBeLessThanOrEqual(pool.total_rewards_accrued)
          expect(pool.total_rewards_accrued - owed(pool, bals)).toBeLessThanOrEqual(BigInt(amounts.length))
          expect(pool.reward_per_share_x18 * pool.total_deposits + pool.remainder_x18).toBe(pool.total_rewards_accrued * SCALE)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("B24: interest that arrives with no savers waits for the next saver", () => {
  it("a day of interest on 1,000,000 (219) waits in pending_rewards, then goes whole to the first depositor", () => {
    const d = new EconomyDriver({
      amm: { rng: 10_000_000n, vusdt: 10_000_000n },
      players: { alice: { chips: 10_000_000n }, bob: { vusdt_balance: 5_000n } }
    })
    d.ok("alice", { _tag: "CreateVault" })
    d.ok("alice", { _tag: "DepositCollateral", amount: 10_000_000n })
    d.ok("alice", { _tag: "BorrowUSDT", amount: 1_000_000n })
    d.ok("alice", { _tag: "RepayUSDT", amount: 1n }, 28_800n)
    expect(d.savings().pending_rewards).toBe(219n)
    d.ok("bob", { _tag: "DepositSavings", amount: 5_000n })
    expect(d.savings().pending_rewards).toBe(0n)
    const [claim] = eventsOf(d.ok("bob", { _tag: "ClaimSavingsRewards" }), "SavingsRewardsClaimed")
    expect(claim?.amount).toBe(219n)
  })
})

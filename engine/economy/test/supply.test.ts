/**
 * Invariant 1 (docs/economy-invariants.md): supply conservation of RNG and vUSDT, savings and
 * staking solvency, and the freeroll credit budget, after every block of long random sequences
 * of every economic instruction (valid and invalid, admin and not) with clock jumps.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { MIXED, sequenceArb } from "./arbitraries.ts"
import { sum, type Snap, type TxRecord } from "./harness.ts"
import { ISSUANCE_LIMIT, creditsHeld, reservedPrizes, rngLedger, savingsOwed, stakingOwed, vusdtLedger } from "./laws.ts"
import { Runner, type Checker } from "./run.ts"

const supplyChecker = (): Checker => {
  let paid = 0n
  let locked: bigint | null = null
  const check = (s: Snap): void => {
    const rng = rngLedger(s)
    expect(rng.held, "RNG held = chips minted − chips burned").toBe(rng.issued)
    const usd = vusdtLedger(s)
    expect(usd.held, "vUSDT held = vUSDT minted − vUSDT burned").toBe(usd.issued)

    const sp = s.savingsPool
    expect(sp.total_rewards_paid <= sp.total_rewards_accrued, "savings paid ≤ accrued").toBe(true)
    expect(savingsOwed(s) <= sp.total_rewards_accrued - sp.total_rewards_paid, "savings owed ≤ accrued − paid").toBe(true)
    expect(sp.total_deposits, "savings total = Σ deposits").toBe(sum([...s.savings.values()].map((b) => b.deposit_balance)))

    expect(stakingOwed(s) <= s.house.staking_reward_pool, "Σ owed to stakers ≤ reward pool").toBe(true)
    expect(s.house.total_staked_amount, "total staked = Σ staker balances").toBe(sum([...s.stakers.values()].map((x) => x.balance)))
    expect(s.house.total_voting_power, "total voting power = Σ voting power").toBe(sum([...s.stakers.values()].map((x) => x.voting_power)))

    expect(s.house.total_issuance <= ISSUANCE_LIMIT, "issuance ≤ 150,000,000").toBe(true)
    expect(s.house.total_issuance, "issuance = prizes paid + prize pools of running tournaments").toBe(paid + reservedPrizes(s))
    expect(creditsHeld(s) <= paid, "Σ credits held ≤ Σ prizes paid").toBe(true)

    if (s.pool.total_shares > 0n) {
      const lockedNow = s.pool.total_shares - sum(s.lp.values())
      if (locked === null) locked = lockedNow
      expect(lockedNow, "locked LP shares never change").toBe(locked)
    }
  }
  return {
    tx: (r: TxRecord) => {
      for (const e of r.out.events) if (e._tag === "TournamentEnded") paid += sum(e.rankings.map((x) => x.prize))
      check(r.post)
    }
  }
}

describe("economy supply conservation", () => {
  it("holds after every block of random sequences (pool seeded at genesis)", () => {
    fc.assert(
      fc.property(sequenceArb(MIXED, 90), (steps) => {
        new Runner({ seeded: true }, [supplyChecker()]).run(steps)
      }),
      { numRuns: 14 }
    )
  })

  it("holds when the pool starts empty and SeedAmm or the first AddLiquidity creates it", () => {
    fc.assert(
      fc.property(sequenceArb({ ...MIXED, seedAmm: 4, addLiquidity: 6 }, 60), (steps) => {
        new Runner({ seeded: false }, [supplyChecker()]).run(steps)
      }),
      { numRuns: 6 }
    )
  })
})

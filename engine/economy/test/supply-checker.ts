/**
 * The supply checker (invariant 1 of docs/economy-invariants.md), shared by every economy
 * property: after every block, RNG and vUSDT held equal minted − burned, savings and staking
 * owe no more than they hold, freeroll credits stay within the issuance budget, the locked LP
 * shares never move.
 */
import { expect } from "vitest"
import { sum, type Snap, type TxRecord } from "./harness.ts"
import { ISSUANCE_LIMIT, creditsHeld, reservedPrizes, rngLedger, savingsOwed, stakingOwed, vusdtLedger } from "./laws.ts"
import type { Checker } from "./run.ts"

/** signed by design: the house's lifetime game balance and the epoch PnL */
const SIGNED = new Set(["game_balance", "net_pnl"])

/** the first negative bigint anywhere in the snapshot outside the signed fields (path), or null */
const negativeField = (value: unknown, path = "state"): string | null => {
  if (typeof value === "bigint") return value < 0n ? path : null
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const bad = negativeField(v, `${path}.${String(k).slice(0, 8)}`)
      if (bad !== null) return bad
    }
    return null
  }
  if (typeof value === "object" && value !== null && !(value instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(value)) {
      if (SIGNED.has(k)) continue
      const bad = negativeField(v, `${path}.${k}`)
      if (bad !== null) return bad
    }
  }
  return null
}

export const supplyChecker = (): Checker => {
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

    expect(s.house.stability_fees_accrued, "every unit of interest reaches the savings pool").toBe(sp.total_rewards_accrued)
    expect(negativeField(s), "no unsigned amount is negative").toBe(null)

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

/**
 * Staking decisions (docs/economy.md): B13, B14, B15, B26, B27, B30, and "staking rewards are
 * paid from the house's profit". Permissionless-but-only-when-due (B13) is also proven by the
 * vector epoch-not-due; the view-based lock (B26) by staking-lock.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { emptyHouse, house, type House } from "../../casino/house.ts"
import { clockAt } from "../../chain/clock.ts"
import { EPOCH_LENGTH_VIEWS, SCALE, closeEpoch, emptyStaker, pendingOf } from "../staking/rewards.ts"
import { MAX_STAKE_DURATION_VIEWS } from "../staking/staking-handlers.ts"
import { stakers } from "../staking/staker.ts"
import { EconomyDriver, START_VIEW, eventsOf } from "./decisions-driver.ts"

const houseWith = (fields: Partial<House>): House => ({ ...emptyHouse(), ...fields })

describe("B30: each epoch's surplus enters the pool in full; no staker is owed more than the pool holds", () => {
  it("the spec's sequence: total_vp 3, net_pnl 10, then 0 — the sole staker is owed 9 and the pool holds 10", () => {
    const staker = { ...emptyStaker(), voting_power: 3n }
    let h = houseWith({ total_voting_power: 3n, net_pnl: 10n, game_balance: 10n })
    h = closeEpoch(h, 100n).house
    expect(h.staking_reward_pool).toBe(10n)
    expect(h.staking_reward_per_voting_power_x18).toBe(3_333_333_333_333_333_333n)
    expect(pendingOf(staker, h.staking_reward_per_voting_power_x18)).toBe(9n)
    h = closeEpoch({ ...h, net_pnl: 0n }, 200n).house
    // the reference re-added its carry here and owed 10 against a pool of 9
    expect(pendingOf(staker, h.staking_reward_per_voting_power_x18)).toBe(9n)
    expect(h.staking_reward_pool).toBe(10n)
    // a unit every epoch: owed stays within the pool (reference: pool 0,1,2,… owed 0,2,4,…)
    for (let i = 0; i < 10; i++) h = closeEpoch({ ...h, net_pnl: 1n }, 300n + BigInt(i) * 100n).house
    expect(pendingOf(staker, h.staking_reward_per_voting_power_x18)).toBeLessThanOrEqual(h.staking_reward_pool)
    expect(h.staking_reward_pool - pendingOf(staker, h.staking_reward_per_voting_power_x18)).toBeLessThanOrEqual(1n)
  })

  it("for any stakers and epochs, Σ owed ≤ pool, and the pool exceeds Σ owed by less than one unit per staker", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.bigInt({ min: -1_000n, max: 10n ** 6n }), { minLength: 1, maxLength: 30 }),
        (powers, pnls) => {
          const total = powers.reduce((a, b) => a + b, 0n)
          let h = houseWith({ total_voting_power: total, game_balance: 10n ** 12n })
          for (const [i, pnl] of pnls.entries()) h = closeEpoch({ ...h, net_pnl: h.net_pnl + pnl }, BigInt(i + 1) * 100n).house
          const owed = powers.reduce((a, vp) => a + pendingOf({ ...emptyStaker(), voting_power: vp }, h.staking_reward_per_voting_power_x18), 0n)
          expect(owed).toBeLessThanOrEqual(h.staking_reward_pool)
          expect(h.staking_reward_pool - owed).toBeLessThanOrEqual(BigInt(powers.length))
          // the scaled remainder is what the accumulator has not expressed yet
          expect(h.staking_reward_per_voting_power_x18 * total + h.staking_reward_remainder_x18).toBe(h.staking_reward_pool * SCALE)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("through instructions: after epochs of 10 then 0 the staker with vp 3 claims 9 and the pool keeps 1", () => {
    const d = new EconomyDriver({
      players: { alice: { chips: 1_000n } },
      write: (chain) => house.update(chain.store, (h) => ({ ...h, net_pnl: 10n, game_balance: 10n, chips_minted: h.chips_minted + 10n }))
    })
    d.ok("alice", { _tag: "Stake", amount: 3n, duration: 1n })
    d.ok("alice", { _tag: "ProcessEpoch" })
    d.ok("alice", { _tag: "ProcessEpoch" }, EPOCH_LENGTH_VIEWS)
    const [claim] = eventsOf(d.ok("alice", { _tag: "ClaimRewards" }), "RewardsClaimed")
    expect(claim?.amount).toBe(9n)
    expect(d.house().staking_reward_pool).toBe(1n)
  })
})

describe("B13: a losing epoch is carried and offsets the next profit; profit without stakers stays with the house", () => {
  it("−50 is carried; +80 of later play pays stakers 30", () => {
    let h = houseWith({ total_voting_power: 10n, net_pnl: -50n, game_balance: -50n })
    const lost = closeEpoch(h, 100n)
    expect(lost.distributed).toBe(0n)
    expect(lost.house.net_pnl).toBe(-50n)
    expect(lost.house.current_epoch).toBe(1n)
    h = { ...lost.house, net_pnl: lost.house.net_pnl + 80n, game_balance: lost.house.game_balance + 80n }
    const won = closeEpoch(h, 200n)
    expect(won.distributed).toBe(30n)
    expect(won.house.staking_reward_pool).toBe(30n)
    expect(won.house.net_pnl).toBe(0n)
  })

  it("with no stakers the profit is neither distributed nor lost: the house keeps it", () => {
    const r = closeEpoch(houseWith({ net_pnl: 100n, game_balance: 100n }), 100n)
    expect(r.distributed).toBe(0n)
    expect(r.house.game_balance).toBe(100n)
    expect(r.house.staking_reward_pool).toBe(0n)
    expect(r.house.net_pnl).toBe(0n)
  })

  it("ProcessEpoch through an instruction carries the loss", () => {
    const d = new EconomyDriver({ write: (chain) => house.update(chain.store, (h) => ({ ...h, net_pnl: -50n, game_balance: -50n })) })
    d.ok("anyone", { _tag: "ProcessEpoch" })
    expect(d.house().net_pnl).toBe(-50n)
  })
})

describe("staking rewards are paid from the house's profit, not minted", () => {
  it("the epoch moves game_balance into the reward pool; a claim mints nothing", () => {
    const d = new EconomyDriver({
      players: { alice: { chips: 1_000n } },
      write: (chain) => house.update(chain.store, (h) => ({ ...h, net_pnl: 70n, game_balance: 70n, chips_minted: h.chips_minted + 70n }))
    })
    d.ok("alice", { _tag: "Stake", amount: 10n, duration: 10n })
    const h0 = d.house()
    d.ok("alice", { _tag: "ProcessEpoch" })
    const h1 = d.house()
    expect(h1.game_balance).toBe(h0.game_balance - 70n)
    expect(h1.staking_reward_pool).toBe(70n)
    d.ok("alice", { _tag: "ClaimRewards" })
    expect(d.house().chips_minted).toBe(h0.chips_minted)
    expect(d.player("alice").chips).toBe(1_000n - 10n + 70n)
  })
})

describe("B14: a stake must be positive and last 1 … 42,048,000 views", () => {
  it("refuses 0, duration 0 and duration above the bound; accepts the bound", () => {
    const d = new EconomyDriver({ players: { alice: { chips: 1_000n } } })
    const before = d.snapshot()
    expect(d.run("alice", { _tag: "Stake", amount: 0n, duration: 10n }).status).toBe("failed")
    expect(d.run("alice", { _tag: "Stake", amount: 10n, duration: 0n }).status).toBe("failed")
    expect(d.run("alice", { _tag: "Stake", amount: 10n, duration: MAX_STAKE_DURATION_VIEWS + 1n }).status).toBe("failed")
    expect(d.run("alice", { _tag: "Stake", amount: 10n, duration: (1n << 64n) - 1n }).status).toBe("failed")
    expect(d.snapshot()).toBe(before)
    d.ok("alice", { _tag: "Stake", amount: 10n, duration: MAX_STAKE_DURATION_VIEWS })
    expect(d.staker("alice")?.unlock_ts).toBe(d.chain.view + MAX_STAKE_DURATION_VIEWS)
  })
})

describe("B15: a stake is never destroyed for want of a player record", () => {
  it("Unstake without a player record is refused and the stake stays; Stake by an unregistered key is refused", () => {
    const stake = { ...emptyStaker(), balance: 500n, voting_power: 500n, unlock_ts: 1n }
    const d = new EconomyDriver({
      write: (chain, key) => {
        stakers.put(chain.store, key("ghost"), stake)
        house.update(chain.store, (h) => ({ ...h, total_staked_amount: 500n, total_voting_power: 500n }))
      }
    })
    const out = d.run("ghost", { _tag: "Unstake" })
    expect(out.error?.tag).toBe("PlayerNotFound")
    expect(d.staker("ghost")).toEqual(stake)
    expect(d.house().total_staked_amount).toBe(500n)
    expect(d.run("nobody", { _tag: "Stake", amount: 1n, duration: 1n }).error?.tag).toBe("PlayerNotFound")
  })
})

describe("B26/B27: staking runs in views; the epoch start is a view and is named so", () => {
  it("epoch_start_view holds the view ProcessEpoch ran at; the house has no epoch_start_ts", () => {
    const d = new EconomyDriver()
    d.ok("anyone", { _tag: "ProcessEpoch" }, 7n)
    expect(d.house().epoch_start_view).toBe(START_VIEW + 7n)
    expect(Object.keys(d.house())).not.toContain("epoch_start_ts")
    expect(clockAt(START_VIEW + 7n).now_s).toBe((START_VIEW + 7n) * 3n)
  })
})

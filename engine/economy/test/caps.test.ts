/**
 * Invariant 4 (docs/economy-invariants.md): caps. On every applied swap the direction's daily
 * counter (after the trade) is within the allowance computed from the pre-trade balance and
 * reserve; no account joins more tournaments in a day than the limit in force when it joins
 * (and never twice within 300 s); bridge withdrawals stay within the daily and per-account caps
 * of the policy in force, deposits never exceed withdrawals.
 */
import { describe, expect, it } from "vitest"
import { assertCovering } from "../../../test/coverage.ts"
import { sequenceArb, type Profile } from "./arbitraries.ts"
import { OPEN_ECONOMY, type TxRecord } from "./harness.ts"
import fc from "fast-check"
import { dailyAllowance as engineAllowance } from "../amm/math.ts"
import { withinDailyCap } from "./laws.ts"
import { Runner, type Checker } from "./run.ts"
import { supplyChecker } from "./supply-checker.ts"

const CAPS: Profile = {
  advance: 6,
  swap: 8,
  join: 7,
  startTournament: 3,
  endTournament: 3,
  setLimit: 2,
  bridgeWithdraw: 7,
  bridgeDeposit: 2,
  finalizeBridge: 2,
  setPolicy: 1,
  roulette: 1,
  register: 1
}

const DAY_S = 86_400n
const TRIAL_SECS = 604_800n

interface Tally {
  swaps: number
  joins: number
  withdrawals: number
  capRefusals: number
}

const capsChecker = (tally: Tally): Checker => {
  const joins = new Map<string, { day: bigint; count: number; last_s: bigint }>()
  const bridgeDay = { day: -1n, total: 0n }
  const bridgeAccount = new Map<string, { day: bigint; total: bigint }>()
  return {
    tx: (r: TxRecord) => {
      const { pre, post } = r
      const me = r.who.public_key
      const day = r.now_s / DAY_S
      expect(post.bridge.total_deposited <= post.bridge.total_withdrawn, "bridge deposits ≤ withdrawals").toBe(true)
      if (r.out.status === "failed" && r.ix._tag === "Swap" && /Daily (buy|sell) limit exceeded/.test(r.out.error?.message ?? "")) {
        // a cap refusal happens only when the post-trade counter would break §3.3
        const ix = r.ix
        const p0 = pre.players.get(me)
        expect(p0).toBeDefined()
        if (p0 === undefined) return
        const sameDay = p0.daily_flow_day === day
        const after = (ix.is_buying_rng ? (sameDay ? p0.daily_net_buy : 0n) : sameDay ? p0.daily_net_sell : 0n) + ix.amount_in
        const within = ix.is_buying_rng
          ? withinDailyCap(after, p0.vusdt_balance, pre.pool.reserve_vusdt, pre.policy.max_daily_buy_bps_balance, pre.policy.max_daily_buy_bps_pool)
          : withinDailyCap(after, p0.chips, pre.pool.reserve_rng, pre.policy.max_daily_sell_bps_balance, pre.policy.max_daily_sell_bps_pool)
        expect(within, `refused at ${after}, which §3.3 allows`).toBe(false)
        tally.capRefusals++
      }
      if (r.out.status !== "applied") return
      const ix = r.ix
      if (ix._tag === "Swap") {
        tally.swaps++
        const p0 = pre.players.get(me)
        const p1 = post.players.get(me)
        expect(p0 !== undefined && p1 !== undefined).toBe(true)
        if (p0 === undefined || p1 === undefined) return
        const sameDay = p0.daily_flow_day === day
        const before = ix.is_buying_rng ? (sameDay ? p0.daily_net_buy : 0n) : sameDay ? p0.daily_net_sell : 0n
        const after = ix.is_buying_rng ? p1.daily_net_buy : p1.daily_net_sell
        const within = ix.is_buying_rng
          ? withinDailyCap(after, p0.vusdt_balance, pre.pool.reserve_vusdt, pre.policy.max_daily_buy_bps_balance, pre.policy.max_daily_buy_bps_pool)
          : withinDailyCap(after, p0.chips, pre.pool.reserve_rng, pre.policy.max_daily_sell_bps_balance, pre.policy.max_daily_sell_bps_pool)
        expect(p1.daily_flow_day).toBe(day)
        expect(after, "the counter grows by the amount traded").toBe(before + ix.amount_in)
        expect(within, `daily counter ${after} within the §3.3 cap (balance ${ix.is_buying_rng ? p0.vusdt_balance : p0.chips})`).toBe(true)
      }
      if (ix._tag === "CasinoJoinTournament") {
        tally.joins++
        const p = pre.players.get(me)
        expect(p).toBeDefined()
        if (p === undefined) return
        const prev = joins.get(me)
        if (prev !== undefined) expect(r.now_s - prev.last_s >= 300n, "joins are at least 300 s apart").toBe(true)
        const count = prev !== undefined && prev.day === day ? prev.count + 1 : 1
        joins.set(me, { day, count, last_s: r.now_s })
        const base = p.daily_limit === 0 ? 1 : p.daily_limit
        const limit = r.now_s - p.created_ts < TRIAL_SECS ? Math.min(base, 3) : base
        expect(count <= limit, `joins today ${count} within the limit ${limit}`).toBe(true)
      }
      if (ix._tag === "BridgeWithdraw") {
        tally.withdrawals++
        if (bridgeDay.day !== day) {
          bridgeDay.day = day
          bridgeDay.total = 0n
        }
        bridgeDay.total += ix.amount
        const mine = bridgeAccount.get(me)
        const total = (mine !== undefined && mine.day === day ? mine.total : 0n) + ix.amount
        bridgeAccount.set(me, { day, total })
        expect(pre.policy.bridge_paused).toBe(false)
        expect(bridgeDay.total <= pre.policy.bridge_daily_limit, `bridge day total ${bridgeDay.total}`).toBe(true)
        expect(total <= pre.policy.bridge_daily_limit_per_account, `account bridge day total ${total}`).toBe(true)
        if (pre.policy.bridge_max_withdraw > 0n) expect(ix.amount <= pre.policy.bridge_max_withdraw).toBe(true)
        expect(ix.amount >= pre.policy.bridge_min_withdraw).toBe(true)
      }
      if (ix._tag === "FinalizeBridgeWithdrawal") expect(ix.withdrawal_id < pre.bridge.next_withdrawal_id, "only requested withdrawals are finalized").toBe(true)
      expect(post.bridge.total_withdrawn - pre.bridge.total_withdrawn, "only BridgeWithdraw moves the withdrawn total").toBe(ix._tag === "BridgeWithdraw" ? ix.amount : 0n)
    }
  }
}

describe("daily caps", () => {
  it("swap allowances, tournament join limits and bridge caps hold along random sequences", () => {
    const tally: Tally = { swaps: 0, joins: 0, withdrawals: 0, capRefusals: 0 }
    assertCovering(
      sequenceArb(CAPS, 80),
      (steps) => new Runner({ seeded: true, policy: OPEN_ECONOMY }, [capsChecker(tally), supplyChecker()]).run(steps),
      () => {
        expect(tally.swaps).toBeGreaterThan(20)
        expect(tally.joins).toBeGreaterThan(10)
        expect(tally.withdrawals).toBeGreaterThan(10)
        expect(tally.capRefusals, "swaps refused by a daily cap").toBeGreaterThan(0)
      },
      { numRuns: 10 }
    )
  })
})

describe("the §3.3 oracle", () => {
  it("agrees with the engine's allowance on random balances, reserves and caps (edge values included)", () => {
    const amount = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 200n }))
    const bps = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 1, 15, 30, 300, 600, 10_000))
    fc.assert(
      fc.property(amount, amount, bps, bps, fc.bigInt({ min: 0n, max: 10n ** 12n }), (balance, reserve, b, q, after) => {
        expect(withinDailyCap(after, balance, reserve, b, q)).toBe(after <= engineAllowance(balance, reserve, b, q))
      }),
      { numRuns: 3_000 }
    )
  })
})

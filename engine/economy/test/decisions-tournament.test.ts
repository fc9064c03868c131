/**
 * Tournament and credit decisions (docs/economy.md): B8 (per-award vesting, vest 0, expiry that
 * runs) and B9 (integer payout, unpaid prize returns to the budget, no joining a second running
 * tournament, unknown ids open empty). The empty start and the end-time check are also proven by
 * the vectors tournament-empty and freeroll-daily-limit; the 10-player payout by tournament-payout.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { newPlayer } from "../../casino/player.ts"
import { DEFAULT_POLICY } from "../policy.ts"
import { policyProblem } from "../policy-validate.ts"
import { TRANCHES_MAX, award, expire, settleCredits, type CreditState } from "../tournament/credits.ts"
import { PER_TOURNAMENT_PRIZE, payouts, proofOfPlayBps } from "../tournament/payout.ts"
import { tournaments } from "../tournament/tournament.ts"
import { EconomyDriver, eventsOf } from "./decisions-driver.ts"

const T = 1_000_000_000n
const VEST = DEFAULT_POLICY.credit_vest_secs
const fresh = (): CreditState => ({ player: { ...newPlayer("p", 0n, 1n), last_session_ts: T }, tranches: [] })
const total = (s: CreditState): bigint => s.player.freeroll_credits + s.player.freeroll_credits_locked

describe("B8: each award vests on its own schedule", () => {
  it("the spec's sequence: 228 at T, 114 at T + 90 days; the first award is fully vested at T + 180 days", () => {
    let s = award(fresh(), 228n, T, DEFAULT_POLICY)
    expect([s.player.freeroll_credits, s.player.freeroll_credits_locked]).toEqual([45n, 183n])
    s = award(s, 114n, T + VEST / 2n, DEFAULT_POLICY)
    // settle unlocked 91 of the first award, then 22 of the second at once
    expect(s.player.freeroll_credits).toBe(45n + 91n + 22n)
    expect(s.player.freeroll_credits_locked).toBe(92n + 92n)
    const atEnd = settleCredits(s, T + VEST)
    // reference: the whole 184 re-spread to T + 270 days, so only half of the first award's rest had vested here
    expect(atEnd.player.freeroll_credits).toBe(228n + 22n + (92n * (VEST / 2n)) / VEST)
    expect(total(atEnd)).toBe(342n)
  })

  it("a second award never slows the first: its credits vest at least as fast as if alone", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.bigInt({ min: 0n, max: VEST - 1n }),
        fc.bigInt({ min: 0n, max: 2n * VEST }),
        (a, b, gap, later) => {
          const alone = award(fresh(), a, T, DEFAULT_POLICY)
          const both = award(alone, b, T + gap, DEFAULT_POLICY)
          const at = T + gap + later
          // settled at the same moments as `both`, so only the second award differs
          const aloneAt = settleCredits(settleCredits(alone, T + gap), at).player.freeroll_credits
          const bothAt = settleCredits(both, at).player.freeroll_credits
          const bImmediate = (b * BigInt(DEFAULT_POLICY.credit_immediate_bps)) / 10_000n
          expect(bothAt).toBeGreaterThanOrEqual(aloneAt + bImmediate)
          expect(total(settleCredits(both, at))).toBe(a + b)
        }
      ),
      { numRuns: 200 }
    )
  })

  it("more than 16 open awards merge without losing or speeding credits", () => {
    let s = fresh()
    for (let i = 0n; i < 20n; i++) s = award(s, 1_000n, T + i * 1_000n, DEFAULT_POLICY)
    expect(s.tranches.length).toBeLessThanOrEqual(TRANCHES_MAX)
    expect(total(s)).toBe(20_000n)
    expect(s.tranches.every((t) => t.end_ts <= T + 19_000n + VEST)).toBe(true)
    expect(settleCredits(s, T + 19_000n + VEST).player.freeroll_credits).toBe(20_000n)
  })

  it("credits expire after 180 days without play, and not a second earlier", () => {
    const s = award(fresh(), 1_000n, T, DEFAULT_POLICY)
    expect(total(expire(s, T + DEFAULT_POLICY.credit_expiry_secs - 1n, DEFAULT_POLICY))).toBe(1_000n)
    expect(total(expire(s, T + DEFAULT_POLICY.credit_expiry_secs, DEFAULT_POLICY))).toBe(0n)
    // a later award after the inactivity starts from nothing
    expect(total(award(s, 10n, T + DEFAULT_POLICY.credit_expiry_secs, DEFAULT_POLICY))).toBe(10n)
    // a recent session keeps them
    const active: CreditState = { ...s, player: { ...s.player, last_session_ts: T + 1_000n } }
    expect(total(expire(active, T + DEFAULT_POLICY.credit_expiry_secs, DEFAULT_POLICY))).toBe(1_000n)
  })

  it("vest 0 with 100 % immediate unlocks at once; vest 0 with less than 100 % is refused by policy", () => {
    const policy = { ...DEFAULT_POLICY, credit_vest_secs: 0n, credit_immediate_bps: 10_000 }
    const s = award(fresh(), 500n, T, policy)
    expect(s.player.freeroll_credits).toBe(500n)
    expect(s.player.freeroll_credits_locked).toBe(0n)
    expect(s.tranches).toEqual([])
    expect(policyProblem(policy)).toBeNull()
    expect(policyProblem({ ...policy, credit_immediate_bps: 9_999 })).toBe("invalid credit vesting")
    // even a vest-0 award under a smaller immediate share is never stranded
    expect(award(fresh(), 500n, T, { ...policy, credit_immediate_bps: 2_000 }).player.freeroll_credits).toBe(500n)
  })
})

describe("B9: integer payout; the unpaid prize returns to the budget", () => {
  it("the spec's payouts in integers: 228/114, 186/93/62, and 223/44/74 with a rank-2 weight of 0.4", () => {
    expect(PER_TOURNAMENT_PRIZE).toBe(342n)
    expect(payouts(342n, Array<bigint>(10).fill(10_000n))).toEqual([228n, 114n])
    expect(payouts(342n, Array<bigint>(20).fill(10_000n))).toEqual([186n, 93n, 62n])
    expect(payouts(342n, [10_000n, 4_000n, ...Array<bigint>(18).fill(10_000n)])).toEqual([223n, 44n, 74n])
  })

  it("proof-of-play weights: 0.4, 0.2, 1.0 and 0.2603… as basis points", () => {
    const w = (sessions: bigint, secs: bigint, age: bigint): bigint =>
      proofOfPlayBps({ ...newPlayer("p", 0n, 1_000n), sessions_played: sessions, play_seconds: secs }, 1_000n + age)
    expect(w(5n, 900n, 302_400n)).toBe(4_000n)
    expect(w(0n, 0n, 0n)).toBe(2_000n)
    expect(w(10n, 1_800n, 604_800n)).toBe(10_000n)
    const v = w(20n, 100n, 86_400n)
    expect(v >= 2_602n && v <= 2_603n).toBe(true)
  })

  it("20 players: 341 is paid and total_issuance counts 341, not 342", () => {
    const names = Array.from({ length: 20 }, (_, i) => `p${i}`)
    const d = new EconomyDriver({ players: Object.fromEntries(names.map((n) => [n, {}])) })
    for (const n of names) d.ok(n, { _tag: "CasinoJoinTournament", tournament_id: 1n }, 0n)
    const start_ms = d.now_s * 1_000n
    d.ok("admin", { _tag: "CasinoStartTournament", tournament_id: 1n, start_time_ms: start_ms, end_time_ms: 0n }, 0n)
    expect(d.house().total_issuance).toBe(342n)
    const [ended] = eventsOf(d.ok("admin", { _tag: "CasinoEndTournament", tournament_id: 1n }, 100n), "TournamentEnded")
    const paid = (ended?.rankings ?? []).reduce((a, r) => a + r.prize, 0n)
    expect(paid).toBe(341n)
    expect(d.house().total_issuance).toBe(paid)
  })

  it("an unknown id starts empty: the admin is not enrolled", () => {
    const d = new EconomyDriver({ players: { admin: {} } })
    d.ok("admin", { _tag: "CasinoStartTournament", tournament_id: 9n, start_time_ms: d.now_s * 1_000n, end_time_ms: 0n })
    expect(tournaments.get(d.chain.store, "9")?.players).toEqual([])
    expect(d.player("admin").active_tournament).toBeNull()
  })

  it("a player in a running tournament cannot join another", () => {
    const d = new EconomyDriver({ players: { ann: { created_ts: 1n, daily_limit: 10 } } })
    d.ok("ann", { _tag: "CasinoJoinTournament", tournament_id: 1n })
    d.ok("admin", { _tag: "CasinoStartTournament", tournament_id: 1n, start_time_ms: (d.now_s + 3n) * 1_000n, end_time_ms: 0n })
    // past the 300 s join cooldown, still before the end
    const out = d.run("ann", { _tag: "CasinoJoinTournament", tournament_id: 2n }, 99n)
    expect(d.now_s * 1_000n).toBeLessThan(tournaments.get(d.chain.store, "1")?.end_time_ms ?? 0n)
    expect(out.error?.tag).toBe("AlreadyInTournament")
  })
})

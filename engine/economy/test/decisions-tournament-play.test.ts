/**
 * Tournament play decisions (docs/economy.md T1–T6): sessions inside a running tournament play
 * from the tournament stack, shield and double, open sessions at the end, ranking and payout by
 * final stack, the tournament top 10 and the cash leaderboard. Every test drives signed
 * transactions through Chain.applyBlock.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { topStandings, cashLeaderboard, type Standing } from "../../casino/leaderboard.ts"
import type { Player } from "../../casino/player.ts"
import type { TxOutput } from "../../execute/output.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../games/outcomes.ts"
import { roulette } from "../../games/roulette/roulette.ts"
import { sessions } from "../../games/session.ts"
import { tournaments, type Tournament } from "../tournament/tournament.ts"
import { EconomyDriver, eventsOf } from "./decisions-driver.ts"

const scripted = (...outcomes: Array<string | number>) => ({ outcomes: scriptedOutcomeSources(new ScriptedOutcomes(outcomes)) })
const RED_POCKET = 1
const BLACK_POCKET = 2
const redBatch = (amount: bigint) => roulette.encodeMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount }] })

class Table {
  readonly d: EconomyDriver
  private readonly next_id = new Map<string, bigint>()
  constructor(readonly names: ReadonlyArray<string>, chips = 1_000n) {
    this.d = new EconomyDriver({ players: Object.fromEntries(names.map((n) => [n, { chips }])) })
  }
  id(name: string): bigint {
    const id = (this.next_id.get(name) ?? 0n) + 1n
    this.next_id.set(name, id)
    return id
  }
  /** everyone joins tournament `tid`, which starts now and runs 300 s (100 views) */
  runTournament(tid: bigint, joiners: ReadonlyArray<string> = this.names): TxOutput {
    for (const n of joiners) this.d.ok(n, { _tag: "CasinoJoinTournament", tournament_id: tid }, 0n)
    const start_ms = this.d.now_s * 1_000n
    return this.d.ok("admin", { _tag: "CasinoStartTournament", tournament_id: tid, start_time_ms: start_ms, end_time_ms: start_ms + 300_000n }, 0n)
  }
  /** one red bet of `amount` settled on `pocket` (two transactions); returns the completing output */
  spin(name: string, amount: bigint, pocket: number, views = 1n, start_views = 0n): TxOutput {
    const session_id = this.id(name)
    this.d.ok(name, { _tag: "StartGame", game_type: 6, bet: 0n, session_id }, start_views)
    return this.d.ok(name, { _tag: "GameMove", session_id, payload: redBatch(amount) }, views, scripted(pocket))
  }
  tournament(tid: bigint): Tournament {
    const t = tournaments.get(this.d.chain.store, tid.toString())
    if (t === undefined) throw new Error(`no tournament ${tid}`)
    return t
  }
  p(name: string): Player {
    return this.d.player(name)
  }
  /** the top 10 computed from scratch over every entrant */
  bruteTop(tid: bigint): Standing[] {
    return topStandings(
      this.tournament(tid).players.flatMap((key) => {
        const name = this.names.find((n) => this.d.key(n) === key)
        if (name === undefined) return []
        const p = this.p(name)
        return p.active_tournament === tid ? [{ player: key, chips: p.tournament.chips, since_view: p.tournament.reached_view }] : []
      })
    )
  }
}

const cashTotals = (t: Table) => {
  const h = t.d.house()
  return { chips: t.names.reduce((a, n) => a + t.p(n).chips, 0n), game_balance: h.game_balance, net_pnl: h.net_pnl, minted: h.chips_minted }
}

describe("T1: sessions inside a running tournament play from the tournament stack", () => {
  it("stakes and returns move tournament chips only; cash, game_balance and net_pnl stay put (P28)", () => {
    const t = new Table(["alice", "bob"])
    t.runTournament(1n)
    const before = cashTotals(t)
    const won = t.spin("alice", 100n, RED_POCKET)
    expect(t.p("alice").tournament.chips).toBe(1_100n)
    const [done] = eventsOf(won, "GameCompleted")
    expect(done?.tournament_id).toBe(1n)
    expect(done?.session.tournament_id).toBe(1n)
    expect(done?.final_chips).toBe(1_100n)
    t.spin("bob", 300n, BLACK_POCKET)
    expect(t.p("bob").tournament.chips).toBe(700n)
    expect(cashTotals(t)).toEqual(before)
  })

  it("a stake above the tournament stack is refused even with cash chips to spare", () => {
    const t = new Table(["alice"], 10_000n)
    t.runTournament(1n)
    t.d.ok("alice", { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 1n }, 0n)
    const out = t.d.run("alice", { _tag: "GameMove", session_id: 1n, payload: redBatch(1_001n) }, 1n, scripted(RED_POCKET))
    expect(out.status).toBe("failed")
    expect(out.error?.tag).toBe("InsufficientFunds")
    expect(t.p("alice").chips).toBe(10_000n)
  })

  it("before the start (registration) and after the end time sessions are cash sessions", () => {
    const t = new Table(["alice"])
    t.d.ok("alice", { _tag: "CasinoJoinTournament", tournament_id: 1n }, 0n)
    const reg = t.spin("alice", 100n, RED_POCKET)
    expect(eventsOf(reg, "GameCompleted")[0]?.tournament_id).toBeNull()
    expect(t.p("alice").chips).toBe(1_100n)
    const start_ms = t.d.now_s * 1_000n
    t.d.ok("admin", { _tag: "CasinoStartTournament", tournament_id: 1n, start_time_ms: start_ms, end_time_ms: start_ms + 300_000n }, 0n)
    t.spin("alice", 100n, RED_POCKET)
    expect([t.p("alice").chips, t.p("alice").tournament.chips]).toEqual([1_100n, 1_100n])
    // 100 views (300 s) later the tournament no longer runs: back to cash
    const late = t.spin("alice", 100n, BLACK_POCKET, 1n, 100n)
    expect(eventsOf(late, "GameCompleted")[0]?.tournament_id).toBeNull()
    expect([t.p("alice").chips, t.p("alice").tournament.chips]).toEqual([1_000n, 1_100n])
  })
})

describe("T2: one open tournament session; frozen after the end time; forfeited at the end", () => {
  it("a second tournament session waits for the first", () => {
    const t = new Table(["alice"])
    t.runTournament(1n)
    t.d.ok("alice", { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 1n }, 0n)
    const out = t.d.run("alice", { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 2n }, 0n)
    expect(out.error?.tag).toBe("SessionExists")
  })

  it("after the end time the session cannot move; the end forfeits it: stakes stay lost, it leaves state", () => {
    const t = new Table(["alice", "bob"])
    t.runTournament(1n)
    t.d.ok("alice", { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 1n }, 0n)
    t.d.ok("alice", { _tag: "GameMove", session_id: 1n, payload: roulette.encodeMove({ _tag: "PlaceBet", bet: { type: "RED", number: 0, amount: 400n } }) }, 0n)
    expect(t.p("alice").tournament.chips).toBe(600n)
    const frozen = t.d.run("alice", { _tag: "GameMove", session_id: 1n, payload: roulette.encodeMove({ _tag: "Spin" }) }, 100n, scripted(RED_POCKET))
    expect(frozen.error?.tag).toBe("NotInTournament")
    const played = t.p("alice").sessions_played
    const end = t.d.ok("admin", { _tag: "CasinoEndTournament", tournament_id: 1n }, 0n)
    const [forfeit] = eventsOf(end, "GameCompleted")
    expect(forfeit).toMatchObject({ session_id: 1n, forfeited: true, payout: -400n, final_chips: 600n, tournament_id: 1n })
    expect(sessions.get(t.d.chain.store, "1")).toBeUndefined()
    expect(t.p("alice").sessions_played).toBe(played)
    // ranked with the 600 left on the stack: bob (1,000) first
    expect(eventsOf(end, "TournamentEnded")[0]?.rankings.map((r) => r.chips)).toEqual([1_000n, 600n])
    expect(t.p("alice").tournament).toMatchObject({ chips: 0n, session: null })
  })
})

describe("T3: shield and double", () => {
  const armed = (t: Table, name: string, action: 0 | 1) => t.d.ok(name, { _tag: "PlayerAction", action }, 0n)

  it("double pays a winning session's return twice and uses one double", () => {
    const t = new Table(["alice"])
    t.runTournament(1n)
    armed(t, "alice", 1)
    const out = t.spin("alice", 100n, RED_POCKET)
    expect(eventsOf(out, "GameCompleted")[0]).toMatchObject({ was_doubled: true, was_shielded: false, payout: 300n })
    expect(t.p("alice").tournament).toMatchObject({ chips: 1_300n, doubles: 2, shields: 3 })
    expect(t.p("alice").active_double).toBe(false)
  })

  it("shield turns a losing session into 0 and uses one shield; an unused modifier is kept", () => {
    const t = new Table(["alice"])
    t.runTournament(1n)
    armed(t, "alice", 0)
    armed(t, "alice", 1)
    const out = t.spin("alice", 250n, BLACK_POCKET)
    expect(eventsOf(out, "GameCompleted")[0]).toMatchObject({ was_shielded: true, was_doubled: false, payout: 0n })
    expect(t.p("alice").tournament).toMatchObject({ chips: 1_000n, shields: 2, doubles: 3 })
    expect([t.p("alice").active_shield, t.p("alice").active_double]).toEqual([false, false])
  })

  it("modifiers bind at the start: arming mid-session changes nothing", () => {
    const t = new Table(["alice"])
    t.runTournament(1n)
    t.d.ok("alice", { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 1n }, 0n)
    armed(t, "alice", 0)
    const out = t.d.ok("alice", { _tag: "GameMove", session_id: 1n, payload: redBatch(100n) }, 0n, scripted(BLACK_POCKET))
    expect(eventsOf(out, "GameCompleted")[0]?.was_shielded).toBe(false)
    expect(t.p("alice").tournament).toMatchObject({ chips: 900n, shields: 3 })
  })

  it("with none left a modifier does nothing", () => {
    const t = new Table(["alice"])
    t.runTournament(1n)
    for (let i = 0; i < 3; i++) {
      armed(t, "alice", 0)
      t.spin("alice", 10n, BLACK_POCKET, 0n)
    }
    expect(t.p("alice").tournament).toMatchObject({ chips: 1_000n, shields: 0 })
    armed(t, "alice", 0)
    t.spin("alice", 10n, BLACK_POCKET, 0n)
    expect(t.p("alice").tournament).toMatchObject({ chips: 990n, shields: 0 })
  })
})

describe("T4: the end ranks and pays by final stack", () => {
  it("the biggest stack wins whatever the keys; ties go to who reached the figure first", () => {
    const names = Array.from({ length: 20 }, (_, i) => `p${i}`)
    const t = new Table(names)
    t.runTournament(1n)
    // the key-order last player wins big; two tie at 1,200: the larger key reaches it first, the
    // smaller key one view later, so the tie goes against key order
    const byKey = [...names].sort((a, b) => (t.d.key(a) < t.d.key(b) ? -1 : 1))
    const pick = (i: number): string => byKey[i] ?? "p0"
    const [last, tieFirst, tieSecond, loser] = [pick(19), pick(18), pick(0), pick(1)]
    t.spin(last, 900n, RED_POCKET)
    t.spin(tieFirst, 200n, RED_POCKET)
    t.spin(tieSecond, 200n, RED_POCKET)
    t.spin(loser, 500n, BLACK_POCKET)
    const end = t.d.ok("admin", { _tag: "CasinoEndTournament", tournament_id: 1n }, 100n)
    const rankings = eventsOf(end, "TournamentEnded")[0]?.rankings ?? []
    expect(rankings.slice(0, 3).map((r) => [r.player, r.chips])).toEqual([
      [t.d.key(last), 1_900n],
      [t.d.key(tieFirst), 1_200n],
      [t.d.key(tieSecond), 1_200n]
    ])
    expect(rankings[rankings.length - 1]).toMatchObject({ player: t.d.key(loser), chips: 500n })
    // 20 entrants: 3 paid places, the first takes the most (equal proof-of-play weights here)
    const prizes = rankings.map((r) => r.prize)
    expect(prizes.filter((p) => p > 0n)).toHaveLength(3)
    expect(prizes[0]).toBeGreaterThan(prizes[1] ?? 0n)
    // the stored final top 10 is the ranking's head
    expect(t.tournament(1n).leaderboard.map((e) => e.player)).toEqual(rankings.slice(0, 10).map((r) => r.player))
  })

  it("conservation: a tournament with play moves no cash chip; only credits are paid", () => {
    const names = ["a", "b", "c", "d"]
    const t = new Table(names)
    const before = cashTotals(t)
    t.runTournament(1n)
    t.spin("a", 500n, RED_POCKET)
    t.spin("b", 1_000n, BLACK_POCKET)
    t.spin("c", 50n, RED_POCKET)
    const end = t.d.ok("admin", { _tag: "CasinoEndTournament", tournament_id: 1n }, 100n)
    expect(cashTotals(t)).toEqual(before)
    const paid = (eventsOf(end, "TournamentEnded")[0]?.rankings ?? []).reduce((a, r) => a + r.prize, 0n)
    expect(names.reduce((a, n) => a + t.p(n).freeroll_credits + t.p(n).freeroll_credits_locked, 0n)).toBe(paid)
    expect(names.every((n) => t.p(n).tournament.chips === 0n)).toBe(true)
  })
})

describe("T5: the tournament top 10 is exact at all times", () => {
  it("after every stack change it equals the top 10 computed from scratch; LeaderboardUpdated iff it changed", () => {
    const names = Array.from({ length: 14 }, (_, i) => `q${i}`)
    const t = new Table(names)
    const started = t.runTournament(1n)
    expect(t.tournament(1n).leaderboard).toEqual(t.bruteTop(1n))
    expect(eventsOf(started, "LeaderboardUpdated")[0]?.tournament_id).toBe(1n)
    let changes = 0
    for (let i = 0; i < 45; i++) {
      const name = names[(i * 5) % names.length] ?? "q0"
      const amount = BigInt(20 + ((i * 37) % 150))
      const boardBefore = t.tournament(1n).leaderboard
      const out = t.spin(name, amount, i % 3 === 0 ? BLACK_POCKET : RED_POCKET, BigInt(i % 2))
      const board = t.tournament(1n).leaderboard
      expect(board).toEqual(t.bruteTop(1n))
      const updates = eventsOf(out, "LeaderboardUpdated")
      const changed = JSON.stringify(board, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) !== JSON.stringify(boardBefore, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))
      expect(updates.length).toBe(changed ? 1 : 0)
      if (changed) {
        changes++
        expect(updates[0]?.entries).toEqual(board)
      }
    }
    // the sequence really moved the board, including listed players falling out of it
    expect(changes).toBeGreaterThan(10)
    expect(t.tournament(1n).leaderboard.length).toBe(10)
  })
})

describe("T6: the cash leaderboard (CasinoLeaderboard)", () => {
  it("registration, faucet and completed cash sessions update it; bounded to 10; LeaderboardUpdated{null}", () => {
    const d = new EconomyDriver()
    const names = Array.from({ length: 12 }, (_, i) => `r${i}`)
    for (const n of names) {
      const out = d.ok(n, { _tag: "CasinoRegister", name: n }, 0n)
      const board = cashLeaderboard.get(d.chain.store).entries
      expect(board.length).toBe(Math.min(10, names.indexOf(n) + 1))
      if (eventsOf(out, "LeaderboardUpdated").length > 0) expect(eventsOf(out, "LeaderboardUpdated")[0]?.tournament_id).toBeNull()
    }
    // all at 1,000 from the same view: the ten smaller keys
    const keys = names.map((n) => d.key(n)).sort()
    expect(cashLeaderboard.get(d.chain.store).entries.map((e) => e.player)).toEqual(keys.slice(0, 10))
    // an unlisted player wins a cash session and goes to the top
    const outsider = names.find((n) => d.key(n) === keys[11]) ?? "r0"
    d.ok(outsider, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 1n }, 0n)
    const won = d.ok(outsider, { _tag: "GameMove", session_id: 1n, payload: redBatch(500n) }, 1n, scripted(RED_POCKET))
    expect(eventsOf(won, "LeaderboardUpdated")[0]?.entries[0]).toMatchObject({ player: d.key(outsider), chips: 1_500n })
    expect(cashLeaderboard.get(d.chain.store).entries).toHaveLength(10)
  })
})

describe("T1–T5 together: random tournament play", () => {
  const SEED = 20_261_202
  const Op = fc.record({
    who: fc.integer({ min: 0, max: 5 }),
    kind: fc.constantFrom("spin", "open", "shield", "double"),
    amount: fc.bigInt({ min: 1n, max: 1_500n }),
    win: fc.boolean(),
    // at most 25 × 3 views: the whole sequence stays inside the 100-view play window
    views: fc.integer({ min: 0, max: 3 })
  })

  it(`cash never moves, the top 10 stays exact, the end pays by stack and leaves no session (seed ${SEED})`, () => {
    let ended = 0
    fc.assert(
      fc.property(fc.array(Op, { minLength: 5, maxLength: 25 }), (ops) => {
        const names = ["u0", "u1", "u2", "u3", "u4", "u5"]
        const t = new Table(names)
        t.runTournament(1n)
        const cash = cashTotals(t)
        for (const op of ops) {
          const name = names[op.who] ?? "u0"
          const pocket = op.win ? RED_POCKET : BLACK_POCKET
          const open = t.p(name).tournament.session
          if (op.kind === "shield" || op.kind === "double") t.d.run(name, { _tag: "PlayerAction", action: op.kind === "shield" ? 0 : 1 }, BigInt(op.views))
          else if (open !== null) t.d.run(name, { _tag: "GameMove", session_id: open, payload: roulette.encodeMove({ _tag: "Spin" }) }, BigInt(op.views), scripted(pocket))
          else {
            const session_id = t.id(name)
            t.d.run(name, { _tag: "StartGame", game_type: 6, bet: 0n, session_id }, BigInt(op.views))
            const bet = { type: "RED" as const, number: 0, amount: op.amount }
            const m = op.kind === "open" ? roulette.encodeMove({ _tag: "PlaceBet", bet }) : roulette.encodeMove({ _tag: "Batch", bets: [bet] })
            t.d.run(name, { _tag: "GameMove", session_id, payload: m }, 0n, op.kind === "open" ? {} : scripted(pocket))
          }
          expect(cashTotals(t)).toEqual(cash)
          expect(t.tournament(1n).leaderboard).toEqual(t.bruteTop(1n))
        }
        const stacks = names.map((n) => t.p(n).tournament.chips)
        const end = t.d.ok("admin", { _tag: "CasinoEndTournament", tournament_id: 1n }, 100n)
        ended++
        const rankings = eventsOf(end, "TournamentEnded")[0]?.rankings ?? []
        expect([...rankings.map((r) => r.chips)]).toEqual([...stacks].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)))
        expect(rankings.reduce((a, r) => a + r.prize, 0n)).toBeLessThanOrEqual(t.tournament(1n).prize_pool)
        expect([...sessions.values(t.d.chain.store)].filter((s) => s.tournament_id !== null)).toEqual([])
        expect(cashTotals(t)).toEqual(cash)
      }),
      { seed: SEED, numRuns: 12 }
    )
    expect(ended).toBe(12)
  })
})

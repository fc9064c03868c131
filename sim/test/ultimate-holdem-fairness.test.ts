/**
 * Ultimate Hold'em fairness: exact side-bet figures (games-b §5.8); the near-optimal strategy's
 * decisions on hand-picked hands; the exact enumeration checked against the engine's own
 * settlement deal by deal; the stored exact main-game theory against a recorded subset of the
 * enumeration and a seeded sample of boards (on which a mutated blind paytable and the refused
 * N20 rule move the value beyond tolerance); and a small engine Monte Carlo (a smoke test of
 * the plumbing: its ±4 SE window is several percentage points wide).
 */
import { describe, expect, it } from "vitest"
import { parseCardLabel, type Card } from "../../engine/games/cards.ts"
import { DEFAULT_RULES, settleUth, type UthState } from "../../engine/games/ultimate-holdem/ultimate-holdem.ts"
import { RandomStream } from "../../engine/random/stream.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import { utf8 } from "../../engine/codec/bytes.ts"
import {
  MAIN_STRATEGY_RTP,
  UTH_FAIRNESS,
  UTH_SECOND_MOMENT,
  progressiveExactRtp,
  sixCardExactRtp,
  tripsExactRtp,
  uthRound
} from "../fairness/games/ultimate-holdem.ts"
import { betsRiver, raisesFlop, raisesPreflop, riverFeatures } from "../fairness/games/ultimate-holdem-strategy.ts"
import { ENGINE_BLIND_BONUS, boardOutcomes, enumerateBoards, netPerAnte, rtpOfValue, type WeightedBoard } from "../fairness/games/ultimate-holdem-exact.ts"
import { monteCarlo } from "./c-games-fairness-mc.ts"

/**
 * Sums of the enumeration over 40 seeded boards, recorded with the full run that gave
 * MAIN_STRATEGY_RTP: a change to the strategy, the evaluator, the paytables or
 * the settlement changes them, and the stored theory must then be recomputed
 * (sim/fairness/games/ultimate-holdem-exact-run.ts).
 */
const GOLDEN_SUBSET = { deals: 43_240, net: -1_825.5054545454593, staked: 180_615.19999999978 }

const cards = (labels: string): Card[] =>
  labels.split(" ").map((l) => {
    const c = parseCardLabel(l)
    if (c === null) throw new Error(`bad card ${l}`)
    return c
  })

/** `n` distinct-card boards drawn uniformly from a seeded stream, weight 1 each */
const sampleBoards = (n: number, seed: string): WeightedBoard[] => {
  const rs = new RandomStream(sha256(utf8(seed)))
  const out: WeightedBoard[] = []
  for (let i = 0; i < n; i++) {
    const deck = Array.from({ length: 52 }, (_, c) => c)
    const pick = (): Card => {
      const j = rs.bounded(deck.length)
      const c = deck[j]
      if (c === undefined) throw new Error("empty deck")
      deck.splice(j, 1)
      return c
    }
    out.push({ cards: [pick(), pick(), pick(), pick(), pick()], weight: 1 })
  }
  return out
}

type PerBoard = ReadonlyArray<{ readonly net: number; readonly staked: number }>

const perBoard = (boards: ReadonlyArray<WeightedBoard>, blindBonus: ReadonlyArray<number>, dealerNeedsPair = true): PerBoard =>
  boards.map((b) => enumerateBoards([b], blindBonus, dealerNeedsPair).strategy)

/** RTP per chip staked over sampled boards, with the standard error of the ratio over boards */
const sampledRtp = (per: PerBoard): { rtp: number; se: number } => {
  const n = per.length
  const net = per.reduce((a, v) => a + v.net, 0)
  const st = per.reduce((a, v) => a + v.staked, 0)
  const ratio = net / st
  const d2 = per.reduce((a, v) => a + (v.net - ratio * v.staked) ** 2, 0)
  return { rtp: 1 + ratio, se: Math.sqrt(d2 / (n * (n - 1))) / (st / n) }
}

/** RTP(x) − RTP(y) on the same boards, with the standard error of the paired difference */
const pairedDifference = (x: PerBoard, y: PerBoard): { diff: number; se: number } => {
  const n = x.length
  const sum = (p: PerBoard, f: (v: { net: number; staked: number }) => number): number => p.reduce((a, v) => a + f(v), 0)
  const rx = sum(x, (v) => v.net) / sum(x, (v) => v.staked)
  const ry = sum(y, (v) => v.net) / sum(y, (v) => v.staked)
  const mx = sum(x, (v) => v.staked) / n
  const my = sum(y, (v) => v.staked) / n
  let d2 = 0
  for (let i = 0; i < n; i++) {
    const a = x[i]
    const b = y[i]
    if (a === undefined || b === undefined) throw new Error("unpaired boards")
    d2 += ((a.net - rx * a.staked) / mx - (b.net - ry * b.staked) / my) ** 2
  }
  return { diff: rx - ry, se: Math.sqrt(d2 / (n * (n - 1))) }
}

describe("ultimate hold'em fairness", () => {
  it("side bets: trips edge 0.90 %, six-card 8.56 %, fixed progressive 44.0 %", () => {
    expect((1 - tripsExactRtp()) * 100).toBeCloseTo(0.9, 2)
    expect((1 - sixCardExactRtp()) * 100).toBeCloseTo(8.56, 2)
    expect((1 - progressiveExactRtp()) * 100).toBeCloseTo(44.02, 1)
  })

  it("no bet returns 100 % or more", () => {
    for (const b of UTH_FAIRNESS) expect(b.theoretical_rtp, b.bet_type).toBeLessThan(1)
  })

  it("pre-flop chart: 33+, any ace, suited kings, K5o+, Q6s+, Q8o+, J8s+, JTo bet 4x; the rest check", () => {
    const raise = ["AS AD", "3S 3D", "AS 2D", "KH 2H", "KS 5D", "QC 6C", "QS 8D", "JH 8H", "JS TD"]
    const check = ["2S 2D", "KS 4D", "QC 5C", "QS 7D", "JH 7H", "JS 9D", "TS 9S", "7C 2D"]
    for (const h of raise) expect(raisesPreflop(cards(h)), h).toBe(true)
    for (const h of check) expect(raisesPreflop(cards(h)), h).toBe(false)
  })

  it("flop: hidden pairs, two pair with deuces, made hands and four-flushes with a hidden ten or better bet 2x", () => {
    const cases: ReadonlyArray<readonly [string, string, boolean]> = [
      ["7S 2D", "7H KC 3D", true], // a hole card pairs the flop
      ["2C 2D", "KS 8H 5D", false], // pocket deuces alone
      ["2C 2D", "KS KH 5D", true], // two pair with the deuces
      ["TS 4D", "9S 8S 2S", true], // four to a flush, hidden ten
      ["9S 4D", "KS 8S 2S", false], // four to a flush, hidden nine only
      ["9D 8C", "7S 6H 5D", true], // made straight
      ["9D 8C", "7S 6H 2D", false], // open-ended draw only
      ["6D 3C", "KS KH KD", false], // trips on the board, nothing hidden
      ["QH 4H", "9H 7H 2H", true] // made flush
    ]
    for (const [h, f, want] of cases) expect(raisesFlop(cards(h), cards(f)), `${h} on ${f}`).toBe(want)
  })

  it("river: dealer outs are counted card by card; bet with a hidden pair, under 21 outs, or under 18 when the board plays", () => {
    // K-7 on an unpaired, flushless A Q 9 5 3: only the 15 cards pairing the board beat it
    expect(riverFeatures(cards("KS 7D"), cards("AH QC 9D 5S 3H")).outs).toBe(15)
    expect(betsRiver(cards("KS 7D"), cards("AH QC 9D 5S 3H"))).toBe(true)
    // 4-2 under K Q 9 7 6: 15 pairing cards + every A, J, T, 8 (16) beat the board-playing hand
    expect(riverFeatures(cards("4S 2D"), cards("KH QC 9D 7S 6H")).outs).toBe(31)
    expect(betsRiver(cards("4S 2D"), cards("KH QC 9D 7S 6H"))).toBe(false)
    // A-3 on K K 9 7 4: two kings (trips) and the nines, sevens and fours (two pair): 11 outs
    expect(riverFeatures(cards("AS 3D"), cards("KH KC 9D 7S 4H")).outs).toBe(11)
    // 3-2 under A K Q J 9 plays the board: 15 pairing cards + four tens (straight) = 19 outs, and
    // a hand that can only tie folds from 18 outs
    expect(riverFeatures(cards("3S 2D"), cards("AH KC QD JS 9H")).outs).toBe(19)
    expect(betsRiver(cards("3S 2D"), cards("AH KC QD JS 9H"))).toBe(false)
    // a hidden pair of deuces bets whatever the outs
    expect(betsRiver(cards("2S 5D"), cards("KH QC 9D 7S 2H"))).toBe(true)
  })

  it("the enumeration's counts, α·P + β and outs agree with the engine's settlement over all 990 dealer hands", () => {
    const boards = [cards("AH QC 9D 5S 3H"), cards("KH KC 9D 7S 4H"), cards("9H 7H 2H 5H JC")]
    for (const board of boards) {
      const outcomes = boardOutcomes(board)
      expect(outcomes.length).toBe(1081)
      for (const o of [outcomes[0], outcomes[500], outcomes[1080], outcomes[733]]) {
        if (o === undefined) throw new Error("missing holding")
        const hole = [o.a, o.b]
        const rest = Array.from({ length: 52 }, (_, c) => c).filter((c) => !hole.includes(c) && !board.includes(c))
        for (const mult of [1, 2, 4] as const) {
          let net = 0n
          let dealers = 0
          for (let i = 0; i < rest.length; i++)
            for (let j = i + 1; j < rest.length; j++) {
              const dealer = [rest[i], rest[j]].filter((c): c is number => c !== undefined)
              const s: UthState = {
                rules: DEFAULT_RULES,
                stage: "complete",
                ante: 1000n,
                blind: 1000n,
                play: BigInt(mult) * 1000n,
                play_mult: mult,
                trips: 0n,
                six_card: 0n,
                progressive: 0n,
                hole,
                board,
                dealer,
                bonus: [],
                folded: false
              }
              const r = settleUth(s)
              net += r.totalReturn - r.totalWagered
              dealers++
            }
          expect(dealers).toBe(990)
          expect(Math.abs(Number(net) / 1000 / 990 - (o.alpha * mult + o.beta))).toBeLessThan(1e-12)
        }
        expect(o.counts.reduce((a, x) => a + x, 0)).toBe(990)
        expect(o.outs).toBe(riverFeatures(hole, board).outs)
      }
    }
  })

  it("the stored exact theory is current: the enumeration of 40 seeded boards still gives its recorded sums", () => {
    const t = enumerateBoards(sampleBoards(40, "uth-golden"))
    expect(t.deals).toBe(GOLDEN_SUBSET.deals)
    expect(Math.abs(t.strategy.net - GOLDEN_SUBSET.net)).toBeLessThan(1e-9)
    expect(Math.abs(t.strategy.staked - GOLDEN_SUBSET.staked)).toBeLessThan(1e-9)
  })

  describe("on a seeded sample of 120 boards (exact over holdings and dealer hands)", () => {
    const boards = sampleBoards(120, "uth-exact-sample")
    const base = perBoard(boards, ENGINE_BLIND_BONUS)

    it("the stored exact RTP lies within 4 standard errors of the sample (a ±2 pp window: board texture varies a lot)", () => {
      const real = sampledRtp(base)
      expect(Math.abs(real.rtp - MAIN_STRATEGY_RTP), `${real.rtp} ± ${real.se} vs ${MAIN_STRATEGY_RTP}`).toBeLessThan(4 * real.se)
      const t = enumerateBoards(boards)
      expect(rtpOfValue(t.strategy)).toBeCloseTo(real.rtp, 12)
      expect(netPerAnte(t.strategy, t.deals)).toBeLessThan(0)
    })

    it("a blind paying straights 0:1 instead of 1:1 moves the value beyond the harness's 0.1 pp tolerance", () => {
      const d = pairedDifference(perBoard(boards, ENGINE_BLIND_BONUS.map((b, strength) => (strength === 4 ? 0 : b))), base)
      expect(-d.diff, `${d.diff} ± ${d.se}`).toBeGreaterThan(0.001 + 4 * d.se)
    })

    it("N20: under the refused 'dealer always qualifies' rule the value exceeds 100 % by more than 4 standard errors", () => {
      const d = pairedDifference(perBoard(boards, ENGINE_BLIND_BONUS, false), base)
      expect(MAIN_STRATEGY_RTP + d.diff - 1, `${d.diff} ± ${d.se}`).toBeGreaterThan(4 * d.se)
    })
  })

  it("smoke: a seeded 2 000-round engine Monte Carlo of every bet lands within 4 standard errors of its theory", () => {
    for (const b of UTH_FAIRNESS) {
      const m2 = UTH_SECOND_MOMENT[b.bet_type]?.()
      const r = monteCarlo(b, 2_000, "uth-test", m2)
      expect(Math.abs(r.z), `${b.bet_type}: ${r.rtp} vs ${b.theoretical_rtp} ± ${r.se}`).toBeLessThan(4)
    }
  })

  it("the same strategy under the refused 'dealer always qualifies' rule returns more on identical deals", () => {
    const main = UTH_FAIRNESS.find((b) => b.main)
    if (main === undefined) throw new Error("no main bet")
    const always = { ...main, playRound: uthRound("MAIN", false) }
    const needsPair = monteCarlo(main, 2_000, "uth-n20")
    const alwaysQualifies = monteCarlo(always, 2_000, "uth-n20")
    // identical deals: the only difference is the ante when the dealer has no pair
    expect(alwaysQualifies.rtp).toBeGreaterThan(needsPair.rtp)
  })
})

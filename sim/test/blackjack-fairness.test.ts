/**
 * Blackjack fairness: the DP (blackjack-dp.ts) against published figures and exact identities,
 * its strategy on well-known decisions, the stated main-bet theory in the harness's metric, and
 * seeded engine Monte Carlos (small: smoke tests of the plumbing; the long measurement is
 * blackjack-mc-run.ts, quoted in blackjack.ts).
 */
import { describe, expect, it } from "vitest"
import { DEFAULT_RULES } from "../../engine/games/blackjack/rules.ts"
import { BLACKJACK_FAIRNESS, exactTwentyOnePlusThreeRtp, mainBetTheory } from "../fairness/games/blackjack.ts"
import { INFINITE_DECK, dpRulesOf, finiteShoeValue, policyValue, solveBasicStrategy, type DpRules } from "../fairness/games/blackjack-dp.ts"
import { policyFor } from "../fairness/games/blackjack-strategy.ts"
import { monteCarlo } from "./blackjack-mc.ts"

/** the harness accepts |measured − theory| ≤ 0.1 percentage points at 10^7 rounds */
const TOLERANCE_RTP = 0.001

const US = (over: Partial<DpRules>): DpRules => ({
  h17: false,
  blackjack_pays: 1.5,
  surrender: false,
  double_after_split: true,
  resplit_aces: false,
  hit_split_aces: false,
  max_hands: 4,
  peek: true,
  ...over
})

describe("blackjack DP", () => {
  it("infinite deck, S17, double any two, no DAS, one split, split aces one card, peek: −0.6902 % (Griffin, The Theory of Blackjack: −0.690223 %)", () => {
    const v = solveBasicStrategy(US({ double_after_split: false, max_hands: 2 })).value
    expect(Math.abs(v.ev * 100 - -0.690223)).toBeLessThan(0.001)
  })

  it("six decks, H17, DAS, split to four, no resplit aces, no surrender, peek: house edge 0.639 % (Wizard of Odds calculator) within 0.03 pp", () => {
    const r = US({ h17: true })
    const v = finiteShoeValue(r, solveBasicStrategy(r).policy, 6)
    expect(Math.abs(-v.ev * 100 - 0.639)).toBeLessThan(0.03)
  })

  it("H17 costs about 0.22 pp against S17 (six decks, DAS; published rule effect 0.22 %)", () => {
    const ev = (h17: boolean): number => {
      const r = US({ h17 })
      return finiteShoeValue(r, solveBasicStrategy(r).policy, 6).ev
    }
    expect(Math.abs((ev(false) - ev(true)) * 100 - 0.22)).toBeLessThan(0.03)
  })

  it("6:5 against 3:2 costs exactly 0.3 × P(player natural, no dealer blackjack) under one strategy (infinite deck)", () => {
    const base = dpRulesOf(DEFAULT_RULES)
    const policy = solveBasicStrategy(base).policy
    const threeTwo = policyValue(base, policy)
    const sixFive = policyValue({ ...base, blackjack_pays: 1.2 }, policy)
    const pA = INFINITE_DECK[1] ?? 0
    const pT = INFINITE_DECK[10] ?? 0
    const natural = 2 * pA * pT
    // the dealer has a blackjack with an ace up and a ten below or the other way round
    const dealerBj = pA * pT + pT * pA
    expect(Math.abs(threeTwo.ev - sixFive.ev - 0.3 * natural * (1 - dealerBj))).toBeLessThan(1e-12)
    expect(threeTwo.staked).toBeCloseTo(sixFive.staked, 12)
  })

  it("evaluating the optimal policy reproduces the optimum, and a deeper shoe moves toward the infinite deck", () => {
    for (const rules of [DEFAULT_RULES, { ...DEFAULT_RULES, h17: false, surrender: true }]) {
      const r = dpRulesOf(rules)
      const s = solveBasicStrategy(r)
      expect(policyValue(r, s.policy).ev).toBeCloseTo(s.value.ev, 12)
      const d2 = finiteShoeValue(r, s.policy, 2).ev
      const d8 = finiteShoeValue(r, s.policy, 8).ev
      const big = finiteShoeValue(r, s.policy, 10_000).ev
      expect(d2).toBeGreaterThan(d8)
      expect(d8).toBeGreaterThan(big)
      expect(Math.abs(big - s.value.ev)).toBeLessThan(1e-5)
    }
  })

  it("the engine's no-peek strategy: 11 and 10 hit against a Ten or an Ace, 8-8 is not split against a Ten, 16 v T surrenders when allowed", () => {
    const p = policyFor(DEFAULT_RULES)
    const hard = (t: number, up: number) => p.twoCard[0]?.[0]?.[t]?.[up]
    expect(hard(11, 10)).toBe("H")
    expect(hard(11, 1)).toBe("H")
    expect(hard(11, 9)).toBe("D")
    expect(hard(10, 10)).toBe("H")
    expect(hard(12, 2)).toBe("H")
    expect(hard(12, 4)).toBe("S")
    expect(hard(16, 10)).toBe("H")
    expect(p.split[10]?.[8]).toBe(false)
    expect(p.split[9]?.[8]).toBe(true)
    for (let up = 1; up <= 10; up++) expect(p.split[up]?.[10], `tens v ${up}`).toBe(false)
    expect(p.twoCard[0]?.[1]?.[18]?.[2]).toBe("D") // A-7 v 2 doubles under H17
    const sur = policyFor({ ...DEFAULT_RULES, surrender: true })
    expect(sur.twoCard[0]?.[0]?.[16]?.[10]).toBe("R")
  })

  it("G4: the most player-friendly table the engine offers at each deck count returns < 100 % per chip staked; the refused 3:2 single deck > 100 %", () => {
    const friendly = { ...DEFAULT_RULES, h17: false, surrender: true, double_after_split: true, resplit_aces: true, hit_split_aces: true }
    const rtp = (decks: 1 | 2 | 4 | 6 | 8, sixFive: boolean): number => {
      const r = { ...friendly, decks, blackjack_pays_6_5: sixFive }
      return finiteShoeValue(dpRulesOf(r), policyFor(r), decks).rtp
    }
    for (const d of [1, 2] as const) expect(rtp(d, true), `${d} decks 6:5`).toBeLessThan(1)
    for (const d of [4, 6, 8] as const) expect(rtp(d, false), `${d} decks 3:2`).toBeLessThan(1)
    expect(rtp(1, false)).toBeGreaterThan(1)
  })
})

describe("blackjack fairness", () => {
  it("21+3 exact RTP: 87.11 % on eight decks (the spec's derived 12.89 % edge), below 100 % for every deck count", () => {
    expect(Math.abs(exactTwentyOnePlusThreeRtp(8) - (1 - 0.1289))).toBeLessThan(5e-5)
    for (const d of [1, 2, 4, 6, 8]) expect(exactTwentyOnePlusThreeRtp(d)).toBeLessThan(1)
  })

  it("main bets: theory per chip staked from the DP, below 100 %; a 7:5 natural would move the default row beyond the harness tolerance", () => {
    const mains = BLACKJACK_FAIRNESS.filter((b) => b.bet_type.startsWith("main"))
    expect(mains.length).toBe(3)
    for (const b of mains) {
      expect(b.theoretical_rtp).toBeLessThan(1)
      expect(b.source).toContain("per chip staked")
    }
    const t = mainBetTheory(DEFAULT_RULES)
    expect(t.shoe.rtp).toBeCloseTo(1 + t.shoe.ev / t.shoe.staked, 12)
    const r = dpRulesOf(DEFAULT_RULES)
    const mutated = finiteShoeValue({ ...r, blackjack_pays: 1.4 }, policyFor(DEFAULT_RULES), 8)
    expect(Math.abs(mutated.rtp - t.shoe.rtp)).toBeGreaterThan(TOLERANCE_RTP)
  })

  for (const bet of BLACKJACK_FAIRNESS) {
    it(`smoke: ${bet.bet_type} (${bet.rules}): a small Monte Carlo within 4 standard errors of ${(bet.theoretical_rtp * 100).toFixed(2)} %`, () => {
      const mc = monteCarlo(bet, bet.bet_type.startsWith("main") ? 6_000 : 3_000, `blackjack/${bet.bet_type}/${bet.rules}`)
      expect(Math.abs(mc.rtp - bet.theoretical_rtp)).toBeLessThan(4 * mc.se)
    })
  }
})

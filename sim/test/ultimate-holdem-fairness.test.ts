/** Ultimate Hold'em fairness: exact side-bet figures (games-b §5.8), none ≥ 100 %, seeded Monte Carlo within 4 SE. */
import { describe, expect, it } from "vitest"
import { UTH_FAIRNESS, UTH_SECOND_MOMENT, progressiveExactRtp, sixCardExactRtp, tripsExactRtp, uthRound } from "../fairness/games/ultimate-holdem.ts"
import { monteCarlo } from "./c-games-fairness-mc.ts"

describe("ultimate hold'em fairness", () => {
  it("side bets: trips edge 0.90 %, six-card 8.56 %, fixed progressive 44.0 %", () => {
    expect((1 - tripsExactRtp()) * 100).toBeCloseTo(0.9, 2)
    expect((1 - sixCardExactRtp()) * 100).toBeCloseTo(8.56, 2)
    expect((1 - progressiveExactRtp()) * 100).toBeCloseTo(44.02, 1)
  })

  it("no bet returns 100 % or more", () => {
    for (const b of UTH_FAIRNESS) expect(b.theoretical_rtp, b.bet_type).toBeLessThan(1)
  })

  it("a seeded Monte Carlo of every bet lands within 4 standard errors of its theoretical RTP", () => {
    for (const b of UTH_FAIRNESS) {
      const m2 = UTH_SECOND_MOMENT[b.bet_type]?.()
      const r = monteCarlo(b, 2_000, "uth-test", m2)
      expect(Math.abs(r.z), `${b.bet_type}: ${r.rtp} vs ${b.theoretical_rtp} ± ${r.se}`).toBeLessThan(4)
    }
  })

  it("the same strategy under the refused 'dealer always qualifies' rule plays the ante at a loss for the house", () => {
    const main = UTH_FAIRNESS.find((b) => b.main)
    if (main === undefined) throw new Error("no main bet")
    const always = { ...main, playRound: uthRound("MAIN", false) }
    const needsPair = monteCarlo(main, 2_000, "uth-n20")
    const alwaysQualifies = monteCarlo(always, 2_000, "uth-n20")
    // identical deals: the only difference is the ante when the dealer has no pair
    expect(alwaysQualifies.rtp).toBeGreaterThan(needsPair.rtp)
  })
})

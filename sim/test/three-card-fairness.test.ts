/** Three Card fairness: exact figures against games-b §4.8, none ≥ 100 %, seeded Monte Carlo within 4 SE. */
import { describe, expect, it } from "vitest"
import { THREE_CARD_FAIRNESS, THREE_CARD_SECOND_MOMENT, antePlayExact, pairPlusExactRtp, progressiveExactRtp, sixCardExactRtp } from "../fairness/games/three-card.ts"
import { monteCarlo } from "./c-games-fairness-mc.ts"

describe("three card fairness", () => {
  it("ante + play under Q-6-4 play: edge 3.37 % of the ante (queen-high), 4.83 % (Q-6-4); plays 67.4 % of hands", () => {
    const q = antePlayExact("queen_high")
    expect(q.edge_per_ante * 100).toBeCloseTo(3.37, 2)
    expect(q.play_probability * 100).toBeCloseTo(67.42, 2)
    expect(antePlayExact("q64").edge_per_ante * 100).toBeCloseTo(4.83, 1)
  })

  it("side bets: pair plus edge 7.28 %, six-card 8.56 %, fixed progressive 0.36 %", () => {
    expect((1 - pairPlusExactRtp()) * 100).toBeCloseTo(7.28, 2)
    expect((1 - sixCardExactRtp()) * 100).toBeCloseTo(8.56, 2)
    expect((1 - progressiveExactRtp()) * 100).toBeCloseTo(0.36, 2)
  })

  it("no bet returns 100 % or more", () => {
    for (const b of THREE_CARD_FAIRNESS) expect(b.theoretical_rtp, b.bet_type).toBeLessThan(1)
  })

  it("a seeded Monte Carlo of every bet lands within 4 standard errors of the exact RTP", () => {
    for (const b of THREE_CARD_FAIRNESS) {
      const m2 = THREE_CARD_SECOND_MOMENT[b.bet_type]?.()
      const r = monteCarlo(b, 4_000, "three-card-test", m2)
      expect(Math.abs(r.z), `${b.bet_type} ${b.rules}: ${r.rtp} vs ${b.theoretical_rtp} ± ${r.se}`).toBeLessThan(4)
    }
  })
})

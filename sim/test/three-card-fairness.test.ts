/** Three Card fairness: exact figures against games-b §4.8, none ≥ 100 %, smoke Monte Carlo judged by the exact variance where known. */
import { describe, expect, it } from "vitest"
import { utf8 } from "../../engine/codec/bytes.ts"
import { THREE_CARD_FAIRNESS, THREE_CARD_SECOND_MOMENT, antePlayExact, pairPlusExactRtp, progressiveExactRtp, sixCardExactRtp } from "../fairness/games/three-card.ts"
import { rowOf } from "../fairness/harness.ts"
import { runChunk } from "../fairness/monte-carlo.ts"

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

  it("smoke: 4 000 rounds of every bet through the engine, within tolerance", () => {
    for (const b of THREE_CARD_FAIRNESS) {
      const m2 = THREE_CARD_SECOND_MOMENT[b.bet_type]?.()
      const judged = m2 === undefined ? b : { ...b, second_moment: m2 }
      const row = rowOf(judged, runChunk(b, utf8("three-card-smoke"), 0, 4_000), "test")
      expect(row.within_tolerance, `${b.bet_type} ${b.rules}: ${row.measured_rtp} vs ${b.theoretical_rtp} ± ${row.stderr}`).toBe(true)
    }
  })
})

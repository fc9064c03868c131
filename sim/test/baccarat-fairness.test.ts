/**
 * Baccarat fairness: every bet's exact RTP agrees with the house edges of games-a.md §2.7, none
 * exceeds 1, and a small seeded Monte Carlo through the engine lands within 4 standard errors.
 */
import { describe, expect, it } from "vitest"
import { utf8 } from "../../engine/codec/bytes.ts"
import { BACCARAT_FAIRNESS } from "../fairness/games/baccarat.ts"
import { estimate, runChunk } from "../fairness/monte-carlo.ts"

const SPEC_EDGE_PCT: Readonly<Record<string, number>> = {
  PLAYER: 1.235,
  BANKER: 1.058,
  TIE: 14.36,
  P_PAIR: 10.36,
  B_PAIR: 10.36,
  LUCKY6: 11.7,
  P_DRAGON: 2.65,
  B_DRAGON: 9.37,
  PANDA8: 10.19,
  P_PERFECT_PAIR: 56.14,
  B_PERFECT_PAIR: 56.14
}

describe("baccarat fairness", () => {
  it("has one entry per bet type, the main bets marked, and exact RTPs matching the spec's edges", () => {
    expect(BACCARAT_FAIRNESS.map((b) => b.bet_type)).toEqual(Object.keys(SPEC_EDGE_PCT))
    expect(BACCARAT_FAIRNESS.filter((b) => b.main).map((b) => b.bet_type)).toEqual(["PLAYER", "BANKER"])
    for (const b of BACCARAT_FAIRNESS) {
      expect(b.theoretical_rtp).toBeLessThan(1)
      const edge = (1 - b.theoretical_rtp) * 100
      expect(Math.abs(edge - (SPEC_EDGE_PCT[b.bet_type] ?? Number.NaN))).toBeLessThan(0.006)
    }
  })

  it.each(BACCARAT_FAIRNESS.map((b) => [b.bet_type, b] as const))("smoke: Monte Carlo of %s through the engine lands within 4 standard errors of the exact RTP", (_, b) => {
    const e = estimate(runChunk(b, utf8("baccarat-fairness-test"), 0, b.main ? 60_000 : 25_000))
    expect(Math.abs(e.rtp - b.theoretical_rtp), `${b.bet_type}: ${e.rtp} ± ${e.stderr} vs ${b.theoretical_rtp}`).toBeLessThan(4 * e.stderr)
  })
})

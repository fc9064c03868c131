/**
 * Casino war fairness: exact RTPs agree with games-a.md §4.5 (edges per ante), none exceeds 1,
 * and a seeded Monte Carlo through the engine lands within 4 standard errors.
 */
import { describe, expect, it } from "vitest"
import { utf8 } from "../../engine/codec/bytes.ts"
import { CASINO_WAR_FAIRNESS, P_TIE } from "../fairness/games/casino-war.ts"
import { estimate, runChunk } from "../fairness/monte-carlo.ts"

describe("casino war fairness", () => {
  it("exact RTPs match the spec's house edges (per ante) and stay below 1", () => {
    expect(P_TIE).toBeCloseTo(23 / 311, 12)
    const edgePerAnte = (bet: string, rules: string): number => {
      const b = CASINO_WAR_FAIRNESS.find((x) => x.bet_type === bet && x.rules === rules)
      if (b === undefined) throw new Error(`no entry ${bet} ${rules}`)
      // staked per ante: 1 + P(tie) when going to war, 1 otherwise
      const stakedPerAnte = bet.startsWith("ANTE (war") ? 1 + P_TIE : 1
      return (1 - b.theoretical_rtp) * stakedPerAnte * 100
    }
    expect(edgePerAnte("ANTE (war on a tie)", "tie_after_tie_bonus=true")).toBeCloseTo(2.33, 2)
    expect(edgePerAnte("ANTE (war on a tie)", "tie_after_tie_bonus=false")).toBeCloseTo(2.88, 2)
    expect(edgePerAnte("ANTE (surrender on a tie)", "tie_after_tie_bonus=true")).toBeCloseTo(3.7, 2)
    expect(edgePerAnte("TIE", "tie_pays_11=false")).toBeCloseTo(18.65, 2)
    expect(edgePerAnte("TIE", "tie_pays_11=true")).toBeCloseTo(11.25, 2)
    for (const b of CASINO_WAR_FAIRNESS) expect(b.theoretical_rtp).toBeLessThan(1)
    expect(CASINO_WAR_FAIRNESS.filter((b) => b.main)).toHaveLength(1)
  })

  it.each(CASINO_WAR_FAIRNESS.map((b) => [`${b.bet_type} ${b.rules}`, b] as const))("smoke: Monte Carlo of %s through the engine lands within 4 standard errors of the exact RTP", (_, b) => {
    const e = estimate(runChunk(b, utf8("casino-war-fairness-test"), 0, b.main ? 100_000 : 40_000))
    expect(Math.abs(e.rtp - b.theoretical_rtp), `${b.bet_type} ${b.rules}: ${e.rtp} ± ${e.stderr} vs ${b.theoretical_rtp}`).toBeLessThan(4 * e.stderr)
  })
})

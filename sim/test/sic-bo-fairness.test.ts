/** Sic Bo fairness: exact RTP of every bet type and paytable (games-b §3.6), and a smoke Monte Carlo judged by the exact variance. */
import { describe, expect, it } from "vitest"
import { utf8 } from "../../engine/codec/bytes.ts"
import { SIC_BO_FAIRNESS, exactSicBoRtp } from "../fairness/games/sic-bo.ts"
import { type BetType } from "../../engine/games/sic-bo/bets.ts"
import { exactStderr, rowOf } from "../fairness/harness.ts"
import { runChunk } from "../fairness/monte-carlo.ts"

/** games-b §3.6 house edges, percent */
const EDGES: ReadonlyArray<readonly [BetType, number, number, number]> = [
  ["SMALL", 0, 2.78, 2.78],
  ["EVEN", 0, 2.78, 2.78],
  ["TRIPLE_SPECIFIC", 4, 30.09, 16.2],
  ["TRIPLE_ANY", 0, 30.56, 13.89],
  ["DOUBLE_SPECIFIC", 2, 33.33, 18.52],
  ["SINGLE_DIE", 5, 7.87, 7.87],
  ["DOMINO", 0x25, 16.67, 16.67],
  ["HOP3_EASY", 21, 13.89, 13.89],
  ["HOP3_HARD", 0x25, 29.17, 29.17],
  ["HOP4_EASY", 29, 11.11, 11.11],
  ["SUM", 3, 16.2, 16.2],
  ["SUM", 17, 29.17, 15.28],
  ["SUM", 5, 47.22, 13.89],
  ["SUM", 15, 30.56, 16.67],
  ["SUM", 7, 9.72, 9.72],
  ["SUM", 13, 12.5, 12.5],
  ["SUM", 9, 18.98, 18.98],
  ["SUM", 11, 12.5, 12.5]
]

describe("sic bo fairness", () => {
  it.each(EDGES)("%s %i: house edge %f%% (Macau) / %f%% (Atlantic City)", (type, n, macau, ac) => {
    expect((1 - exactSicBoRtp("macau", type, n)) * 100).toBeCloseTo(macau, 1)
    expect((1 - exactSicBoRtp("atlantic_city", type, n)) * 100).toBeCloseTo(ac, 1)
  })

  it("no bet type returns 100 % or more under either paytable", () => {
    expect(SIC_BO_FAIRNESS.length).toBe(2 * (12 + 16))
    for (const b of SIC_BO_FAIRNESS) expect(b.theoretical_rtp, `${b.bet_type} ${b.rules}`).toBeLessThan(1)
  })

  it("smoke: 2 000 rounds of every bet through the engine, within tolerance by the exact variance (180:1 triples included)", () => {
    for (const b of SIC_BO_FAIRNESS) {
      expect(b.second_moment, b.bet_type).toBeDefined()
      const row = rowOf(b, runChunk(b, utf8("sic-bo-smoke"), 0, 2_000), "test")
      expect(row.stderr).toBeGreaterThanOrEqual(exactStderr(b.theoretical_rtp, b.second_moment ?? Number.NaN, 2_000))
      expect(row.within_tolerance, `${b.bet_type} ${b.rules}: ${row.measured_rtp} vs ${b.theoretical_rtp} ± ${row.stderr}`).toBe(true)
    }
  })
})

/** Sic Bo fairness: exact RTP of every bet type and paytable (games-b §3.6), and a seeded Monte Carlo within 4 SE. */
import { describe, expect, it } from "vitest"
import { SIC_BO_FAIRNESS, exactSicBoRtp, exactSicBoSecondMoment } from "../fairness/games/sic-bo.ts"
import { BET_TYPES, type BetType, type Paytable } from "../../engine/games/sic-bo/bets.ts"
import { monteCarlo } from "./c-games-fairness-mc.ts"

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

  it("a seeded Monte Carlo of every bet lands within 4 standard errors of the exact RTP", () => {
    for (const b of SIC_BO_FAIRNESS) {
      const [type, n] = b.bet_type.split(" ")
      const paytable: Paytable = b.rules.endsWith("atlantic_city") ? "atlantic_city" : "macau"
      const betType = BET_TYPES.find((t) => t === type)
      if (betType === undefined) throw new Error(`unknown bet ${b.bet_type}`)
      const m2 = exactSicBoSecondMoment(paytable, betType, Number(n ?? 0))
      const r = monteCarlo(b, 2_000, "sic-bo-test", m2)
      expect(Math.abs(r.z), `${b.bet_type} ${b.rules}: ${r.rtp} vs ${b.theoretical_rtp} ± ${r.se}`).toBeLessThan(4)
    }
  })
})

/**
 * Craps fairness: exact RTPs agree with games-a.md §5.8 where it states one (and with the standard
 * ATS edges, G15; Ride the Line is below 1, G16), none exceeds 1, and a seeded Monte Carlo of
 * every entry through the engine lands within 4 standard errors.
 */
import { describe, expect, it } from "vitest"
import { utf8 } from "../../engine/codec/bytes.ts"
import { CRAPS_FAIRNESS } from "../fairness/games/craps.ts"
import { estimate, runChunk } from "../fairness/monte-carlo.ts"

const SPEC_EDGE_PCT: Readonly<Record<string, number>> = {
  PASS: 1.414,
  DONT_PASS: 1.364,
  COME: 1.414,
  DONT_COME: 1.364,
  FIELD: 5.556,
  "YES 2": 0.857,
  "YES 3": 0.75,
  "YES 4": 0.667,
  "YES 5": 0.6,
  "YES 6": 0.545,
  "NO 2": 0.143,
  "NO 4": 0.333,
  "NO 6": 0.455,
  "NEXT 2": 0.972,
  "NEXT 7": 0.833,
  "NEXT 6": 3.61,
  "HARDWAY 4": 11.11,
  "HARDWAY 6": 9.09,
  FIRE: 20.76,
  MUGGSY: 5.56,
  DIFF_DOUBLES: 27.92,
  REPLAY: 24.81,
  HOT_ROLLER: 7.5,
  ATS_SMALL: 7.76,
  ATS_ALL: 7.46
}

/** rounds per entry, sized by how many rolls a round takes */
const roundsFor = (bet: string): number => {
  if (bet === "PASS" || bet === "DONT_PASS") return 50_000
  if (bet === "FIELD" || bet.startsWith("NEXT")) return 15_000
  if (bet.startsWith("YES") || bet.startsWith("NO") || bet.startsWith("HARDWAY") || bet === "MUGGSY") return 8_000
  return 10_000
}

describe("craps fairness", () => {
  it("exact RTPs match the spec's edges, stay below 1, and the line bets are the main bets", () => {
    for (const [bet, edge] of Object.entries(SPEC_EDGE_PCT)) {
      const b = CRAPS_FAIRNESS.find((x) => x.bet_type === bet)
      expect(b, bet).toBeDefined()
      expect(Math.abs((1 - (b?.theoretical_rtp ?? 0)) * 100 - edge), bet).toBeLessThan(0.006)
    }
    for (const b of CRAPS_FAIRNESS) expect(b.theoretical_rtp, b.bet_type).toBeLessThan(1)
    expect(CRAPS_FAIRNESS.find((b) => b.bet_type === "RIDE_LINE")?.theoretical_rtp).toBeLessThan(0.97)
    expect(CRAPS_FAIRNESS.filter((b) => b.main).map((b) => b.bet_type)).toEqual(["PASS", "DONT_PASS"])
  })

  it.each(CRAPS_FAIRNESS.map((b) => [b.bet_type, b] as const))("smoke: Monte Carlo of %s through the engine lands within 4 standard errors of the exact RTP", (_, b) => {
    const e = estimate(runChunk(b, utf8("craps-fairness-test"), 0, roundsFor(b.bet_type)))
    expect(Math.abs(e.rtp - b.theoretical_rtp), `${b.bet_type}: ${e.rtp} ± ${e.stderr} vs ${b.theoretical_rtp}`).toBeLessThan(4 * e.stderr)
  })
})

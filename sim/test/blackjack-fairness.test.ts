/** Blackjack fairness: the stated RTPs against a small seeded Monte Carlo through the engine's rules. */
import { describe, expect, it } from "vitest"
import { BLACKJACK_FAIRNESS, exactTwentyOnePlusThreeRtp } from "../fairness/games/blackjack.ts"
import { monteCarlo } from "./blackjack-mc.ts"

describe("blackjack fairness", () => {
  it("21+3 exact RTP: 87.11 % on eight decks (the spec's derived 12.89 % edge), below 100 % for every deck count", () => {
    expect(Math.abs(exactTwentyOnePlusThreeRtp(8) - (1 - 0.1289))).toBeLessThan(5e-5)
    for (const d of [1, 2, 4, 6, 8]) expect(exactTwentyOnePlusThreeRtp(d)).toBeLessThan(1)
  })

  for (const bet of BLACKJACK_FAIRNESS) {
    it(`${bet.bet_type} (${bet.rules}): Monte Carlo within 4 standard errors of ${(bet.theoretical_rtp * 100).toFixed(2)} %, which is below 100 %`, () => {
      expect(bet.theoretical_rtp).toBeLessThan(1)
      const mc = monteCarlo(bet, bet.bet_type.startsWith("main") ? 6_000 : 3_000, `blackjack/${bet.bet_type}/${bet.rules}`)
      expect(Math.abs(mc.rtp - bet.theoretical_rtp)).toBeLessThan(4 * mc.se)
    })
  }
})

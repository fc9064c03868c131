/** Hi-Lo fairness: exact per-strategy RTPs below 100 %, and a small seeded Monte Carlo agreeing with them. */
import { describe, expect, it } from "vitest"
import { HILO_FAIRNESS } from "../fairness/games/hilo.ts"
import { monteCarlo } from "./blackjack-mc.ts"

describe("hi-lo fairness", () => {
  for (const bet of HILO_FAIRNESS) {
    it(`${bet.bet_type}: exact RTP ${(bet.theoretical_rtp * 100).toFixed(3)} % is below 100 % and the Monte Carlo agrees within 4 standard errors`, () => {
      expect(bet.theoretical_rtp).toBeLessThan(1)
      expect(bet.theoretical_rtp).toBeGreaterThan(0.97)
      const mc = monteCarlo(bet, 6_000, `hilo/${bet.bet_type}`)
      expect(Math.abs(mc.rtp - bet.theoretical_rtp)).toBeLessThan(4 * mc.se)
    })
  }
})

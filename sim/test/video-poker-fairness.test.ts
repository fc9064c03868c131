/** Video poker fairness: the optimal-hold evaluator checked by brute force, and a seeded Monte Carlo. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { newShoe } from "../../engine/games/cards.ts"
import { classify, payFor } from "../../engine/games/video-poker/paytable.ts"
import { VIDEO_POKER_FAIRNESS } from "../fairness/games/video-poker.ts"
import { holdValues, optimalHold, payTables } from "../fairness/games/video-poker-strategy.ts"
import { monteCarlo } from "./blackjack-mc.ts"

/** EV of a hold by drawing every replacement combination (feasible for holds of ≥ 3 cards). */
const bruteForce = (hand: ReadonlyArray<number>, mask: number): number => {
  const rest = newShoe(1).filter((c) => !hand.includes(c))
  const kept = hand.filter((_, i) => (mask & (1 << i)) !== 0)
  const need = 5 - kept.length
  let total = 0
  let count = 0
  const pick = (from: number, chosen: number[]): void => {
    if (chosen.length === need) {
      total += Number(payFor("9/6", classify([...kept, ...chosen])))
      count++
      return
    }
    for (let i = from; i < rest.length; i++) pick(i + 1, [...chosen, rest[i]!])
  }
  pick(0, [])
  return total / count
}

describe("video poker fairness", () => {
  it("hold values by inclusion–exclusion equal brute-force enumeration", () => {
    const tables = payTables("9/6")
    fc.assert(
      fc.property(fc.shuffledSubarray(newShoe(1), { minLength: 5, maxLength: 5 }), fc.constantFrom(0b11111, 0b01111, 0b10111, 0b00111, 0b11010, 0b10101, 0b11100), (hand, mask) => {
        expect(holdValues(tables, hand)[mask]).toBeCloseTo(bruteForce(hand, mask), 9)
      }),
      { numRuns: 12 }
    )
  })

  it("four to a royal beats a pat flush: A♠ K♠ Q♠ J♠ 2♠ holds the four royal cards (EV 866/47)", () => {
    const hand = [0, 12, 11, 10, 1]
    const tables = payTables("9/6")
    expect(optimalHold(tables, hand)).toEqual([true, true, true, true, false])
    expect(holdValues(tables, hand)[0b01111]).toBeCloseTo(866 / 47, 12)
    expect(holdValues(tables, hand)[0b11111]).toBe(6)
  })

  for (const bet of VIDEO_POKER_FAIRNESS) {
    it(`${bet.rules}: stated optimal RTP ${(bet.theoretical_rtp * 100).toFixed(2)} % is below 100 % and the Monte Carlo agrees within 4 standard errors`, () => {
      expect(bet.theoretical_rtp).toBeLessThan(1)
      // most of video poker's variance (≈ 19.5 per unit bet² for optimal Jacks or Better, published)
      // sits in the 1-in-40 000 royal flush, which a 10⁴-hand sample rarely holds: use that SD
      const mc = monteCarlo(bet, 10_000, `video-poker/${bet.rules}`, Math.sqrt(19.5))
      expect(Math.abs(mc.rtp - bet.theoretical_rtp)).toBeLessThan(4 * mc.se)
    })
  }
})

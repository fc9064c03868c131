/** The shared five-card evaluator: categories, tie-breaks, best-of-N and the direct category. */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { parseCardLabel, type Card } from "../cards.ts"
import { HAND_CATEGORIES, bestFive, bestOfSeven, compareHands, evaluateFive, handCategory, handValue, type HandCategory } from "../poker-hands.ts"

const cards = (labels: string): Card[] =>
  labels.split(" ").map((l) => {
    const c = parseCardLabel(l)
    if (c === null) throw new Error(`bad card ${l}`)
    return c
  })

describe("evaluateFive", () => {
  it.each<[string, HandCategory, ReadonlyArray<number>]>([
    ["TS JS QS KS AS", "ROYAL_FLUSH", [14]],
    ["9H TH JH QH KH", "STRAIGHT_FLUSH", [13]],
    ["AD 2D 3D 4D 5D", "STRAIGHT_FLUSH", [5]],
    ["7S 7H 7D 7C 2S", "FOUR_OF_A_KIND", [7, 2]],
    ["7S 7H 7D 2C 2S", "FULL_HOUSE", [7, 2]],
    ["2H 9H JH QH KH", "FLUSH", [13, 12, 11, 9, 2]],
    ["AS 2H 3D 4C 5S", "STRAIGHT", [5]],
    ["TS JH QD KC AS", "STRAIGHT", [14]],
    ["5S 5H 5D KC 2S", "THREE_OF_A_KIND", [5, 13, 2]],
    ["5S 5H KD KC 2S", "TWO_PAIR", [13, 5, 2]],
    ["5S 5H KD QC 2S", "PAIR", [5, 13, 12, 2]],
    ["5S 9H KD QC 2S", "HIGH_CARD", [13, 12, 9, 5, 2]]
  ])("%s is %s %j", (hand, category, ranks) => {
    const v = evaluateFive(cards(hand))
    expect(v.category).toBe(category)
    expect(v.ranks).toEqual(ranks)
    expect(handCategory(cards(hand))).toBe(category)
  })

  it("orders hands by category, then tie-break ranks; suits never matter", () => {
    const order = ["5S 9H KD QC 2S", "AS KH QD JC 9S", "2S 2H 3D 4C 5S", "AS AH KD QC JS", "3S 3H 2D 2C AS", "AS AH 2D 2C 3S", "AS 2H 3D 4C 5S", "2S 3H 4D 5C 6S", "TS JH QD KC AS"]
    for (let i = 1; i < order.length; i++) expect(compareHands(evaluateFive(cards(order[i]!)), evaluateFive(cards(order[i - 1]!)))).toBeGreaterThan(0)
    expect(compareHands(evaluateFive(cards("AS KS QH JH 9D")), evaluateFive(cards("AC KC QD JD 9H")))).toBe(0)
    // the wheel is the lowest straight; a kicker decides equal pairs
    expect(compareHands(evaluateFive(cards("AS 2H 3D 4C 5S")), evaluateFive(cards("2S 3H 4D 5C 6S")))).toBeLessThan(0)
    expect(compareHands(evaluateFive(cards("9S 9H AD 4C 3S")), evaluateFive(cards("9D 9C KD QC JS")))).toBeGreaterThan(0)
  })
})

const distinctCards = (n: number) => fc.uniqueArray(fc.integer({ min: 0, max: 51 }), { minLength: n, maxLength: n })

describe("best of N", () => {
  it("handValue of 6 or 7 cards equals the best of every five (bestFive), and bestOfSeven agrees", () => {
    fc.assert(
      fc.property(fc.oneof(distinctCards(6), distinctCards(7)), (hand) => {
        const direct = handValue(hand)
        const searched = bestFive(hand)
        expect(direct.score).toBe(searched.score)
        expect(direct.category).toBe(searched.category)
        expect(handCategory(hand)).toBe(searched.category)
        expect(evaluateFive(searched.cards).score).toBe(searched.score)
        if (hand.length === 7) expect(bestOfSeven(hand).score).toBe(searched.score)
      }),
      { numRuns: 400 }
    )
  })

  it("picks a straight flush over quads and the higher of two full houses among seven cards", () => {
    expect(bestOfSeven(cards("9H TH JH QH KH 9S 9D")).category).toBe("STRAIGHT_FLUSH")
    const v = bestOfSeven(cards("9H 9S 9D KH KS KD 2C"))
    expect(v.category).toBe("FULL_HOUSE")
    expect(v.ranks).toEqual([13, 9])
  })

  it("counts every five-card hand into the standard category frequencies", () => {
    const counts = Object.fromEntries(HAND_CATEGORIES.map((c) => [c, 0]))
    const h = [0, 0, 0, 0, 0]
    for (let a = 0; a < 52; a++)
      for (let b = a + 1; b < 52; b++)
        for (let c = b + 1; c < 52; c++)
          for (let d = c + 1; d < 52; d++)
            for (let e = d + 1; e < 52; e++) {
              h[0] = a
              h[1] = b
              h[2] = c
              h[3] = d
              h[4] = e
              counts[handCategory(h)]!++
            }
    expect(counts).toEqual({
      ROYAL_FLUSH: 4,
      STRAIGHT_FLUSH: 36,
      FOUR_OF_A_KIND: 624,
      FULL_HOUSE: 3_744,
      FLUSH: 5_108,
      STRAIGHT: 10_200,
      THREE_OF_A_KIND: 54_912,
      TWO_PAIR: 123_552,
      PAIR: 1_098_240,
      HIGH_CARD: 1_302_540
    })
  })
})

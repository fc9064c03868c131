/**
 * Three-card poker hands (games-b.md §4.3): straight flush > three of a kind > straight > flush >
 * pair > high card; A-2-3 is the lowest straight (top 3), Q-K-A the highest; suits never break
 * ties. The dealer qualifier (queen-high or Q-6-4). Pure functions.
 */
import { aceHighRank, suitOf, type Card } from "../cards.ts"

export const THREE_CARD_CATEGORIES = ["HIGH_CARD", "PAIR", "FLUSH", "STRAIGHT", "THREE_OF_A_KIND", "STRAIGHT_FLUSH"] as const
export type ThreeCardCategory = (typeof THREE_CARD_CATEGORIES)[number]

export interface ThreeCardValue {
  readonly category: ThreeCardCategory
  /** tie-break ranks (ace-high), compared left to right */
  readonly ranks: ReadonlyArray<number>
  /** one comparable number: category strength, then the ranks in base 15 */
  readonly score: number
}

const value = (category: ThreeCardCategory, ranks: ReadonlyArray<number>): ThreeCardValue => {
  let score = THREE_CARD_CATEGORIES.indexOf(category)
  for (let i = 0; i < 3; i++) score = score * 15 + (ranks[i] ?? 0)
  return { category, ranks, score }
}

export const evaluateThree = (cards: ReadonlyArray<Card>): ThreeCardValue => {
  if (cards.length !== 3) throw new RangeError(`a three-card hand has 3 cards, got ${cards.length}`)
  const desc = cards.map(aceHighRank).sort((a, b) => b - a)
  const [hi, mid, lo] = [desc[0]!, desc[1]!, desc[2]!]
  const flush = suitOf(cards[0]!) === suitOf(cards[1]!) && suitOf(cards[1]!) === suitOf(cards[2]!)
  const distinct = hi !== mid && mid !== lo
  const straightTop = distinct && hi - lo === 2 ? hi : distinct && hi === 14 && mid === 3 && lo === 2 ? 3 : 0
  if (straightTop > 0 && flush) return value("STRAIGHT_FLUSH", [straightTop])
  if (hi === lo) return value("THREE_OF_A_KIND", [hi])
  if (straightTop > 0) return value("STRAIGHT", [straightTop])
  if (flush) return value("FLUSH", desc)
  if (hi === mid) return value("PAIR", [hi, lo])
  if (mid === lo) return value("PAIR", [mid, hi])
  return value("HIGH_CARD", desc)
}

export const QUALIFIERS = ["queen_high", "q64"] as const
export type Qualifier = (typeof QUALIFIERS)[number]

/** Does the dealer's hand qualify under the table's qualifier (§4.3)? */
export const dealerQualifies = (hand: ThreeCardValue, qualifier: Qualifier): boolean => {
  if (hand.category !== "HIGH_CARD") return true
  const [a, b, c] = [hand.ranks[0] ?? 0, hand.ranks[1] ?? 0, hand.ranks[2] ?? 0]
  if (qualifier === "queen_high") return a >= 12
  return a > 12 || (a === 12 && (b > 6 || (b === 6 && c >= 4)))
}

/** The standard player strategy: play Q-6-4 or better, fold worse (fairness measurements). */
export const playsQ64 = (hand: ThreeCardValue): boolean => dealerQualifies(hand, "q64")

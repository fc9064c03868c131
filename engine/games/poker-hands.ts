/**
 * Five-card poker hands (games-b.md §5.3, §6.4): evaluate five cards, or the best five of any
 * larger hand (six-card bonus, seven-card hold'em), into a value that compares with one number.
 *
 *   evaluateFive(cards)  → HandValue of exactly five cards
 *   handValue(cards)     → HandValue of the best five of ≥ 5 cards, from rank/suit counts (fast)
 *   bestFive(cards)      → the best five of ≥ 5 cards found by trying every five, with those five
 *   bestOfSeven(cards)   → handValue of seven cards (hold'em)
 *   compareHands(a, b)   → < 0, 0, > 0 (suits never break ties)
 *   handCategory(cards)  → the category of the best five of ≥ 5 cards, computed directly
 *                          (fast: used by enumerations of side-bet tables)
 *
 * Ranks are ace-high (2..14); the wheel A-2-3-4-5 is the lowest straight (top card 5); a royal
 * flush is its own top category. Pure functions; no state.
 */
import { aceHighRank, suitOf, type Card } from "./cards.ts"

/** categories from weakest to strongest; the index is the category's strength */
export const HAND_CATEGORIES = [
  "HIGH_CARD",
  "PAIR",
  "TWO_PAIR",
  "THREE_OF_A_KIND",
  "STRAIGHT",
  "FLUSH",
  "FULL_HOUSE",
  "FOUR_OF_A_KIND",
  "STRAIGHT_FLUSH",
  "ROYAL_FLUSH"
] as const
export type HandCategory = (typeof HAND_CATEGORIES)[number]

export const categoryStrength = (c: HandCategory): number => HAND_CATEGORIES.indexOf(c)

export interface HandValue {
  readonly category: HandCategory
  /** tie-break ranks, compared left to right (games-b.md §5.3) */
  readonly ranks: ReadonlyArray<number>
  /** one comparable number: category strength, then the tie-break ranks in base 15 */
  readonly score: number
}

const BASE = 15
const scoreOf = (category: HandCategory, ranks: ReadonlyArray<number>): number => {
  let s = categoryStrength(category)
  for (let i = 0; i < 5; i++) s = s * BASE + (ranks[i] ?? 0)
  return s
}

const value = (category: HandCategory, ranks: ReadonlyArray<number>): HandValue => ({ category, ranks, score: scoreOf(category, ranks) })

/** bit r set for every ace-high rank r present; the ace also counts as 1 (the wheel) */
const straightTopOfMask = (mask: number): number => {
  const m = mask & (1 << 14) ? mask | 2 : mask
  for (let top = 14; top >= 5; top--) {
    const run = 0b11111 << (top - 4)
    if ((m & run) === run) return top
  }
  return 0
}

/** the `n` highest ranks set in `mask`, skipping `except` */
const topRanks = (mask: number, n: number, except1 = 0, except2 = 0): number[] => {
  const out: number[] = []
  for (let r = 14; r >= 2 && out.length < n; r--) if (mask & (1 << r) && r !== except1 && r !== except2) out.push(r)
  return out
}

interface CardCounts {
  /** cards of each ace-high rank (index 2..14) */
  readonly rankCount: ReadonlyArray<number>
  /** for each suit, the bit mask of its ranks */
  readonly suitMask: ReadonlyArray<number>
  /** the bit mask of every rank present */
  readonly allMask: number
  /** a suit holding five or more of the cards, or -1 */
  readonly flushSuit: number
}

const countCards = (cards: ReadonlyArray<Card>): CardCounts => {
  const rankCount = new Array<number>(15).fill(0)
  const suitMask = [0, 0, 0, 0]
  const suitCount = [0, 0, 0, 0]
  let allMask = 0
  for (const c of cards) {
    const r = aceHighRank(c)
    const s = suitOf(c)
    rankCount[r]!++
    suitMask[s]! |= 1 << r
    suitCount[s]!++
    allMask |= 1 << r
  }
  return { rankCount, suitMask, allMask, flushSuit: suitCount.findIndex((n) => n >= 5) }
}

/**
 * The value of the best five of ≥ 5 cards, computed from rank and suit counts (no search over
 * every five). For exactly five cards this is the hand's own value.
 */
export const handValue = (cards: ReadonlyArray<Card>): HandValue => {
  if (cards.length < 5) throw new RangeError(`a poker hand needs at least 5 cards, got ${cards.length}`)
  const { rankCount, suitMask, allMask, flushSuit } = countCards(cards)
  if (flushSuit >= 0) {
    const top = straightTopOfMask(suitMask[flushSuit]!)
    if (top === 14) return value("ROYAL_FLUSH", [14])
    if (top > 0) return value("STRAIGHT_FLUSH", [top])
  }
  let quad = 0
  let trip1 = 0
  let trip2 = 0
  let pair1 = 0
  let pair2 = 0
  for (let r = 14; r >= 2; r--) {
    const n = rankCount[r]!
    if (n === 4 && quad === 0) quad = r
    else if (n === 3) {
      if (trip1 === 0) trip1 = r
      else if (trip2 === 0) trip2 = r
    } else if (n === 2) {
      if (pair1 === 0) pair1 = r
      else if (pair2 === 0) pair2 = r
    }
  }
  if (quad > 0) return value("FOUR_OF_A_KIND", [quad, ...topRanks(allMask, 1, quad)])
  if (trip1 > 0 && (trip2 > 0 || pair1 > 0)) return value("FULL_HOUSE", [trip1, Math.max(trip2, pair1)])
  if (flushSuit >= 0) return value("FLUSH", topRanks(suitMask[flushSuit]!, 5))
  const straight = straightTopOfMask(allMask)
  if (straight > 0) return value("STRAIGHT", [straight])
  if (trip1 > 0) return value("THREE_OF_A_KIND", [trip1, ...topRanks(allMask, 2, trip1)])
  if (pair2 > 0) return value("TWO_PAIR", [pair1, pair2, ...topRanks(allMask, 1, pair1, pair2)])
  if (pair1 > 0) return value("PAIR", [pair1, ...topRanks(allMask, 3, pair1)])
  return value("HIGH_CARD", topRanks(allMask, 5))
}

export const evaluateFive = (cards: ReadonlyArray<Card>): HandValue => {
  if (cards.length !== 5) throw new RangeError(`evaluateFive needs 5 cards, got ${cards.length}`)
  return handValue(cards)
}

export interface BestHand extends HandValue {
  /** the five cards that make the hand */
  readonly cards: ReadonlyArray<Card>
}

/** The best five-card hand among `cards` (at least 5). */
export const bestFive = (cards: ReadonlyArray<Card>): BestHand => {
  const n = cards.length
  if (n < 5) throw new RangeError(`bestFive needs at least 5 cards, got ${n}`)
  let best: BestHand | undefined
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      for (let c = b + 1; c < n; c++)
        for (let d = c + 1; d < n; d++)
          for (let e = d + 1; e < n; e++) {
            const five = [cards[a]!, cards[b]!, cards[c]!, cards[d]!, cards[e]!]
            const v = evaluateFive(five)
            if (best === undefined || v.score > best.score) best = { ...v, cards: five }
          }
  if (best === undefined) throw new RangeError("no five-card hand")
  return best
}

/** the value of the best five of seven cards (hold'em); same value as bestFive(cards) */
export const bestOfSeven = (cards: ReadonlyArray<Card>): HandValue => {
  if (cards.length !== 7) throw new RangeError(`bestOfSeven needs 7 cards, got ${cards.length}`)
  return handValue(cards)
}

export const compareHands = (a: HandValue, b: HandValue): number => a.score - b.score

/**
 * The category of the best five of ≥ 5 cards, without trying every five (rank and suit counts).
 * Agrees with bestFive(cards).category.
 */
export const handCategory = (cards: ReadonlyArray<Card>): HandCategory => {
  if (cards.length < 5) throw new RangeError(`handCategory needs at least 5 cards, got ${cards.length}`)
  const { rankCount, suitMask, allMask, flushSuit } = countCards(cards)
  if (flushSuit >= 0) {
    const top = straightTopOfMask(suitMask[flushSuit]!)
    if (top === 14) return "ROYAL_FLUSH"
    if (top > 0) return "STRAIGHT_FLUSH"
  }
  let quads = 0
  let trips = 0
  let pairs = 0
  for (let r = 2; r <= 14; r++) {
    const n = rankCount[r]!
    if (n === 4) quads++
    else if (n === 3) trips++
    else if (n === 2) pairs++
  }
  if (quads > 0) return "FOUR_OF_A_KIND"
  if (trips >= 2 || (trips === 1 && pairs >= 1)) return "FULL_HOUSE"
  if (flushSuit >= 0) return "FLUSH"
  if (straightTopOfMask(allMask) > 0) return "STRAIGHT"
  if (trips === 1) return "THREE_OF_A_KIND"
  if (pairs >= 2) return "TWO_PAIR"
  if (pairs === 1) return "PAIR"
  return "HIGH_CARD"
}

/** "FULL_HOUSE" → "FULL HOUSE" (log summaries) */
export const categoryText = (c: string): string => c.replaceAll("_", " ")

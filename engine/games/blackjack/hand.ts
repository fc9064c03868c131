/** Blackjack hand values (games-a.md §1.4): Ace 11 (or 1), Two..Nine face, Ten..King 10. */
import { rankIndex, type Card } from "../cards.ts"

export const cardPoints = (c: Card): number => {
  const r = rankIndex(c)
  return r === 0 ? 11 : r >= 9 ? 10 : r + 1
}

export interface HandTotal {
  readonly total: number
  /** an Ace still counts 11 and the total is at most 21 */
  readonly soft: boolean
}

export const handTotal = (cards: ReadonlyArray<Card>): HandTotal => {
  let total = 0
  let elevens = 0
  for (const c of cards) {
    total += cardPoints(c)
    if (rankIndex(c) === 0) elevens++
  }
  while (total > 21 && elevens > 0) {
    total -= 10
    elevens--
  }
  return { total, soft: elevens > 0 }
}

/** exactly two cards totalling 21 */
export const isTwoCard21 = (cards: ReadonlyArray<Card>): boolean => cards.length === 2 && handTotal(cards).total === 21

/**
 * Three Card Poker paytables (games-b.md §4.4). "To 1" tables return stake × (pays + 1); the
 * ante bonus is paid on the ante without stake; the progressive table pays "for one" (the stake
 * is not added). The progressive pays a fixed table — no shared meter (decisions-c.md, N14).
 */
import { rankIndex, suitOf, type Card } from "../cards.ts"
import type { HandCategory } from "../poker-hands.ts"
import type { ThreeCardCategory, ThreeCardValue } from "./hand.ts"

export const PAIR_PLUS_PAYS: Readonly<Partial<Record<ThreeCardCategory, bigint>>> = {
  STRAIGHT_FLUSH: 40n,
  THREE_OF_A_KIND: 30n,
  STRAIGHT: 6n,
  FLUSH: 3n,
  PAIR: 1n
}

export const ANTE_BONUS_PAYS: Readonly<Partial<Record<ThreeCardCategory, bigint>>> = {
  STRAIGHT_FLUSH: 5n,
  THREE_OF_A_KIND: 4n,
  STRAIGHT: 1n
}

/** Six-card bonus: best five of the player's and dealer's six cards, to 1 (also UTH's table) */
export const SIX_CARD_PAYS: Readonly<Partial<Record<HandCategory, bigint>>> = {
  ROYAL_FLUSH: 1000n,
  STRAIGHT_FLUSH: 200n,
  FOUR_OF_A_KIND: 100n,
  FULL_HOUSE: 20n,
  FLUSH: 15n,
  STRAIGHT: 10n,
  THREE_OF_A_KIND: 7n
}

export const PROGRESSIVE_JACKPOT = 10_000n
export const PROGRESSIVE_HANDS = ["MINI_ROYAL_SPADES", "MINI_ROYAL", "STRAIGHT_FLUSH", "THREE_OF_A_KIND", "STRAIGHT"] as const
export type ProgressiveHand = (typeof PROGRESSIVE_HANDS)[number]

/** progressive pays, for one */
export const PROGRESSIVE_PAYS: Readonly<Record<ProgressiveHand, bigint>> = {
  MINI_ROYAL_SPADES: PROGRESSIVE_JACKPOT,
  MINI_ROYAL: 500n,
  STRAIGHT_FLUSH: 70n,
  THREE_OF_A_KIND: 60n,
  STRAIGHT: 6n
}

/** A-K-Q suited (spades = jackpot), other straight flush, trips, straight; else null */
export const progressiveHand = (cards: ReadonlyArray<Card>, hand: ThreeCardValue): ProgressiveHand | null => {
  if (hand.category === "STRAIGHT_FLUSH" && hand.ranks[0] === 14) {
    const ranks = cards.map(rankIndex).sort((a, b) => a - b)
    if (ranks[0] === 0 && ranks[1] === 11 && ranks[2] === 12) return suitOf(cards[0]!) === 0 ? "MINI_ROYAL_SPADES" : "MINI_ROYAL"
  }
  if (hand.category === "STRAIGHT_FLUSH") return "STRAIGHT_FLUSH"
  if (hand.category === "THREE_OF_A_KIND") return "THREE_OF_A_KIND"
  if (hand.category === "STRAIGHT") return "STRAIGHT"
  return null
}

/**
 * Jacks or Better hands and paytables (games-b.md §6.4), paid "for 1" (N4): a winning hand
 * returns value × bet, so jacks or better returns exactly the bet (net 0).
 */
import { present } from "../../assert.ts"
import type { Card } from "../cards.ts"
import { evaluateFive } from "../poker-hands.ts"

export const VP_HANDS = [
  "HIGH_CARD",
  "JACKS_OR_BETTER",
  "TWO_PAIR",
  "THREE_OF_A_KIND",
  "STRAIGHT",
  "FLUSH",
  "FULL_HOUSE",
  "FOUR_OF_A_KIND",
  "STRAIGHT_FLUSH",
  "ROYAL_FLUSH"
] as const
export type VpHand = (typeof VP_HANDS)[number]

export const PAYTABLES = ["9/6", "8/5"] as const
export type Paytable = (typeof PAYTABLES)[number]

/** value per hand (index = handId), for 1 */
export const PAYS: Readonly<Record<Paytable, ReadonlyArray<bigint>>> = {
  "9/6": [0n, 1n, 2n, 3n, 4n, 6n, 9n, 25n, 50n, 800n],
  "8/5": [0n, 1n, 2n, 3n, 4n, 5n, 8n, 25n, 50n, 800n]
}

/** the highest value on either table (royal flush) */
export const MAX_PAY = 800n

export const handId = (h: VpHand): number => VP_HANDS.indexOf(h)

/** The Jacks-or-Better hand of five cards. */
export const classify = (cards: ReadonlyArray<Card>): VpHand => {
  const v = evaluateFive(cards)
  switch (v.category) {
    case "PAIR":
      return present(v.ranks[0], "the rank of a pair") >= 11 ? "JACKS_OR_BETTER" : "HIGH_CARD"
    case "HIGH_CARD":
      return "HIGH_CARD"
    default:
      return v.category
  }
}

export const payFor = (table: Paytable, hand: VpHand): bigint => present(PAYS[table][handId(hand)], `the ${table} pay of ${hand}`)

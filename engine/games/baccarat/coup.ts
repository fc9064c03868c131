/**
 * One baccarat coup (games-a.md §2.1): point values, the drawing rules, and the deal from an
 * eight-deck shoe in the order Player 1, Player 2, Banker 1, Banker 2, Player third, Banker third.
 */
import { newShoe, rankIndex, type Card } from "../cards.ts"
import type { OutcomeSource } from "../outcomes.ts"

export const DECKS = 8
/** the fresh shoe, copied for every coup */
const FRESH_SHOE: ReadonlyArray<Card> = newShoe(DECKS)

/** Ace 1, Two..Nine face value, Ten/J/Q/K 0 */
export const pointValue = (c: Card): number => {
  const r = rankIndex(c)
  return r >= 9 ? 0 : r + 1
}

export const handTotal = (cards: ReadonlyArray<Card>): number => cards.reduce((t, c) => t + pointValue(c), 0) % 10

/** Does the banker draw, given the banker's two-card total and the player's third card value (null = stood)? */
export const bankerDraws = (bankerTotal: number, playerThird: number | null): boolean => {
  if (playerThird === null) return bankerTotal <= 5
  switch (bankerTotal) {
    case 0:
    case 1:
    case 2:
      return true
    case 3:
      return playerThird !== 8
    case 4:
      return playerThird >= 2 && playerThird <= 7
    case 5:
      return playerThird >= 4 && playerThird <= 7
    case 6:
      return playerThird === 6 || playerThird === 7
    default:
      return false
  }
}

export interface Coup {
  readonly player: ReadonlyArray<Card>
  readonly banker: ReadonlyArray<Card>
}

/** Deal a full coup from a fresh shoe, drawing outcomes in the specified order. */
export const dealCoup = (io: OutcomeSource): Coup => {
  const shoe = FRESH_SHOE.slice()
  const p1 = io.card(shoe)
  const p2 = io.card(shoe)
  const b1 = io.card(shoe)
  const b2 = io.card(shoe)
  const player: Card[] = [p1, p2]
  const banker: Card[] = [b1, b2]
  const pt = handTotal(player)
  const bt = handTotal(banker)
  if (pt >= 8 || bt >= 8) return { player, banker }
  let third: number | null = null
  if (pt <= 5) {
    const c = io.card(shoe)
    player.push(c)
    third = pointValue(c)
  }
  if (bankerDraws(bt, third)) banker.push(io.card(shoe))
  return { player, banker }
}

export type Winner = "PLAYER" | "BANKER" | "TIE"

export const winnerOf = (coup: Coup): Winner => {
  const pt = handTotal(coup.player)
  const bt = handTotal(coup.banker)
  return pt > bt ? "PLAYER" : bt > pt ? "BANKER" : "TIE"
}

export const isNatural = (cards: ReadonlyArray<Card>): boolean => cards.length === 2 && handTotal(cards) >= 8

/** the first two cards have the same rank index */
export const isPair = (cards: ReadonlyArray<Card>): boolean => {
  const [a, b] = cards
  return a !== undefined && b !== undefined && rankIndex(a) === rankIndex(b)
}

/** the first two cards are the same card (same rank and suit; possible with eight decks) */
export const isPerfectPair = (cards: ReadonlyArray<Card>): boolean => {
  const [a, b] = cards
  return a !== undefined && a === b
}

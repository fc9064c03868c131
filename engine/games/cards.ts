/**
 * Cards are integers 0..51 (games-b.md §0.1): suit = card div 13 (S, H, D, C), rank index =
 * card mod 13 (Ace 0 … King 12). A shoe is the list of cards still undealt.
 */
export type Card = number

export const SUITS = ["S", "H", "D", "C"] as const
export const RANKS = ["A", "2", "3", "4", "5", "6", "7", "8", "9", "T", "J", "Q", "K"] as const

export const suitOf = (c: Card): number => Math.floor(c / 13)
export const rankIndex = (c: Card): number => c % 13
/** Ace = 1 … King = 13 */
export const oneBasedRank = (c: Card): number => (c % 13) + 1
/** Ace = 14, otherwise the one-based rank (poker comparisons) */
export const aceHighRank = (c: Card): number => (c % 13 === 0 ? 14 : (c % 13) + 1)

export const cardLabel = (c: Card): string => `${RANKS[rankIndex(c)]}${SUITS[suitOf(c)]}`

/** "AS", "TD", "9H" (also "10H") → card number, or null when not a card */
export const parseCardLabel = (label: string): Card | null => {
  const m = /^(10|[A2-9TJQK])([SHDC])$/i.exec(label.trim())
  if (m === null) return null
  const rankText = m[1]!.toUpperCase() === "10" ? "T" : m[1]!.toUpperCase()
  const rank = RANKS.findIndex((r) => r === rankText)
  const suit = SUITS.findIndex((s) => s === m[2]!.toUpperCase())
  return suit * 13 + rank
}

/** A fresh shoe of `decks` decks, ascending (shuffling is unnecessary: draws pick a uniform index). */
export const newShoe = (decks = 1): Card[] => {
  const shoe: Card[] = []
  for (let d = 0; d < decks; d++) for (let c = 0; c < 52; c++) shoe.push(c)
  return shoe
}

/** Remove one copy of `card` from the shoe (swap-remove); false if the shoe has none. */
export const removeCard = (shoe: Card[], card: Card): boolean => {
  const i = shoe.indexOf(card)
  if (i < 0) return false
  shoe[i] = shoe[shoe.length - 1]!
  shoe.pop()
  return true
}

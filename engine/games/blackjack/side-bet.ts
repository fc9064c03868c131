/**
 * 21+3 (games-a.md §3.6) on the player's first two cards and the dealer's up card, first match:
 * three of one rank 20:1 (suited or not), straight flush 30:1, straight 10:1, flush 5:1.
 * Straights use ace-high ranks plus A-2-3 (Q-K-A yes, K-A-2 no).
 */
import { aceHighRank, rankIndex, suitOf, type Card } from "../cards.ts"

export const SIDE_OUTCOMES = ["TRIPS", "STRAIGHT_FLUSH", "STRAIGHT", "FLUSH", "NOTHING"] as const
export type SideOutcome = (typeof SIDE_OUTCOMES)[number]

/** pays X to 1 */
export const SIDE_PAYS: Readonly<Record<SideOutcome, bigint>> = { TRIPS: 20n, STRAIGHT_FLUSH: 30n, STRAIGHT: 10n, FLUSH: 5n, NOTHING: 0n }
export const SIDE_MAX_PAYS = 30n

export const sideOutcome = (a: Card, b: Card, c: Card): SideOutcome => {
  if (rankIndex(a) === rankIndex(b) && rankIndex(b) === rankIndex(c)) return "TRIPS"
  const flush = suitOf(a) === suitOf(b) && suitOf(b) === suitOf(c)
  const r = [aceHighRank(a), aceHighRank(b), aceHighRank(c)].sort((x, y) => x - y)
  const straight = (r[1] === r[0]! + 1 && r[2] === r[1]! + 1) || (r[0] === 2 && r[1] === 3 && r[2] === 14)
  if (straight && flush) return "STRAIGHT_FLUSH"
  if (straight) return "STRAIGHT"
  if (flush) return "FLUSH"
  return "NOTHING"
}

/** what the side bet returns (stake included; 0 when lost) */
export const sideReturn = (amount: bigint, outcome: SideOutcome): bigint => (outcome === "NOTHING" ? 0n : amount * (SIDE_PAYS[outcome] + 1n))

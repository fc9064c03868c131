/**
 * Ultimate Texas Hold'em paytables (games-b.md §5.4). Trips and the six-card bonus pay "to 1";
 * the blind bonus is a ratio of the blind; the progressive pays a fixed table "for one" (no shared
 * meter: decisions-c.md, N14).
 */
import type { HandCategory } from "../poker-hands.ts"

export const TRIPS_PAYS: Readonly<Partial<Record<HandCategory, bigint>>> = {
  ROYAL_FLUSH: 50n,
  STRAIGHT_FLUSH: 40n,
  FOUR_OF_A_KIND: 30n,
  FULL_HOUSE: 9n,
  FLUSH: 7n,
  STRAIGHT: 4n,
  THREE_OF_A_KIND: 3n
}

/** blind bonus as numerator / denominator of the blind (paid only when the player wins) */
export const BLIND_BONUS: Readonly<Partial<Record<HandCategory, readonly [bigint, bigint]>>> = {
  ROYAL_FLUSH: [500n, 1n],
  STRAIGHT_FLUSH: [50n, 1n],
  FOUR_OF_A_KIND: [10n, 1n],
  FULL_HOUSE: [3n, 1n],
  FLUSH: [3n, 2n],
  STRAIGHT: [1n, 1n]
}

export const blindBonus = (blind: bigint, category: HandCategory): bigint => {
  const ratio = BLIND_BONUS[category]
  return ratio === undefined ? 0n : (blind * ratio[0]) / ratio[1]
}

export const PROGRESSIVE_JACKPOT = 10_000n

/** progressive on the hole cards and the flop, for one */
export const PROGRESSIVE_PAYS: Readonly<Partial<Record<HandCategory, bigint>>> = {
  ROYAL_FLUSH: PROGRESSIVE_JACKPOT,
  STRAIGHT_FLUSH: PROGRESSIVE_JACKPOT / 10n,
  FOUR_OF_A_KIND: 300n,
  FULL_HOUSE: 50n,
  FLUSH: 40n,
  STRAIGHT: 30n,
  THREE_OF_A_KIND: 9n
}

export { SIX_CARD_PAYS } from "../three-card/paytables.ts"

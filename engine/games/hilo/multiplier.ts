/**
 * Hi-Lo guess multipliers, priced from the cards actually left in the deck (draws are without
 * replacement, games-b.md N22). A guess is decided by the `decisive` cards (every remaining card
 * for Same; every card of a different rank for Higher/Lower, since an equal rank pushes) and won
 * by the `winning` ones. The multiplier pays 99 % of the fair odds of a decisive card:
 *
 *     M (basis points) = floor(9 900 × decisive / winning)
 *
 * so a guess returns P(push) + 0.99 × P(decisive) < 1 of the pot whenever a decisive card is
 * left (the spec's floor(130 000 / winning ranks) ignores that a push continues the game, so a
 * Higher/Lower guess returned 14/13 ≈ 107.7 %). A guess with no winning card left is illegal.
 */
import { oneBasedRank, type Card } from "../cards.ts"

export const GUESSES = ["higher", "lower", "same"] as const
export type Guess = (typeof GUESSES)[number]

export const BASIS_POINTS = 10_000n
/** the share of the fair price a decisive card pays */
export const PRICE_FACTOR_BP = 9_900n
/** maximum pot multiplier (10 000x): guesses stop once the pot reaches it */
export const ACC_MAX_BP = 10_000n * BASIS_POINTS

/** Same is offered only from an Ace or a King (vocabulary: "Same only on Ace or King"). */
export const sameOffered = (current: Card): boolean => oneBasedRank(current) === 1 || oneBasedRank(current) === 13

/** Does `next` win the guess from `current`? (Ace low: A = 1 … K = 13) */
export const wins = (guess: Guess, current: Card, next: Card): boolean => {
  const a = oneBasedRank(current)
  const b = oneBasedRank(next)
  return guess === "higher" ? b > a : guess === "lower" ? b < a : b === a
}

/** Does `next` push the guess (an equal rank on Higher or Lower)? */
export const pushes = (guess: Guess, current: Card, next: Card): boolean => guess !== "same" && oneBasedRank(next) === oneBasedRank(current)

export interface GuessOdds {
  readonly winning: number
  readonly decisive: number
  readonly remaining: number
}

export const guessOdds = (guess: Guess, current: Card, deck: ReadonlyArray<Card>): GuessOdds => {
  let winning = 0
  let decisive = 0
  for (const c of deck) {
    if (pushes(guess, current, c)) continue
    decisive++
    if (wins(guess, current, c)) winning++
  }
  return { winning, decisive, remaining: deck.length }
}

/** The multiplier of a guess in basis points, or null when the guess is not offered. */
export const guessMultiplierBp = (guess: Guess, current: Card, deck: ReadonlyArray<Card>): bigint | null => {
  if (guess === "same" && !sameOffered(current)) return null
  const odds = guessOdds(guess, current, deck)
  if (odds.winning === 0) return null
  return (PRICE_FACTOR_BP * BigInt(odds.decisive)) / BigInt(odds.winning)
}

/** The pot after a correct guess, capped at ACC_MAX_BP. */
export const nextAccumulator = (acc_bp: bigint, multiplier_bp: bigint): bigint => {
  const next = (acc_bp * multiplier_bp) / BASIS_POINTS
  return next > ACC_MAX_BP ? ACC_MAX_BP : next
}

/** What cashing out returns: floor(bet × pot / 10 000). */
export const cashOutReturn = (bet: bigint, acc_bp: bigint): bigint => (bet * acc_bp) / BASIS_POINTS

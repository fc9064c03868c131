/**
 * Hi-Lo guess multipliers: the spec's table (games-b.md §1.4), priced for a continuous shuffler.
 *
 * Every card is dealt from a freshly shuffled full deck (N22, kept as a deliberate rule), so each
 * rank is equally likely (1/13) on every draw. A guess with W winning ranks pays
 *
 *     M (basis points) = floor(130 000 / W)
 *
 * and an equal rank on Higher/Lower loses (decisions-b.md H1), so one guess returns
 * (W / 13) × M / 10 000 = W × floor(130 000 / W) / 130 000 ≤ 1 of the pot: exactly 1 when W
 * divides 130 000 (W = 1, 2, 4, 5, 8, 10), below 1 otherwise (W = 3, 6, 7, 9, 11, 12).
 * Winning ranks (Ace = 1 … King = 13): Higher from r → 13 − r; Lower from r → r − 1; Same → 1
 * (offered only from an Ace or a King, N16). A guess with no winning rank is not offered.
 */
import { oneBasedRank, type Card } from "../cards.ts"

export const GUESSES = ["higher", "lower", "same"] as const
export type Guess = (typeof GUESSES)[number]

export const BASIS_POINTS = 10_000n
/** the number of equally likely ranks on every draw */
export const RANKS_PER_DRAW = 13
/** 13 ranks × 1.0x: the fair price of one winning rank, in basis points */
export const TABLE_NUMERATOR_BP = 130_000n
/** maximum pot (10 000x): a guess whose win would take the pot above it is refused */
export const ACC_MAX_BP = 10_000n * BASIS_POINTS

/** Same is offered only from an Ace or a King (N16: the rules are fixed). */
export const sameOffered = (current: Card): boolean => oneBasedRank(current) === 1 || oneBasedRank(current) === 13

/** How many of the 13 ranks win the guess from `current` (0 when the guess is not offered). */
export const winningRanks = (guess: Guess, current: Card): number => {
  const r = oneBasedRank(current)
  if (guess === "higher") return 13 - r
  if (guess === "lower") return r - 1
  return sameOffered(current) ? 1 : 0
}

/** Does `next` win the guess from `current`? An equal rank wins only Same (ties lose Higher/Lower). */
export const wins = (guess: Guess, current: Card, next: Card): boolean => {
  const a = oneBasedRank(current)
  const b = oneBasedRank(next)
  return guess === "higher" ? b > a : guess === "lower" ? b < a : b === a
}

/** The table multiplier of a guess in basis points, or null when the guess is not offered. */
export const guessMultiplierBp = (guess: Guess, current: Card): bigint | null => {
  const w = winningRanks(guess, current)
  return w === 0 ? null : TABLE_NUMERATOR_BP / BigInt(w)
}

/** The pot after a correct guess: floor(acc × M / 10 000). */
export const nextAccumulator = (acc_bp: bigint, multiplier_bp: bigint): bigint => (acc_bp * multiplier_bp) / BASIS_POINTS

/** A win of this guess keeps the pot within ACC_MAX_BP. */
export const withinCap = (acc_bp: bigint, multiplier_bp: bigint): boolean => nextAccumulator(acc_bp, multiplier_bp) <= ACC_MAX_BP

/** What cashing out returns: floor(bet × pot / 10 000). */
export const cashOutReturn = (bet: bigint, acc_bp: bigint): bigint => (bet * acc_bp) / BASIS_POINTS

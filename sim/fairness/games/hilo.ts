/**
 * Hi-Lo fairness, exact. Every card is dealt from a freshly shuffled full deck (continuous
 * shuffler), so every draw is one of 13 equally likely ranks and suits never matter: a strategy's
 * expected return is an enumeration over rank sequences, weighted 1/13 per draw, with the engine's
 * own multipliers and rounding (multiplier.ts), in exact rationals. Strategies:
 *  - one guess of each kind, then cash out (a guess that is not offered cashes out at once);
 *  - "likelier side" play: guess Higher or Lower, whichever has more winning ranks (Higher from a
 *    7), cash out after two correct calls.
 */
import { cardLabel, type Card } from "../../../engine/games/cards.ts"
import { hilo, type HiloMove } from "../../../engine/games/hilo/hilo.ts"
import {
  BASIS_POINTS,
  RANKS_PER_DRAW,
  TABLE_NUMERATOR_BP,
  cashOutReturn,
  guessMultiplierBp,
  nextAccumulator,
  winningRanks,
  wins,
  withinCap,
  type Guess
} from "../../../engine/games/hilo/multiplier.ts"
import { playDirect, type SeatPlayer } from "../seat.ts"
import type { FairnessBet } from "../types.ts"

const STAKE = 1_000n

/** An exact non-negative rational. */
export interface Exact {
  readonly num: bigint
  readonly den: bigint
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b))
const exact = (num: bigint, den: bigint): Exact => {
  const g = gcd(num, den)
  return g === 0n ? { num: 0n, den: 1n } : { num: num / g, den: den / g }
}
const add = (a: Exact, b: Exact): Exact => exact(a.num * b.den + b.num * a.den, a.den * b.den)
export const exactToNumber = (r: Exact): number => Number(r.num) / Number(r.den)

/** one representative card per rank (the spade): a draw from a fresh deck is each with chance 1/13 */
const RANK_CARDS: ReadonlyArray<Card> = Array.from({ length: RANKS_PER_DRAW }, (_, i) => i)

/**
 * Expected return of one guess per unit of pot, exactly: (W / 13) × M / 10 000, or null when the
 * guess is not offered. Ties on Higher/Lower lose, so nothing else comes back.
 */
export const exactGuessReturn = (g: Guess, current: Card): Exact | null => {
  const m = guessMultiplierBp(g, current)
  if (m === null) return null
  return exact(BigInt(winningRanks(g, current)) * m, TABLE_NUMERATOR_BP)
}

/** what a strategy does in a state: a guess, or cash out */
type Policy = (current: Card, correct: number) => Guess | "cash_out"

const onceThenCashOut =
  (g: Guess): Policy =>
  (current, correct) =>
    correct > 0 || guessMultiplierBp(g, current) === null ? "cash_out" : g

export const likelierSide: Policy = (current, correct) => {
  if (correct >= 2) return "cash_out"
  const hi = winningRanks("higher", current)
  const lo = winningRanks("lower", current)
  return hi >= lo ? "higher" : "lower"
}

/** Exact expected return (in chips, for STAKE) of a policy from a state, by enumeration of the 13 ranks. */
const expectedReturn = (policy: Policy, current: Card, acc: bigint, correct: number): Exact => {
  const action = policy(current, correct)
  if (action === "cash_out") return exact(cashOutReturn(STAKE, acc), 1n)
  const m = guessMultiplierBp(action, current)
  if (m === null || !withinCap(acc, m)) throw new Error(`policy chose ${action} from ${cardLabel(current)}, which is not offered`)
  let total: Exact = { num: 0n, den: 1n }
  for (const next of RANK_CARDS) if (wins(action, current, next)) total = add(total, expectedReturn(policy, next, nextAccumulator(acc, m), correct + 1))
  return exact(total.num, total.den * BigInt(RANKS_PER_DRAW))
}

/** Exact RTP of a policy over every opening rank, as a fraction of the stake. */
export const exactHiloRtp = (policy: Policy): Exact => {
  let total: Exact = { num: 0n, den: 1n }
  for (const open of RANK_CARDS) total = add(total, expectedReturn(policy, open, BASIS_POINTS, 0))
  return exact(total.num, total.den * BigInt(RANKS_PER_DRAW) * STAKE)
}

const TAG: Readonly<Record<Guess, HiloMove["_tag"]>> = { higher: "Higher", lower: "Lower", same: "Same" }

/** One session: call by the policy until it cashes out or a call loses. */
const playerOf =
  (policy: Policy): SeatPlayer =>
  (seat) => {
    const s = seat.start(hilo, STAKE)
    for (let calls = 0; s.state.phase === "playing" && calls < 10_000; calls++) {
      const state = s.state
      const action = policy(state.current, state.streak)
      s.move({ _tag: action === "cash_out" ? "CashOut" : TAG[action] })
    }
  }

export interface HiloStrategy {
  readonly bet_type: string
  readonly policy: Policy
  readonly source: string
}

export const HILO_STRATEGIES: ReadonlyArray<HiloStrategy> = [
  { bet_type: "HIGHER", policy: onceThenCashOut("higher"), source: "exact: 13 opening ranks × 13 next ranks; one Higher then cash out (a King cashes out at once)" },
  { bet_type: "LOWER", policy: onceThenCashOut("lower"), source: "exact: 13 opening ranks × 13 next ranks; one Lower then cash out (an Ace cashes out at once)" },
  { bet_type: "SAME", policy: onceThenCashOut("same"), source: "exact: 13 opening ranks × 13 next ranks; one Same from an Ace or King then cash out (other ranks cash out at once)" },
  { bet_type: "HIGHER_OR_LOWER", policy: likelierSide, source: "exact: 13 opening ranks and the next two draws; likelier side, cash out after two correct calls" }
]

const bet = (s: HiloStrategy): FairnessBet => ({
  game: "hilo",
  bet_type: s.bet_type,
  rules: "fresh 52-card deck per draw (continuous shuffler); equal rank loses Higher/Lower; Same on A/K",
  super_mode: false,
  theoretical_rtp: exactToNumber(exactHiloRtp(s.policy)),
  source: s.source,
  main: s.bet_type === "HIGHER_OR_LOWER",
  player: playerOf(s.policy),
  playRound: (io) => playDirect(io, playerOf(s.policy))
})

export const HILO_FAIRNESS: ReadonlyArray<FairnessBet> = HILO_STRATEGIES.map(bet)

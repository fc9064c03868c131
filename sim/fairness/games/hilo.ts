/**
 * Hi-Lo fairness, exact by enumerating every opening card and every card that can follow from the
 * same deck (draws without replacement), with the engine's own multipliers and rounding:
 *  - one guess of each kind, then cash out (a guess that is not offered cashes out at once);
 *  - "likelier side" play: guess Higher or Lower, whichever has more winning cards (Higher on a
 *    tie), cash out after two correct calls or at a push.
 */
import { cardLabel, newShoe, oneBasedRank, type Card } from "../../../engine/games/cards.ts"
import { hilo, type HiloMove, type HiloState } from "../../../engine/games/hilo/hilo.ts"
import { BASIS_POINTS, cashOutReturn, guessMultiplierBp, guessOdds, nextAccumulator, pushes, wins, type Guess } from "../../../engine/games/hilo/multiplier.ts"
import { isGameError, type GameStep } from "../../../engine/games/game.ts"
import type { OutcomeSource } from "../../../engine/games/outcomes.ts"
import type { FairnessBet, RoundResult } from "../types.ts"

const STAKE = 1_000n

/** what a strategy does in a state: a guess, or cash out */
type Policy = (current: Card, deck: ReadonlyArray<Card>, correct: number, pushed: boolean) => Guess | "cash_out"

const onceThenCashOut =
  (g: Guess): Policy =>
  (current, deck, correct, pushed) =>
    correct > 0 || pushed || guessMultiplierBp(g, current, deck) === null ? "cash_out" : g

export const likelierSide: Policy = (current, deck, correct, pushed) => {
  if (correct >= 2 || pushed) return "cash_out"
  const hi = guessMultiplierBp("higher", current, deck) === null ? -1 : guessOdds("higher", current, deck).winning
  const lo = guessMultiplierBp("lower", current, deck) === null ? -1 : guessOdds("lower", current, deck).winning
  if (hi < 0 && lo < 0) return "cash_out"
  return hi >= lo ? "higher" : "lower"
}

/** The deck's cards grouped by rank: one representative card, the deck without it, and how many share its rank. */
const byRank = (deck: ReadonlyArray<Card>): Array<{ next: Card; rest: Card[]; weight: number }> => {
  const groups = new Map<number, { next: Card; rest: Card[]; weight: number }>()
  deck.forEach((c, i) => {
    const g = groups.get(oneBasedRank(c))
    if (g === undefined) groups.set(oneBasedRank(c), { next: c, rest: [...deck.slice(0, i), ...deck.slice(i + 1)], weight: 1 })
    else g.weight++
  })
  return [...groups.values()]
}

/**
 * Exact expected return (in chips, for STAKE) of a policy from a state, by enumeration. Hi-Lo
 * never looks at suits, so the cards of one rank are one branch weighted by their count.
 */
const expectedReturn = (policy: Policy, current: Card, deck: ReadonlyArray<Card>, acc: bigint, correct: number, pushed: boolean): number => {
  const action = policy(current, deck, correct, pushed)
  if (action === "cash_out") return Number(cashOutReturn(STAKE, acc))
  const m = guessMultiplierBp(action, current, deck)
  if (m === null) throw new Error(`policy chose ${action} from ${cardLabel(current)}, which is not offered`)
  let total = 0
  for (const { next, rest, weight } of byRank(deck)) {
    if (pushes(action, current, next)) total += weight * expectedReturn(policy, next, rest, acc, correct, true)
    else if (wins(action, current, next)) total += weight * expectedReturn(policy, next, rest, nextAccumulator(acc, m), correct + 1, false)
  }
  return total / deck.length
}

export const exactHiloRtp = (policy: Policy): number => {
  let total = 0
  for (const { next, rest, weight } of byRank(newShoe(1))) total += weight * expectedReturn(policy, next, rest, BASIS_POINTS, 0, false)
  return total / 52 / Number(STAKE)
}

const TAG: Readonly<Record<Guess, HiloMove["_tag"]>> = { higher: "Higher", lower: "Lower", same: "Same" }

const roundOf =
  (policy: Policy) =>
  (io: OutcomeSource): RoundResult => {
    let staked = STAKE
    let returned = 0n
    const apply = (s: GameStep<HiloState> | ReturnType<typeof hilo.move>): HiloState => {
      if (isGameError(s)) throw new Error(`hi-lo fairness round refused: ${s.message}`)
      staked += s.charge
      returned += s.credit
      return s.state
    }
    let state = apply(hilo.init(STAKE, io))
    let pushed = false
    while (state.phase === "playing") {
      const action = policy(state.current, state.deck, state.streak, pushed)
      const before = { guesses: state.guesses, streak: state.streak }
      state = apply(hilo.move(state, { _tag: action === "cash_out" ? "CashOut" : TAG[action] }, io))
      if (state.phase === "playing" && state.guesses > before.guesses && state.streak === before.streak) pushed = true
    }
    return { staked, returned }
  }

const bet = (bet_type: string, policy: Policy, source: string): FairnessBet => ({
  game: "hilo",
  bet_type,
  rules: "single deck without replacement; Same on A/K; equal rank pushes",
  super_mode: false,
  theoretical_rtp: exactHiloRtp(policy),
  source,
  main: bet_type === "HIGHER_OR_LOWER",
  playRound: roundOf(policy)
})

export const HILO_FAIRNESS: ReadonlyArray<FairnessBet> = [
  bet("HIGHER", onceThenCashOut("higher"), "exact: every opening card × every next card (grouped by rank); one Higher then cash out (a King cashes out at once)"),
  bet("LOWER", onceThenCashOut("lower"), "exact: every opening × next card; one Lower then cash out (an Ace cashes out at once)"),
  bet("SAME", onceThenCashOut("same"), "exact: every opening × next card; one Same from an Ace or King then cash out (other ranks cash out at once)"),
  bet("HIGHER_OR_LOWER", likelierSide, "exact: every opening card and the next three; likelier side, cash out after two correct calls or a push")
]

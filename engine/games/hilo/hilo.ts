/**
 * Hi-Lo (games-b.md §1) with the lead's decisions (docs/games/decisions-b.md):
 *  - continuous shuffler (N22): the opening card and every guessed card are dealt from a freshly
 *    shuffled full 52-card deck, so every rank is equally likely (1/13) on every draw and the same
 *    physical card may appear again; no deck is kept in the state;
 *  - the spec's multiplier table, floor(130 000 / winning ranks) (multiplier.ts);
 *  - an equal rank on Higher or Lower loses (H1): with ties pushing the table returned 107.7 %;
 *  - the rules are fixed (N16): Same only from an Ace or a King; no rule byte;
 *  - `streak` counts correct calls only (N7);
 *  - trailing payload bytes are refused (N11); a guess that cannot win (Higher from a King, Lower
 *    from an Ace, Same from a middle rank) is refused, and so is a guess whose win would take the
 *    pot above 10 000x; cash out is always legal, so a session can always end.
 * Outcomes: the opening card at start, then one card per guess.
 */
import { Schema } from "effect"
import { U64 } from "../../schema/primitives.ts"
import { cardLabel, newShoe, type Card } from "../cards.ts"
import { invalidMove, step, type GameRules, type GameStep } from "../game.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { HiloMove, decodeHiloMove, encodeHiloMove } from "./moves.ts"
import { BASIS_POINTS, cashOutReturn, guessMultiplierBp, nextAccumulator, wins, withinCap, type Guess } from "./multiplier.ts"

const CardInt = Schema.Int.pipe(Schema.between(0, 51))

export const HiloState = Schema.Struct({
  phase: Schema.Literal("playing", "done"),
  bet: U64,
  current: CardInt,
  /** pot multiplier in basis points (10 000 = 1.0x, at most ACC_MAX_BP); 0 after a wrong guess */
  acc_bp: U64,
  /** correct calls so far */
  streak: Schema.Int,
  /** guesses made, the losing one included */
  guesses: Schema.Int
})
export type HiloState = typeof HiloState.Type

export { HiloMove, decodeHiloMove, encodeHiloMove } from "./moves.ts"

const GUESS_OF: Readonly<Record<Exclude<HiloMove["_tag"], "CashOut">, Guess>> = { Higher: "higher", Lower: "lower", Same: "same" }

const ratio = (acc: bigint): string => `${acc / BASIS_POINTS}.${(acc % BASIS_POINTS).toString().padStart(4, "0")}x`

/** one card from a freshly shuffled full deck (continuous shuffler, N22) */
const dealFresh = (io: OutcomeSource): Card => io.card(newShoe(1))

const guess = (s: HiloState, g: Guess, io: OutcomeSource): GameStep<HiloState> | ReturnType<typeof invalidMove> => {
  const m = guessMultiplierBp(g, s.current)
  if (m === null) return invalidMove(`${g} cannot win from ${cardLabel(s.current)}`)
  if (!withinCap(s.acc_bp, m)) return invalidMove("a win would take the pot above the 10 000x maximum: cash out or choose a smaller guess")
  const next = dealFresh(io)
  const label = g.toUpperCase()
  const base = { previousCard: cardLabel(s.current), newCard: cardLabel(next), guess: label }
  if (wins(g, s.current, next)) {
    const acc = nextAccumulator(s.acc_bp, m)
    const state: HiloState = { ...s, current: next, acc_bp: acc, streak: s.streak + 1, guesses: s.guesses + 1 }
    return step(state, { logs: [JSON.stringify({ summary: `${base.previousCard} -> ${base.newCard} (${ratio(acc)})`, netPnl: "0", resolvedBets: [], ...base, correct: true, multiplier: acc.toString(), streak: state.streak })] })
  }
  // a wrong call, an equal rank on Higher/Lower included (H1)
  const state: HiloState = { ...s, phase: "done", current: next, acc_bp: 0n, guesses: s.guesses + 1 }
  const pnl = (-s.bet).toString()
  return step(state, {
    complete: true,
    logs: [JSON.stringify({ summary: `${base.previousCard} -> ${base.newCard}`, netPnl: pnl, resolvedBets: [{ label, pnl }], ...base, correct: false, multiplier: "0", streak: s.streak, payout: "0" })]
  })
}

const cashOut = (s: HiloState): GameStep<HiloState> => {
  const payout = cashOutReturn(s.bet, s.acc_bp)
  const pnl = (payout - s.bet).toString()
  return step(
    { ...s, phase: "done" },
    {
      credit: payout,
      complete: true,
      logs: [JSON.stringify({ summary: `Cashout: ${cardLabel(s.current)}`, netPnl: pnl, resolvedBets: [{ label: "CASHOUT", pnl }], card: cardLabel(s.current), guess: "CASHOUT", multiplier: s.acc_bp.toString(), streak: s.streak, payout: payout.toString() })]
    }
  )
}

export const initialHiloState = (bet: bigint, io: OutcomeSource): HiloState => ({ phase: "playing", bet, current: dealFresh(io), acc_bp: BASIS_POINTS, streak: 0, guesses: 0 })

export const hilo: GameRules<HiloState, typeof HiloState.Encoded, HiloMove, typeof HiloMove.Encoded> = {
  name: "hilo",
  stateSchema: HiloState,
  moveSchema: HiloMove,
  betByMove: false,
  init: (bet, io) => step(initialHiloState(bet, io)),
  decodeMove: decodeHiloMove,
  encodeMove: encodeHiloMove,
  move: (s, m, io) => {
    if (s.phase === "done") return invalidMove("the game is over")
    if (m._tag === "CashOut") return cashOut(s)
    return guess(s, GUESS_OF[m._tag], io)
  }
}

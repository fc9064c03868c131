/**
 * Sic Bo (games-b.md §3) with every bet type and both paytables, and the reference's defects
 * fixed as a regulated table would run it (docs/games/decisions-c.md):
 *  - the 20-bet cap holds at placement too, so no state can lock chips (N10);
 *  - a batch charges its whole wager (N2); every bet number is validated, in a batch too;
 *  - every payload has one exact length: trailing bytes are refused (N11);
 *  - a non-zero start bet is refused: Sic Bo takes its wagers by move (N12, the executor);
 *  - the rules byte takes only 0 (Macau) or 1 (Atlantic City) (N17), and only before any bet.
 * Outcomes: three dice in roll order, on the settling move only.
 */
import { Schema } from "effect"
import { U64_MAX } from "../../codec/bytes.ts"
import { U64 } from "../../schema/primitives.ts"
import { invalidMove, invalidPayload, step, type GameRules, type GameStep } from "../game.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { Bet, MAX_BETS_PER_ROUND, SicBoMove, decodeSicBoMove, encodeSicBoMove } from "./moves.ts"
import { PAYTABLES, betLabel, betReturn, diceTotal, isTriple, validNumber, type BetType, type Dice, type Paytable } from "./bets.ts"

export { MAX_BETS_PER_ROUND, SicBoMove, decodeSicBoMove, encodeSicBoMove } from "./moves.ts"


export const SicBoState = Schema.Struct({
  paytable: Schema.Literal(...PAYTABLES),
  phase: Schema.Literal("betting", "done"),
  bets: Schema.Array(Bet),
  total_wagered: U64,
  /** d1, d2, d3 once rolled */
  dice: Schema.Array(Schema.Int)
})
export type SicBoState = typeof SicBoState.Type

// ------------------------------------------------------------------ rules

const sum = (xs: ReadonlyArray<bigint>): bigint => xs.reduce((a, b) => a + b, 0n)

const LONG_NAMES: Readonly<Record<BetType, string>> = {
  SMALL: "SMALL",
  BIG: "BIG",
  ODD: "ODD",
  EVEN: "EVEN",
  TRIPLE_SPECIFIC: "SPECIFIC_TRIPLE",
  TRIPLE_ANY: "ANY_TRIPLE",
  DOUBLE_SPECIFIC: "SPECIFIC_DOUBLE",
  SUM: "TOTAL",
  SINGLE_DIE: "SINGLE",
  DOMINO: "DOMINO",
  HOP3_EASY: "THREE_NUMBER_EASY_HOP",
  HOP3_HARD: "THREE_NUMBER_HARD_HOP",
  HOP4_EASY: "FOUR_NUMBER_EASY_HOP"
}

/** Roll three dice and settle every bet on the table. */
const rollAndSettle = (s: SicBoState, io: OutcomeSource): GameStep<SicBoState> => {
  const dice: Dice = [io.die(), io.die(), io.die()]
  const returns = s.bets.map((b) => betReturn(s.paytable, b.type, b.number, b.amount, dice))
  const totalReturn = sum(returns)
  const total = diceTotal(dice)
  const log = JSON.stringify({
    summary: `Roll: ${total} (${dice.join("-")})${isTriple(dice) ? " TRIPLE" : ""}`,
    netPnl: (totalReturn - s.total_wagered).toString(),
    resolvedBets: s.bets.map((b, i) => ({ label: betLabel(b.type, b.number), pnl: (returns[i]! - b.amount).toString() })),
    dice,
    total,
    isTriple: isTriple(dice),
    paytable: s.paytable,
    bets: s.bets.map((b, i) => ({
      type: LONG_NAMES[b.type],
      number: b.number,
      amount: b.amount.toString(),
      won: returns[i]! > 0n,
      payout: returns[i]!.toString()
    })),
    totalWagered: s.total_wagered.toString(),
    totalReturn: totalReturn.toString()
  })
  return step({ ...s, phase: "done", dice: [...dice] }, { credit: totalReturn, complete: true, logs: [log] })
}

export const sicBo: GameRules<SicBoState, typeof SicBoState.Encoded, SicBoMove, typeof SicBoMove.Encoded> = {
  name: "sic_bo",
  stateSchema: SicBoState,
  moveSchema: SicBoMove,
  betByMove: true,
  init: () => step({ paytable: "macau", phase: "betting", bets: [], total_wagered: 0n, dice: [] }),
  decodeMove: decodeSicBoMove,
  encodeMove: encodeSicBoMove,
  move: (s, m, io) => {
    if (s.phase !== "betting") return invalidMove("the round is over")
    switch (m._tag) {
      case "SetPaytable":
        if (s.bets.length > 0) return invalidMove("the paytable cannot change once bets are on the table")
        return step({ ...s, paytable: m.paytable })
      case "PlaceBet": {
        if (s.bets.length >= MAX_BETS_PER_ROUND) return invalidMove(`at most ${MAX_BETS_PER_ROUND} bets per round`)
        if (!validNumber(m.bet.type, m.bet.number)) return invalidPayload(`${m.bet.number} is not a valid number for ${m.bet.type}`)
        if (m.bet.amount === 0n) return invalidPayload("a bet amount must be positive")
        const total = s.total_wagered + m.bet.amount
        if (total > U64_MAX) return invalidPayload("the round's total wager would exceed 2^64-1")
        return step({ ...s, bets: [...s.bets, m.bet], total_wagered: total }, { charge: m.bet.amount })
      }
      case "ClearBets":
        if (s.bets.length === 0) return invalidMove("there are no bets to clear")
        return step({ ...s, bets: [], total_wagered: 0n }, { credit: s.total_wagered })
      case "Roll":
        if (s.bets.length === 0) return invalidMove("place a bet before rolling")
        return rollAndSettle(s, io)
      case "Batch": {
        if (s.bets.length > 0) return invalidMove("a batch starts from an empty table")
        if (m.bets.length < 1 || m.bets.length > MAX_BETS_PER_ROUND) return invalidPayload(`a batch holds 1 to ${MAX_BETS_PER_ROUND} bets`)
        const bad = m.bets.find((b) => !validNumber(b.type, b.number) || b.amount === 0n)
        if (bad !== undefined) return invalidPayload(`${bad.number} / ${bad.amount} is not a valid ${bad.type} bet`)
        const total = sum(m.bets.map((b) => b.amount))
        if (total > U64_MAX) return invalidPayload("the batch's total wager would exceed 2^64-1")
        const settled = rollAndSettle({ ...s, bets: m.bets, total_wagered: total }, io)
        return { ...settled, charge: total }
      }
    }
  }
}

export type { BetType, Paytable }

/**
 * Roulette (games-b.md §2) with every bet type and zero rule, and the reference's defects fixed:
 *  - a batch charges its whole wager (N2) and validates every bet number (N8);
 *  - a batch spins under the table's zero rule like a manual spin (N8);
 *  - the zero rule can only change before the first bet, so stored bets stay valid (N9);
 *  - a non-zero start bet is refused: roulette takes its wagers by move (N12);
 *  - En Prison (Double) is the conventional two-level ladder, so every round ends (N13);
 *  - trailing bytes after a move are refused (N11).
 * Outcomes: one wheel pocket per spin (a prison spin draws another).
 */
import { Schema } from "effect"
import { InvalidPayload } from "../../errors.ts"
import { U64 } from "../../schema/primitives.ts"
import { invalidMove, invalidPayload, step, type GameRules, type GameStep } from "../game.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { Bet, MAX_BETS_PER_ROUND, RouletteMove, ZERO_RULES, decodeRouletteMove, encodeRouletteMove, type RouletteBet, type ZeroRule } from "./moves.ts"
import { EVEN_MONEY, PAYS, betLabel, covers, isZero, pocketColor, pocketLabel, validNumber, type BetType } from "./bets.ts"

export { MAX_BETS_PER_ROUND, RouletteMove, ZERO_RULES, decodeRouletteMove, encodeRouletteMove, type RouletteBet, type ZeroRule } from "./moves.ts"

export const pocketsFor = (rule: ZeroRule): number => (rule === "american" ? 38 : 37)


export const RouletteState = Schema.Struct({
  zero_rule: Schema.Literal(...ZERO_RULES),
  phase: Schema.Literal("betting", "prison", "done"),
  /** 0 outside prison; 1 or 2 = imprisonment level under En Prison rules */
  prison_level: Schema.Literal(0, 1, 2),
  bets: Schema.Array(Bet),
  total_wagered: U64,
  /** returns already won in a spin that sent other bets to prison */
  pending_return: U64,
  results: Schema.Array(Schema.Int)
})
export type RouletteState = typeof RouletteState.Type

// ------------------------------------------------------------------ rules

const sum = (xs: ReadonlyArray<bigint>): bigint => xs.reduce((a, b) => a + b, 0n)

const completionLog = (s: RouletteState, pocket: number, totalReturn: bigint, won: ReadonlyArray<boolean>): string =>
  JSON.stringify({
    summary: `Roll: ${pocketLabel(pocket)} ${pocketColor(pocket)}`,
    netPnl: (totalReturn - s.total_wagered).toString(),
    result: pocket,
    color: pocketColor(pocket),
    zeroRule: s.zero_rule,
    resolvedBets: s.bets.map((b, i) => ({
      label: betLabel(b.type, b.number),
      pnl: ((won[i] ? b.amount * (PAYS[b.type] + 1n) : 0n) - b.amount).toString()
    })),
    bets: s.bets.map((b, i) => ({ type: b.type, number: b.number, amount: b.amount.toString(), won: won[i] ?? false })),
    totalWagered: s.total_wagered.toString(),
    totalReturn: totalReturn.toString()
  })

const finish = (s: RouletteState, pocket: number, totalReturn: bigint, won: ReadonlyArray<boolean>): GameStep<RouletteState> =>
  step(
    { ...s, phase: "done", prison_level: 0, results: [...s.results, pocket] },
    { credit: totalReturn, complete: true, logs: [completionLog(s, pocket, totalReturn, won)] }
  )

/** The settling spin of a betting round (manual or batch). */
const spinBetting = (s: RouletteState, io: OutcomeSource): GameStep<RouletteState> => {
  const pocket = io.wheel(pocketsFor(s.zero_rule))
  const prisonRule = s.zero_rule === "en_prison" || s.zero_rule === "en_prison_double"
  if (isZero(pocket) && prisonRule) {
    const winners = s.bets.filter((b) => covers(b.type, b.number, pocket))
    const pending = sum(winners.map((b) => b.amount * (PAYS[b.type] + 1n)))
    const imprisoned = s.bets.filter((b) => EVEN_MONEY.has(b.type))
    if (imprisoned.length === 0)
      return finish(s, pocket, pending, s.bets.map((b) => covers(b.type, b.number, pocket)))
    return step({ ...s, phase: "prison", prison_level: 1, bets: imprisoned, pending_return: pending, results: [...s.results, pocket] })
  }
  const won = s.bets.map((b) => covers(b.type, b.number, pocket))
  let ret = 0n
  s.bets.forEach((b, i) => {
    if (won[i]) ret += b.amount * (PAYS[b.type] + 1n)
    else if (isZero(pocket) && s.zero_rule === "la_partage" && EVEN_MONEY.has(b.type)) ret += b.amount / 2n
  })
  return finish(s, pocket, ret, won)
}

/** A spin while even-money bets are imprisoned (single-zero wheel). */
const spinPrison = (s: RouletteState, io: OutcomeSource): GameStep<RouletteState> => {
  const pocket = io.wheel(37)
  const won = s.bets.map((b) => covers(b.type, b.number, pocket))
  if (isZero(pocket)) {
    if (s.zero_rule === "en_prison_double" && s.prison_level === 1)
      return step({ ...s, prison_level: 2, results: [...s.results, pocket] })
    return finish(s, pocket, s.pending_return, won)
  }
  const winners = s.bets.filter((_, i) => won[i])
  if (s.prison_level === 2) {
    if (winners.length === 0) return finish(s, pocket, s.pending_return, won)
    return step({ ...s, prison_level: 1, bets: winners, results: [...s.results, pocket] })
  }
  return finish(s, pocket, s.pending_return + sum(winners.map((b) => b.amount)), won)
}

const validateBets = (s: RouletteState, bets: ReadonlyArray<RouletteBet>): InvalidPayload | undefined => {
  const pockets = pocketsFor(s.zero_rule)
  for (const b of bets) {
    if (!validNumber(b.type, b.number, pockets)) return invalidPayload(`${b.number} is not a valid spot for ${b.type} on this wheel`)
  }
  return undefined
}

export const roulette: GameRules<RouletteState, typeof RouletteState.Encoded, RouletteMove, typeof RouletteMove.Encoded> = {
  name: "roulette",
  stateSchema: RouletteState,
  moveSchema: RouletteMove,
  betByMove: true,
  init: () =>
    step({ zero_rule: "standard", phase: "betting", prison_level: 0, bets: [], total_wagered: 0n, pending_return: 0n, results: [] }),
  decodeMove: decodeRouletteMove,
  encodeMove: encodeRouletteMove,
  move: (s, m, io) => {
    switch (m._tag) {
      case "SetRule":
        if (s.phase !== "betting") return invalidMove("the zero rule can only change while betting")
        if (s.bets.length > 0) return invalidMove("the zero rule cannot change once bets are on the table")
        return step({ ...s, zero_rule: m.rule })
      case "PlaceBet": {
        if (s.phase !== "betting") return invalidMove("bets are closed")
        if (s.bets.length >= MAX_BETS_PER_ROUND) return invalidMove(`at most ${MAX_BETS_PER_ROUND} bets per round`)
        const bad = validateBets(s, [m.bet])
        if (bad) return bad
        return step({ ...s, bets: [...s.bets, m.bet], total_wagered: s.total_wagered + m.bet.amount }, { charge: m.bet.amount })
      }
      case "ClearBets":
        if (s.phase !== "betting") return invalidMove("bets are closed")
        if (s.bets.length === 0) return invalidMove("there are no bets to clear")
        return step({ ...s, bets: [], total_wagered: 0n }, { credit: s.total_wagered })
      case "Spin":
        if (s.phase === "prison") return spinPrison(s, io)
        if (s.phase !== "betting") return invalidMove("the round is over")
        if (s.bets.length === 0) return invalidMove("place a bet before spinning")
        return spinBetting(s, io)
      case "Batch": {
        if (s.phase !== "betting") return invalidMove("bets are closed")
        if (s.bets.length > 0) return invalidMove("a batch starts from an empty table")
        if (m.bets.length < 1 || m.bets.length > MAX_BETS_PER_ROUND) return invalidPayload(`a batch holds 1 to ${MAX_BETS_PER_ROUND} bets`)
        const bad = validateBets(s, m.bets)
        if (bad) return bad
        const total = sum(m.bets.map((b) => b.amount))
        const settled = spinBetting({ ...s, bets: m.bets, total_wagered: total }, io)
        return { ...settled, charge: total }
      }
    }
  }
}

export type { BetType }

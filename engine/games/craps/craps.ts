/**
 * Craps (games-a.md §5): a session of any number of rolls with every bet type of §5.3, with the
 * reference's defects fixed (docs/games/decisions-a.md):
 *  - wagers are placed by move; a non-zero start bet is refused by the session executor (G1);
 *  - a batch charges its whole wager, whenever it is sent (G3);
 *  - a batch applies every placement rule of a single bet, so no bet reaches an invalid state (G11);
 *  - bonus bets open at the start of each shooter, before a point is established (G12);
 *  - Don't Pass is refused once a point is on; a Pass then is a put bet on the point (G13);
 *  - ATS loses on any 7 (G15); Ride the Line pays a house-edge paytable (G16);
 *  - stakes are at most 2^63 − 1; trailing payload bytes are refused.
 * Outcomes: each roll draws die 1, then die 2.
 */
import { InvalidMove, InvalidPayload } from "../../errors.ts"
import { invalidMove, invalidPayload, step, type GameRules, type GameStep } from "../game.ts"
import { SIGNED_STAKE_MAX } from "../move-codec.ts"
import { CrapsMove, MAX_BETS, decodeCrapsMove, encodeCrapsMove, type PlacedBet } from "./moves.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { BONUS, CONTRACT, HARDWAY_NUMBER, isPoint, type BetType } from "./bets.ts"
import { processRoll, type BetResult } from "./roll.ts"
import { CrapsBet, CrapsState, initialCrapsState } from "./state.ts"

export { CrapsMove, MAX_BETS, decodeCrapsMove, encodeCrapsMove, type PlacedBet } from "./moves.ts"
export const STAKE_MAX = SIGNED_STAKE_MAX

// ------------------------------------------------------------------ placement rules

/** the bonus bets open at the start of a shooter: come-out, no point established yet (G12) */
export const bonusWindowOpen = (s: CrapsState): boolean => s.phase === "come_out" && !s.epoch_point

const validTarget = (type: BetType, target: number): boolean => {
  switch (type) {
    case "YES":
    case "NO":
      return target >= 2 && target <= 12 && target !== 7
    case "NEXT":
      return target >= 2 && target <= 12
    case "HARDWAY_4":
    case "HARDWAY_6":
    case "HARDWAY_8":
    case "HARDWAY_10":
      return target === 0 || target === HARDWAY_NUMBER[type]
    default:
      return target === 0
  }
}

/** Check one placement against the table; the bet as it goes on the table, or why not. */
export const placeBet = (s: CrapsState, b: PlacedBet): CrapsBet | InvalidMove | InvalidPayload => {
  if (b.amount <= 0n || b.amount > STAKE_MAX) return invalidPayload("a bet amount must be in [1, 2^63 - 1]")
  if (!validTarget(b.type, b.target)) return invalidPayload(`${b.target} is not a valid target for ${b.type}`)
  if (s.bets.length >= MAX_BETS) return invalidMove(`at most ${MAX_BETS} bets on the table`)
  const on = (target: number): CrapsBet => ({ type: b.type, target, status: "on", amount: b.amount, odds: 0n, progress: 0 })
  switch (b.type) {
    case "PASS":
      // during a point a Pass is a put bet on that point
      return on(s.phase === "point" ? s.point : 0)
    case "DONT_PASS":
      if (s.phase === "point") return invalidMove("Don't Pass is only taken on the come-out (G13)")
      return on(0)
    case "COME":
    case "DONT_COME":
      if (s.phase !== "point") return invalidMove(`${b.type} needs a point to be established`)
      return { ...on(0), status: "pending" }
    case "HARDWAY_4":
    case "HARDWAY_6":
    case "HARDWAY_8":
    case "HARDWAY_10":
      return on(0)
    default:
      if (BONUS.has(b.type)) {
        if (!bonusWindowOpen(s)) return invalidMove("bonus bets open only at the start of a shooter, before a point")
        if (b.type === "FIRE" && s.bets.some((x) => x.type === "FIRE")) return invalidMove("one Fire bet at a time")
      }
      return on(b.target)
  }
}

// ------------------------------------------------------------------ rolls and logs

const sum = (xs: ReadonlyArray<bigint>): bigint => xs.reduce((a, b) => a + b, 0n)

const rollLog = (d1: number, d2: number, after: CrapsState, results: ReadonlyArray<BetResult>): string => {
  const tw = sum(results.map((r) => r.wagered))
  const tr = sum(results.map((r) => r.ret))
  const labelOf = (r: BetResult): string => {
    const n = HARDWAY_NUMBER[r.bet.type]
    if (n !== undefined) return `HARDWAY ${n}`
    return r.bet.target > 0 ? `${r.bet.type} ${r.bet.target}` : r.bet.type
  }
  return JSON.stringify({
    summary: `Roll: ${d1 + d2} (${d1}-${d2})`,
    netPnl: (tr - tw).toString(),
    resolvedBets: results.map((r) => ({ label: labelOf(r), pnl: (r.ret - r.wagered).toString() })),
    dice: [d1, d2],
    total: d1 + d2,
    phase: after.phase === "point" ? "POINT" : "COME_OUT",
    point: after.point,
    bets: results.map((r) => ({
      type: r.bet.type,
      ...(r.bet.target > 0 ? { target: r.bet.target } : {}),
      wagered: r.wagered.toString(),
      odds: r.bet.odds.toString(),
      return: r.ret.toString(),
      outcome: r.ret > r.wagered ? "WIN" : r.ret === r.wagered ? "PUSH" : "LOSS"
    })),
    totalWagered: tw.toString(),
    totalReturn: tr.toString()
  })
}

/** Roll two dice, settle, complete when the table is empty. */
const roll = (s: CrapsState, io: OutcomeSource): GameStep<CrapsState> => {
  const d1 = io.die()
  const d2 = io.die()
  const { state, results } = processRoll(s, d1, d2)
  return step(state, { credit: sum(results.map((r) => r.ret)), complete: state.bets.length === 0, logs: [rollLog(d1, d2, state, results)] })
}

export const craps: GameRules<CrapsState, typeof CrapsState.Encoded, CrapsMove, typeof CrapsMove.Encoded> = {
  name: "craps",
  stateSchema: CrapsState,
  moveSchema: CrapsMove,
  betByMove: true,
  init: () => step(initialCrapsState),
  decodeMove: decodeCrapsMove,
  encodeMove: encodeCrapsMove,
  move: (s, m, io) => {
    switch (m._tag) {
      case "PlaceBet": {
        const bet = placeBet(s, m.bet)
        if (bet instanceof InvalidMove || bet instanceof InvalidPayload) return bet
        return step({ ...s, bets: [...s.bets, bet] }, { charge: bet.amount })
      }
      case "AddOdds": {
        if (m.amount <= 0n || m.amount > STAKE_MAX) return invalidPayload("odds must be in [1, 2^63 - 1]")
        let i = -1
        s.bets.forEach((b, j) => {
          if (CONTRACT.has(b.type) && b.status === "on") i = j
        })
        const bet = s.bets[i]
        if (bet === undefined) return invalidMove("no working Pass, Don't Pass, Come or Don't Come bet to take odds on")
        if (!isPoint(bet.target)) return invalidMove("the last contract bet has no point yet")
        const odds = bet.odds + m.amount
        if (odds > STAKE_MAX) return invalidPayload("the odds would exceed 2^63 - 1")
        return step({ ...s, bets: s.bets.map((b, j) => (j === i ? { ...b, odds } : b)) }, { charge: m.amount })
      }
      case "Roll":
        if (s.bets.length === 0) return invalidMove("place a bet before rolling")
        return roll(s, io)
      case "ClearBets":
        if (s.dice !== null) return invalidMove("bets can only be cleared before the first roll")
        return step({ ...s, bets: [] }, { credit: sum(s.bets.map((b) => b.amount + b.odds)) })
      case "Batch": {
        if (s.dice !== null) return invalidMove("a batch is only possible before the first roll")
        if (s.bets.length > 0) return invalidMove("a batch starts from an empty table")
        if (m.bets.length < 1 || m.bets.length > MAX_BETS) return invalidPayload(`a batch holds 1 to ${MAX_BETS} bets`)
        let table: CrapsState = s
        for (const b of m.bets) {
          const bet = placeBet(table, b)
          if (bet instanceof InvalidMove || bet instanceof InvalidPayload) return bet
          table = { ...table, bets: [...table.bets, bet] }
        }
        const total = sum(table.bets.map((b) => b.amount))
        return { ...roll(table, io), charge: total }
      }
    }
  }
}

export type { BetType }

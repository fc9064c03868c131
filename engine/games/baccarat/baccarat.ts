/**
 * Baccarat (games-a.md §2): one coup per session, every bet type of §2.3, with the reference's
 * defects fixed (docs/games/decisions-a.md):
 *  - wagers are placed by move; a non-zero start bet is refused by the session executor (G1);
 *  - a batch charges its whole wager when it deals (G2);
 *  - a stake, alone or merged with an earlier stake of its type, is at most 2^63 − 1 (G5);
 *  - trailing payload bytes are refused.
 * Outcomes: a fresh eight-deck shoe at the deal, cards drawn Player 1, Player 2, Banker 1, Banker 2,
 * then the player's third card, then the banker's third card.
 */
import { Schema } from "effect"
import { InvalidPayload } from "../../errors.ts"
import { invalidMove, invalidPayload, step, type GameRules, type GameStep } from "../game.ts"
import { SIGNED_STAKE_MAX } from "../move-codec.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { BET_TYPES, settleBet, type BetType } from "./bets.ts"
import { BaccaratMove, Bet, decodeBaccaratMove, encodeBaccaratMove, type BaccaratBet } from "./moves.ts"
import { dealCoup, handTotal, winnerOf, type Coup } from "./coup.ts"

/** the largest stake of one bet type (amounts must fit a signed 64-bit delta, G5) */
export const STAKE_MAX = SIGNED_STAKE_MAX
export { BaccaratMove, decodeBaccaratMove, encodeBaccaratMove, type BaccaratBet } from "./moves.ts"


export const BaccaratState = Schema.Struct({
  phase: Schema.Literal("betting", "done"),
  /** one entry per bet type, in order of first placement */
  bets: Schema.Array(Bet),
  /** cards dealt (empty until the deal) */
  player: Schema.Array(Schema.Int),
  banker: Schema.Array(Schema.Int)
})
export type BaccaratState = typeof BaccaratState.Type

export const initialBaccaratState: BaccaratState = { phase: "betting", bets: [], player: [], banker: [] }

// ------------------------------------------------------------------ rules

const sum = (xs: ReadonlyArray<bigint>): bigint => xs.reduce((a, b) => a + b, 0n)

/** Add bets onto a table, merging stakes of the same type; InvalidPayload if a merged stake exceeds STAKE_MAX. */
const mergeBets = (table: ReadonlyArray<BaccaratBet>, added: ReadonlyArray<BaccaratBet>): BaccaratBet[] | InvalidPayload => {
  const out = [...table]
  for (const b of added) {
    if (b.amount <= 0n || b.amount > STAKE_MAX) return invalidPayload("a bet amount must be in [1, 2^63 - 1]")
    const i = out.findIndex((x) => x.type === b.type)
    if (i < 0) {
      out.push(b)
      continue
    }
    const prev = out[i]
    const amount = (prev?.amount ?? 0n) + b.amount
    if (amount > STAKE_MAX) return invalidPayload(`the ${b.type} stake would exceed 2^63 - 1`)
    out[i] = { type: b.type, amount }
  }
  return out
}

const LOG_TYPE: Readonly<Record<BetType, string>> = {
  PLAYER: "PLAYER",
  BANKER: "BANKER",
  TIE: "TIE",
  P_PAIR: "PLAYER_PAIR",
  B_PAIR: "BANKER_PAIR",
  LUCKY6: "LUCKY_6",
  P_DRAGON: "PLAYER_DRAGON",
  B_DRAGON: "BANKER_DRAGON",
  PANDA8: "PANDA_8",
  P_PERFECT_PAIR: "PLAYER_PERFECT_PAIR",
  B_PERFECT_PAIR: "BANKER_PERFECT_PAIR"
}

/** Deal the coup, settle every bet, complete the session. */
const dealAndSettle = (s: BaccaratState, io: OutcomeSource): GameStep<BaccaratState> => {
  const coup: Coup = dealCoup(io)
  const settled = s.bets.map((b) => ({ b, o: settleBet(b.type, b.amount, coup) }))
  const wagered = sum(s.bets.map((b) => b.amount))
  const totalReturn = sum(settled.map(({ b, o }) => b.amount + o.delta))
  const pt = handTotal(coup.player)
  const bt = handTotal(coup.banker)
  const winner = winnerOf(coup)
  const log = JSON.stringify({
    summary: `P: ${pt}, B: ${bt}, Winner: ${winner}`,
    netPnl: (totalReturn - wagered).toString(),
    resolvedBets: settled.map(({ b, o }) => ({ label: b.type, pnl: o.delta.toString() })),
    player: { cards: coup.player, total: pt },
    banker: { cards: coup.banker, total: bt },
    winner,
    bets: settled.map(({ b, o }) => {
      const delta = o.delta
      return {
        type: LOG_TYPE[b.type],
        amount: b.amount.toString(),
        result: o.push === true ? "PUSH" : delta > 0n ? "WIN" : "LOSS",
        payout: delta.toString()
      }
    }),
    totalWagered: wagered.toString(),
    totalReturn: totalReturn.toString()
  })
  return step({ ...s, phase: "done", player: [...coup.player], banker: [...coup.banker] }, { credit: totalReturn, complete: true, logs: [log] })
}

export const baccarat: GameRules<BaccaratState, typeof BaccaratState.Encoded, BaccaratMove, typeof BaccaratMove.Encoded> = {
  name: "baccarat",
  stateSchema: BaccaratState,
  moveSchema: BaccaratMove,
  betByMove: true,
  init: () => step(initialBaccaratState),
  decodeMove: decodeBaccaratMove,
  encodeMove: encodeBaccaratMove,
  move: (s, m, io) => {
    if (s.phase !== "betting") return invalidMove("the coup is over")
    switch (m._tag) {
      case "PlaceBet": {
        const bets = mergeBets(s.bets, [m.bet])
        if (bets instanceof InvalidPayload) return bets
        return step({ ...s, bets }, { charge: m.bet.amount })
      }
      case "Deal":
        if (s.bets.length === 0) return invalidMove("place a bet before dealing")
        return dealAndSettle(s, io)
      case "ClearBets":
        return step({ ...s, bets: [] }, { credit: sum(s.bets.map((b) => b.amount)) })
      case "Batch": {
        if (s.bets.length > 0) return invalidMove("a batch starts from an empty table")
        if (m.bets.length < 1 || m.bets.length > BET_TYPES.length) return invalidPayload(`a batch holds 1 to ${BET_TYPES.length} bets`)
        const bets = mergeBets([], m.bets)
        if (bets instanceof InvalidPayload) return bets
        const total = sum(bets.map((b) => b.amount))
        const settled = dealAndSettle({ ...s, bets }, io)
        return { ...settled, charge: total }
      }
    }
  }
}

export type { BetType }

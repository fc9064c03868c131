/**
 * Three Card Poker (games-b.md §4): ante and play against the dealer, the ante bonus, Pair Plus,
 * the six-card bonus and a fixed-table progressive, under the queen-high or Q-6-4 qualifier.
 * Stages: betting → (Deal) decision → (Play) awaiting_reveal → (Reveal) complete, or
 * decision → (Fold) complete. Defects fixed (docs/games/decisions-c.md):
 *  - every payload has one exact length, trailing bytes are refused (N11);
 *  - the rules byte takes only 0 (queen-high) or 1 (Q-6-4) (N17);
 *  - the progressive pays a fixed table inside the game's own settlement, so the logs show every
 *    chip paid (N14).
 * Outcomes: the player's three cards at Deal, then the dealer's three at Reveal or Fold.
 */
import { Schema } from "effect"
import { U64_MAX } from "../../codec/bytes.ts"
import { U64 } from "../../schema/primitives.ts"
import { cardLabel, newShoe, removeCard, type Card } from "../cards.ts"
import { invalidMove, invalidPayload, isGameError, step, type GameError, type GameRules, type GameStep } from "../game.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { categoryText, handCategory } from "../poker-hands.ts"
import { replaceSideBets } from "../side-bets.ts"
import { QUALIFIERS, dealerQualifies, evaluateThree } from "./hand.ts"
import { ThreeCardMove, decodeThreeCardMove, encodeThreeCardMove } from "./moves.ts"
import { ANTE_BONUS_PAYS, PAIR_PLUS_PAYS, PROGRESSIVE_PAYS, SIX_CARD_PAYS, progressiveHand } from "./paytables.ts"

export { SIDE_BETS, ThreeCardMove, decodeThreeCardMove, encodeThreeCardMove, type SideBet } from "./moves.ts"
export const STAGES = ["betting", "decision", "awaiting_reveal", "complete"] as const

export const ThreeCardState = Schema.Struct({
  qualifier: Schema.Literal(...QUALIFIERS),
  stage: Schema.Literal(...STAGES),
  ante: U64,
  /** 0 until the player plays, then equal to the ante */
  play: U64,
  pair_plus: U64,
  six_card: U64,
  /** 0 or 1 */
  progressive: U64,
  player: Schema.Array(Schema.Int),
  dealer: Schema.Array(Schema.Int),
  folded: Schema.Boolean
})
export type ThreeCardState = typeof ThreeCardState.Type

// ------------------------------------------------------------------ settlement

export interface ThreeCardSettlement {
  readonly outcome: "WIN" | "PUSH" | "LOSS" | "DEALER_NO_QUALIFY" | "FOLD"
  readonly anteReturn: bigint
  readonly playReturn: bigint
  readonly anteBonus: bigint
  readonly pairPlusReturn: bigint
  readonly sixCardReturn: bigint
  readonly progressiveReturn: bigint
  readonly totalWagered: bigint
  readonly totalReturn: bigint
  readonly dealerQualifies: boolean
}

/** Settle a dealt hand: the player's and dealer's three cards are known. */
export const settleThreeCard = (s: ThreeCardState): ThreeCardSettlement => {
  const player = evaluateThree(s.player)
  const dealer = evaluateThree(s.dealer)
  const qualifies = dealerQualifies(dealer, s.qualifier)
  const pairPlusReturn = s.pair_plus * ((PAIR_PLUS_PAYS[player.category] ?? -1n) + 1n)
  const sixCardReturn = s.six_card * ((SIX_CARD_PAYS[handCategory([...s.player, ...s.dealer])] ?? -1n) + 1n)
  const prog = progressiveHand(s.player, player)
  const progressiveReturn = prog === null ? 0n : s.progressive * PROGRESSIVE_PAYS[prog]
  const sides = pairPlusReturn + sixCardReturn + progressiveReturn
  const sideWagers = s.pair_plus + s.six_card + s.progressive
  if (s.folded) {
    return {
      outcome: "FOLD",
      anteReturn: 0n,
      playReturn: 0n,
      anteBonus: 0n,
      pairPlusReturn,
      sixCardReturn,
      progressiveReturn,
      totalWagered: s.ante + sideWagers,
      totalReturn: sides,
      dealerQualifies: qualifies
    }
  }
  const ante = s.ante
  const anteBonus = ante * (ANTE_BONUS_PAYS[player.category] ?? 0n)
  let outcome: ThreeCardSettlement["outcome"]
  let anteReturn: bigint
  let playReturn: bigint
  if (!qualifies) {
    outcome = "DEALER_NO_QUALIFY"
    anteReturn = 2n * ante
    playReturn = s.play
  } else if (player.score > dealer.score) {
    outcome = "WIN"
    anteReturn = 2n * ante
    playReturn = 2n * s.play
  } else if (player.score === dealer.score) {
    outcome = "PUSH"
    anteReturn = ante
    playReturn = s.play
  } else {
    outcome = "LOSS"
    anteReturn = 0n
    playReturn = 0n
  }
  return {
    outcome,
    anteReturn: anteReturn + anteBonus,
    playReturn,
    anteBonus,
    pairPlusReturn,
    sixCardReturn,
    progressiveReturn,
    totalWagered: ante + s.play + sideWagers,
    totalReturn: anteReturn + anteBonus + playReturn + sides,
    dealerQualifies: qualifies
  }
}

const completionLog = (s: ThreeCardState, r: ThreeCardSettlement): string => {
  const player = evaluateThree(s.player)
  const dealer = evaluateThree(s.dealer)
  const resolved: Array<{ label: string; pnl: string }> = [{ label: "ANTE", pnl: (r.anteReturn - s.ante).toString() }]
  if (s.play > 0n || s.folded) resolved.push({ label: "PLAY", pnl: (r.playReturn - s.play).toString() })
  if (s.pair_plus > 0n) resolved.push({ label: "PAIR PLUS", pnl: (r.pairPlusReturn - s.pair_plus).toString() })
  if (s.six_card > 0n) resolved.push({ label: "SIX CARD", pnl: (r.sixCardReturn - s.six_card).toString() })
  if (s.progressive > 0n) resolved.push({ label: "PROGRESSIVE", pnl: (r.progressiveReturn - s.progressive).toString() })
  const noQualify = !r.dealerQualifies || s.folded ? " (NO QUALIFY)" : ""
  return JSON.stringify({
    summary: `P: ${categoryText(player.category)}, D: ${categoryText(dealer.category)}${noQualify}${s.folded ? " (FOLD)" : ""}`,
    netPnl: (r.totalReturn - r.totalWagered).toString(),
    resolvedBets: resolved,
    player: { cards: s.player.map(cardLabel), rank: player.category },
    dealer: { cards: s.dealer.map(cardLabel), rank: dealer.category, qualifies: r.dealerQualifies },
    qualifier: s.qualifier,
    folded: s.folded,
    outcome: r.outcome,
    anteBet: s.ante.toString(),
    playBet: s.play.toString(),
    pairplusBet: s.pair_plus.toString(),
    sixCardBet: s.six_card.toString(),
    progressiveBet: s.progressive.toString(),
    anteReturn: r.anteReturn.toString(),
    playReturn: r.playReturn.toString(),
    pairplusReturn: r.pairPlusReturn.toString(),
    sixCardReturn: r.sixCardReturn.toString(),
    progressiveReturn: r.progressiveReturn.toString(),
    anteBonus: r.anteBonus.toString(),
    totalWagered: r.totalWagered.toString(),
    totalReturn: r.totalReturn.toString()
  })
}

// ------------------------------------------------------------------ rules

const drawDealer = (s: ThreeCardState, io: OutcomeSource): Card[] => {
  const shoe = newShoe()
  for (const c of s.player) removeCard(shoe, c)
  return [io.card(shoe), io.card(shoe), io.card(shoe)]
}

const finish = (s: ThreeCardState, io: OutcomeSource): GameStep<ThreeCardState> => {
  const done: ThreeCardState = { ...s, stage: "complete", dealer: drawDealer(s, io) }
  const r = settleThreeCard(done)
  return step(done, { credit: r.totalReturn, complete: true, logs: [completionLog(done, r)] })
}

/** Replace the side bets; the most the hand can put at stake besides them is ante and play. */
const setSides = (s: ThreeCardState, pair_plus: bigint, six_card: bigint, progressive: bigint): GameStep<ThreeCardState> | GameError =>
  replaceSideBets(
    { ...s, pair_plus, six_card, progressive },
    { own: s.pair_plus, six_card: s.six_card, progressive: s.progressive },
    { own: pair_plus, six_card, progressive },
    2n * s.ante,
    "the hand's total wager would exceed 2^64-1"
  )

const deal = (s: ThreeCardState, io: OutcomeSource): ThreeCardState => {
  const shoe = newShoe()
  return { ...s, stage: "decision", player: [io.card(shoe), io.card(shoe), io.card(shoe)] }
}

export const threeCard: GameRules<ThreeCardState, typeof ThreeCardState.Encoded, ThreeCardMove, typeof ThreeCardMove.Encoded> = {
  name: "three_card",
  stateSchema: ThreeCardState,
  moveSchema: ThreeCardMove,
  betByMove: false,
  init: (bet) => {
    if (bet <= 0n) return invalidPayload("the ante must be positive")
    if (2n * bet > U64_MAX) return invalidPayload("ante plus play would exceed 2^64-1")
    return step({
      qualifier: "queen_high",
      stage: "betting",
      ante: bet,
      play: 0n,
      pair_plus: 0n,
      six_card: 0n,
      progressive: 0n,
      player: [],
      dealer: [],
      folded: false
    })
  },
  decodeMove: decodeThreeCardMove,
  encodeMove: encodeThreeCardMove,
  move: (s, m, io) => {
    switch (m._tag) {
      case "SetRules":
        if (s.stage !== "betting") return invalidMove("the qualifier can only change before the deal")
        return step({ ...s, qualifier: m.qualifier })
      case "SetSideBet":
        if (s.stage !== "betting") return invalidMove("side bets close at the deal")
        return setSides(
          s,
          m.bet === "PAIR_PLUS" ? m.amount : s.pair_plus,
          m.bet === "SIX_CARD" ? m.amount : s.six_card,
          m.bet === "PROGRESSIVE" ? m.amount : s.progressive
        )
      case "Deal":
        if (s.stage !== "betting") return invalidMove("the cards are already dealt")
        return step(deal(s, io))
      case "AtomicDeal": {
        if (s.stage !== "betting") return invalidMove("the cards are already dealt")
        const set = setSides(s, m.pair_plus, m.six_card, m.progressive)
        if (isGameError(set)) return set
        return { ...set, state: deal(set.state, io) }
      }
      case "Play":
        if (s.stage !== "decision") return invalidMove("play is only possible after the deal, before the reveal")
        return step({ ...s, stage: "awaiting_reveal", play: s.ante }, { charge: s.ante })
      case "Fold":
        if (s.stage !== "decision") return invalidMove("fold is only possible after the deal, before playing")
        return finish({ ...s, folded: true }, io)
      case "Reveal":
        if (s.stage !== "awaiting_reveal") return invalidMove("reveal follows play")
        return finish(s, io)
    }
  }
}

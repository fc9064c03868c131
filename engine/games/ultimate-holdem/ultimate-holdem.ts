/**
 * Ultimate Texas Hold'em (games-b.md §5): ante and blind, one play bet of 4x/3x pre-flop, 2x on
 * the flop or 1x on the river, Trips, the six-card bonus and a fixed-table progressive.
 * Stages: betting → (Deal) preflop → (Check) flop → (Check) river → (Fold) complete, or any of
 * preflop/flop/river → (Bet) awaiting_reveal → (Reveal) complete.
 * Defects fixed (docs/games/decisions-c.md):
 *  - the blind is charged at the start with the ante: the start costs 2 × bet (N3);
 *  - the dealer needs a pair to open the ante (the conventional rule) and that cannot be turned
 *    off: "dealer always qualifies" returns more than 100 % (N20);
 *  - the rules byte accepts only its three documented bits (N17); exact payload lengths (N11);
 *  - the progressive pays a fixed table inside the settlement; logs show every chip (N14).
 * Outcomes: the player's two hole cards at Deal; the flop at the pre-flop Check; turn and river
 * at the flop Check; at Reveal or Fold every board card still missing, then the dealer's two,
 * then (only with a six-card bet) the four bonus cards. The dealer's cards are drawn last so that
 * no hidden card ever sits in the public session state.
 */
import { Schema } from "effect"
import { U64_MAX } from "../../codec/bytes.ts"
import { U64 } from "../../schema/primitives.ts"
import { cardLabel, newShoe, removeCard, type Card } from "../cards.ts"
import { invalidMove, invalidPayload, isGameError, step, type GameError, type GameRules, type GameStep } from "../game.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { bestOfSeven, categoryStrength, categoryText, evaluateFive, handCategory } from "../poker-hands.ts"
import { replaceSideBets } from "../side-bets.ts"
import { UthMove, UthRules, decodeUthMove, encodeUthMove } from "./moves.ts"
import { PROGRESSIVE_PAYS, SIX_CARD_PAYS, TRIPS_PAYS, blindBonus } from "./paytables.ts"

export { SIDE_BETS, UthMove, UthRules, decodeUthMove, encodeUthMove, rulesByte, type SideBet } from "./moves.ts"
export const STAGES = ["betting", "preflop", "flop", "river", "awaiting_reveal", "complete"] as const

export const DEFAULT_RULES: UthRules = { dealer_needs_pair: true, allow_3x: true, allow_4x: true }

export const UthState = Schema.Struct({
  rules: UthRules,
  stage: Schema.Literal(...STAGES),
  ante: U64,
  /** equal to the ante, charged at the start */
  blind: U64,
  play: U64,
  /** 0 (no play bet yet / folded), 1, 2, 3 or 4 */
  play_mult: Schema.Int,
  trips: U64,
  six_card: U64,
  progressive: U64,
  hole: Schema.Array(Schema.Int),
  board: Schema.Array(Schema.Int),
  dealer: Schema.Array(Schema.Int),
  bonus: Schema.Array(Schema.Int),
  folded: Schema.Boolean
})
export type UthState = typeof UthState.Type

// ------------------------------------------------------------------ settlement

export interface UthSettlement {
  readonly outcome: "FOLD" | "PUSH" | "WIN" | "LOSS"
  readonly anteReturn: bigint
  readonly blindReturn: bigint
  readonly playReturn: bigint
  readonly tripsReturn: bigint
  readonly sixCardReturn: bigint
  readonly progressiveReturn: bigint
  readonly totalWagered: bigint
  readonly totalReturn: bigint
  readonly dealerQualifies: boolean
}

const toOne = (amount: bigint, pays: bigint | undefined): bigint => (pays === undefined ? 0n : amount * (pays + 1n))

/** Settle a finished hand: hole, five board cards, the dealer's two (and bonus cards if bet). */
export const settleUth = (s: UthState): UthSettlement => {
  const player = bestOfSeven([...s.hole, ...s.board])
  const dealer = bestOfSeven([...s.dealer, ...s.board])
  const dq = s.rules.dealer_needs_pair ? categoryStrength(dealer.category) >= categoryStrength("PAIR") : true
  const tripsReturn = toOne(s.trips, TRIPS_PAYS[player.category])
  const sixCardReturn = s.six_card > 0n ? toOne(s.six_card, SIX_CARD_PAYS[handCategory([...s.hole, ...s.bonus])]) : 0n
  const progressiveReturn = s.progressive * (PROGRESSIVE_PAYS[evaluateFive([...s.hole, ...s.board.slice(0, 3)]).category] ?? 0n)
  const sides = tripsReturn + sixCardReturn + progressiveReturn
  const totalWagered = s.ante + s.blind + s.play + s.trips + s.six_card + s.progressive
  let outcome: UthSettlement["outcome"]
  let anteReturn = 0n
  let blindReturn = 0n
  let playReturn = 0n
  if (s.folded) outcome = "FOLD"
  else if (player.score === dealer.score) {
    outcome = "PUSH"
    anteReturn = s.ante
    blindReturn = s.blind
    playReturn = s.play
  } else if (player.score > dealer.score) {
    outcome = "WIN"
    playReturn = 2n * s.play
    anteReturn = dq ? 2n * s.ante : s.ante
    blindReturn = s.blind + blindBonus(s.blind, player.category)
  } else {
    outcome = "LOSS"
    anteReturn = dq ? 0n : s.ante
  }
  return {
    outcome,
    anteReturn,
    blindReturn,
    playReturn,
    tripsReturn,
    sixCardReturn,
    progressiveReturn,
    totalWagered,
    totalReturn: anteReturn + blindReturn + playReturn + sides,
    dealerQualifies: dq
  }
}

const completionLog = (s: UthState, r: UthSettlement): string => {
  const player = bestOfSeven([...s.hole, ...s.board])
  const dealer = bestOfSeven([...s.dealer, ...s.board])
  const resolved: Array<{ label: string; pnl: string }> = [
    { label: "ANTE", pnl: (r.anteReturn - s.ante).toString() },
    { label: "BLIND", pnl: (r.blindReturn - s.blind).toString() }
  ]
  if (s.play > 0n || s.folded) resolved.push({ label: "PLAY", pnl: (r.playReturn - s.play).toString() })
  if (s.trips > 0n) resolved.push({ label: "TRIPS", pnl: (r.tripsReturn - s.trips).toString() })
  if (s.six_card > 0n) resolved.push({ label: "SIX CARD", pnl: (r.sixCardReturn - s.six_card).toString() })
  if (s.progressive > 0n) resolved.push({ label: "PROGRESSIVE", pnl: (r.progressiveReturn - s.progressive).toString() })
  return JSON.stringify({
    summary: `P: ${categoryText(player.category)}, D: ${categoryText(dealer.category)}${r.dealerQualifies ? "" : " (NO QUALIFY)"}${s.folded ? " (FOLD)" : ""}`,
    netPnl: (r.totalReturn - r.totalWagered).toString(),
    resolvedBets: resolved,
    player: { cards: s.hole.map(cardLabel), rank: player.category },
    dealer: { cards: s.dealer.map(cardLabel), rank: dealer.category, qualifies: r.dealerQualifies },
    community: s.board.map(cardLabel),
    bonusCards: s.bonus.map(cardLabel),
    outcome: r.outcome,
    anteBet: s.ante.toString(),
    blindBet: s.blind.toString(),
    playBet: s.play.toString(),
    playMultiplier: s.play_mult,
    tripsBet: s.trips.toString(),
    sixCardBet: s.six_card.toString(),
    progressiveBet: s.progressive.toString(),
    anteReturn: r.anteReturn.toString(),
    blindReturn: r.blindReturn.toString(),
    playReturn: r.playReturn.toString(),
    tripsReturn: r.tripsReturn.toString(),
    sixCardReturn: r.sixCardReturn.toString(),
    progressiveReturn: r.progressiveReturn.toString(),
    totalWagered: r.totalWagered.toString(),
    totalReturn: r.totalReturn.toString()
  })
}

// ------------------------------------------------------------------ rules

/** a shoe without every card already known */
const shoeWithout = (s: UthState): Card[] => {
  const shoe = newShoe()
  for (const c of [...s.hole, ...s.board, ...s.dealer, ...s.bonus]) removeCard(shoe, c)
  return shoe
}

const draw = (io: OutcomeSource, shoe: Card[], n: number): Card[] => Array.from({ length: n }, () => io.card(shoe))

/** Deal everything still unknown (board, dealer, bonus cards if bet) and settle. */
const finish = (s: UthState, io: OutcomeSource): GameStep<UthState> => {
  const shoe = shoeWithout(s)
  const board = [...s.board, ...draw(io, shoe, 5 - s.board.length)]
  const dealer = draw(io, shoe, 2)
  const bonus = s.six_card > 0n ? draw(io, shoe, 4) : []
  const done: UthState = { ...s, stage: "complete", board, dealer, bonus }
  const r = settleUth(done)
  return step(done, { credit: r.totalReturn, complete: true, logs: [completionLog(done, r)] })
}

/** Replace the side bets; the most the hand can put at stake besides them is ante, blind and a 4x play. */
const setSides = (s: UthState, trips: bigint, six_card: bigint, progressive: bigint): GameStep<UthState> | GameError =>
  replaceSideBets(
    { ...s, trips, six_card, progressive },
    { own: s.trips, six_card: s.six_card, progressive: s.progressive },
    { own: trips, six_card, progressive },
    6n * s.ante,
    "the hand's total wager could exceed 2^64-1"
  )

const deal = (s: UthState, io: OutcomeSource): UthState => {
  const shoe = newShoe()
  return { ...s, stage: "preflop", hole: draw(io, shoe, 2) }
}

const STAGE_OF_BET = { 4: "preflop", 3: "preflop", 2: "flop", 1: "river" } as const

export const ultimateHoldem: GameRules<UthState, typeof UthState.Encoded, UthMove, typeof UthMove.Encoded> = {
  name: "ultimate_holdem",
  stateSchema: UthState,
  moveSchema: UthMove,
  betByMove: false,
  init: (bet) => {
    if (bet <= 0n) return invalidPayload("the ante must be positive")
    if (6n * bet > U64_MAX) return invalidPayload("ante, blind and a 4x play would exceed 2^64-1")
    const s: UthState = {
      rules: DEFAULT_RULES,
      stage: "betting",
      ante: bet,
      blind: bet,
      play: 0n,
      play_mult: 0,
      trips: 0n,
      six_card: 0n,
      progressive: 0n,
      hole: [],
      board: [],
      dealer: [],
      bonus: [],
      folded: false
    }
    // the blind equals the ante and is charged with it (N3)
    return step(s, { charge: bet })
  },
  decodeMove: decodeUthMove,
  encodeMove: encodeUthMove,
  move: (s, m, io) => {
    switch (m._tag) {
      case "SetRules":
        if (s.stage !== "betting") return invalidMove("the rules can only change before the deal")
        if (!m.rules.dealer_needs_pair) return invalidMove("the dealer always needs a pair to open the ante (decisions-c.md N20)")
        return step({ ...s, rules: m.rules })
      case "SetSideBet":
        if (s.stage !== "betting") return invalidMove("side bets close at the deal")
        return setSides(
          s,
          m.bet === "TRIPS" ? m.amount : s.trips,
          m.bet === "SIX_CARD" ? m.amount : s.six_card,
          m.bet === "PROGRESSIVE" ? m.amount : s.progressive
        )
      case "Deal":
        if (s.stage !== "betting") return invalidMove("the cards are already dealt")
        return step(deal(s, io))
      case "AtomicDeal": {
        if (s.stage !== "betting") return invalidMove("the cards are already dealt")
        const set = setSides(s, m.trips, m.six_card, m.progressive)
        if (isGameError(set)) return set
        return { ...set, state: deal(set.state, io) }
      }
      case "Check": {
        if (s.stage === "preflop") {
          const shoe = shoeWithout(s)
          return step({ ...s, stage: "flop", board: draw(io, shoe, 3) })
        }
        if (s.stage === "flop") {
          const shoe = shoeWithout(s)
          return step({ ...s, stage: "river", board: [...s.board, ...draw(io, shoe, 2)] })
        }
        return invalidMove(s.stage === "river" ? "on the river the player bets 1x or folds" : "check is only possible pre-flop or on the flop")
      }
      case "Bet": {
        const k = m.multiplier
        if (s.stage !== STAGE_OF_BET[k]) return invalidMove(`a ${k}x bet is only possible ${STAGE_OF_BET[k] === "preflop" ? "pre-flop" : `on the ${STAGE_OF_BET[k]}`}`)
        if (k === 4 && !s.rules.allow_4x) return invalidMove("this table does not allow a 4x bet")
        if (k === 3 && !s.rules.allow_3x) return invalidMove("this table does not allow a 3x bet")
        const play = BigInt(k) * s.ante
        return step({ ...s, stage: "awaiting_reveal", play, play_mult: k }, { charge: play })
      }
      case "Fold":
        if (s.stage !== "river") return invalidMove("the player folds only on the river")
        return finish({ ...s, folded: true }, io)
      case "Reveal":
        if (s.stage !== "awaiting_reveal") return invalidMove("reveal follows a play bet")
        return finish(s, io)
    }
  }
}

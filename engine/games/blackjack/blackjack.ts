/**
 * Blackjack (games-a.md §3): one shoe of `decks` decks per session, drawn without replacement;
 * deal, hit, stand, double, split (up to 4 hands), late surrender, reveal (no dealer peek: the
 * hole card is drawn at reveal), the 21+3 side bet and player-chosen rules. Defects fixed:
 *  - G6: a double that busts the last live hand charges its stake like any other double;
 *  - every stake is charged when it is placed (start bet, side bet, double, split), so a
 *    settlement only credits; a lowered side bet refunds the difference;
 *  - G4 (a rules move): rules are settable in the betting stage; combinations that would give
 *    the player an edge are refused (rules.ts);
 *  - payloads must have their exact length (N11).
 * Outcomes: player card 1, player card 2, dealer up card, then every later card in the order
 * drawn (hits, doubles, split cards), the hole card at reveal, then the dealer's hits. No hole
 * card is drawn when every hand busted.
 */
import { present } from "../../assert.ts"
import { Schema } from "effect"
import { InvalidMove, InvalidPayload } from "../../errors.ts"
import { U64 } from "../../schema/primitives.ts"
import { newShoe, rankIndex } from "../cards.ts"
import { invalidMove, step, type GameRules, type GameStep } from "../game.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { handTotal, isTwoCard21 } from "./hand.ts"
import { BlackjackRules, DEFAULT_RULES, refusedCombination } from "./rules.ts"
import { BlackjackMove, decodeBlackjackMove, encodeBlackjackMove } from "./moves.ts"
import { sideOutcome, sideReturn } from "./side-bet.ts"

export { BlackjackMove, decodeBlackjackMove, encodeBlackjackMove } from "./moves.ts"

export const MAX_HANDS = 4
const CardInt = Schema.Int.pipe(Schema.between(0, 51))

export const HAND_STATUSES = ["playing", "standing", "busted", "blackjack", "surrendered"] as const
export const Hand = Schema.Struct({
  cards: Schema.Array(CardInt),
  bet_mult: Schema.Literal(1, 2),
  status: Schema.Literal(...HAND_STATUSES),
  was_split: Schema.Boolean
})
export type Hand = typeof Hand.Type

export const STAGES = ["betting", "player_turn", "awaiting_reveal", "complete"] as const
export type Stage = (typeof STAGES)[number]

export const BlackjackState = Schema.Struct({
  stage: Schema.Literal(...STAGES),
  bet: U64,
  side_bet: U64,
  rules: BlackjackRules,
  /** the cards still in the shoe */
  shoe: Schema.Array(CardInt),
  /** the player's first two cards (21+3 is settled on them and the up card) */
  initial_cards: Schema.Array(CardInt),
  hands: Schema.Array(Hand),
  active: Schema.Int,
  /** up card first, then the hole card and the dealer's hits once revealed */
  dealer: Schema.Array(CardInt)
})
export type BlackjackState = typeof BlackjackState.Type

// ------------------------------------------------------------------ rules of play

type Result = GameStep<BlackjackState> | InvalidMove | InvalidPayload

const handStake = (s: BlackjackState, h: Hand): bigint => s.bet * BigInt(h.bet_mult)

const isPair = (h: Hand): boolean => h.cards.length === 2 && rankIndex(h.cards[0]!) === rankIndex(h.cards[1]!)
const isAces = (h: Hand): boolean => h.cards.length > 0 && rankIndex(h.cards[0]!) === 0

export const canDouble = (s: BlackjackState, h: Hand): boolean =>
  h.status === "playing" && h.cards.length === 2 && h.bet_mult === 1 && (!h.was_split || s.rules.double_after_split)

export const canSplit = (s: BlackjackState, h: Hand): boolean =>
  h.status === "playing" && s.hands.length < MAX_HANDS && isPair(h) && !(isAces(h) && h.was_split && !s.rules.resplit_aces)

export const canSurrender = (s: BlackjackState, h: Hand): boolean =>
  s.rules.surrender && h.status === "playing" && h.cards.length === 2 && h.bet_mult === 1 && !h.was_split

export const activeHand = (s: BlackjackState): Hand | undefined => (s.stage === "player_turn" ? s.hands[s.active] : undefined)

const replaceHand = (hands: ReadonlyArray<Hand>, i: number, h: Hand): Hand[] => hands.map((x, j) => (j === i ? h : x))

/** The 21+3 return, on the first two player cards and the up card. */
const sideBetReturn = (s: BlackjackState): bigint => {
  const [a, b] = s.initial_cards
  const up = s.dealer[0]
  if (s.side_bet === 0n || a === undefined || b === undefined || up === undefined) return 0n
  return sideReturn(s.side_bet, sideOutcome(a, b, up))
}

interface Settled {
  readonly returns: ReadonlyArray<bigint>
  readonly side: bigint
  readonly dealerBlackjack: boolean
}

const settle = (s: BlackjackState, dealerPlayed: boolean): Settled => {
  const dealerBlackjack = dealerPlayed && isTwoCard21(s.dealer.slice(0, 2))
  const d = handTotal(s.dealer).total
  const returns = s.hands.map((h) => {
    const b = handStake(s, h)
    const v = handTotal(h.cards).total
    if (h.status === "busted") return 0n
    if (h.status === "surrendered") return dealerBlackjack ? 0n : b / 2n
    const natural = isTwoCard21(h.cards) && !h.was_split
    if (natural && dealerBlackjack) return b
    if (natural) return s.rules.blackjack_pays_6_5 ? (b * 11n) / 5n : (b * 5n) / 2n
    if (dealerBlackjack) return 0n
    if (d > 21 || v > d) return 2n * b
    if (v === d) return b
    return 0n
  })
  return { returns, side: sideBetReturn(s), dealerBlackjack }
}

const completionLog = (s: BlackjackState, r: Settled): string => {
  const dealerValue = handTotal(s.dealer).total
  const handsJson = s.hands.map((h, i) => {
    const t = handTotal(h.cards)
    return { cards: h.cards, value: t.total, soft: t.soft, status: h.status.toUpperCase(), bet: handStake(s, h).toString(), return: present(r.returns[i], `return of hand ${i}`).toString() }
  })
  const staked = s.hands.reduce((a, h) => a + handStake(s, h), 0n) + s.side_bet
  const total = r.returns.reduce((a, x) => a + x, 0n) + r.side
  const resolved = s.hands.map((h, i) => ({ label: s.hands.length === 1 ? "HAND" : `HAND ${i + 1}`, pnl: (present(r.returns[i], `return of hand ${i}`) - handStake(s, h)).toString() }))
  if (s.side_bet > 0n) resolved.push({ label: "21+3", pnl: (r.side - s.side_bet).toString() })
  return JSON.stringify({
    summary: `P: ${s.hands.length === 0 ? "?" : s.hands.map((h) => handTotal(h.cards).total).join("/")}, D: ${dealerValue}`,
    netPnl: (total - staked).toString(),
    resolvedBets: resolved,
    hands: handsJson,
    dealer: { cards: s.dealer, value: dealerValue, blackjack: r.dealerBlackjack },
    sideBet21Plus3: s.side_bet.toString(),
    sideBetReturn: r.side.toString(),
    totalReturn: total.toString()
  })
}

const complete = (s: BlackjackState, dealerPlayed: boolean, charge: bigint): GameStep<BlackjackState> => {
  const done: BlackjackState = { ...s, stage: "complete" }
  const r = settle(done, dealerPlayed)
  const credit = r.returns.reduce((a, x) => a + x, 0n) + r.side
  return step(done, { charge, credit, complete: true, logs: [completionLog(done, r)] })
}

/**
 * After the active hand finished: move to the next playing hand, or end the turn. If every hand
 * busted the game completes at once (no hole card); otherwise the player must reveal.
 */
const advance = (s: BlackjackState, charge: bigint): GameStep<BlackjackState> => {
  const next = s.hands.findIndex((h, i) => i >= s.active && h.status === "playing")
  if (next >= 0) return step({ ...s, active: next }, { charge })
  const over: BlackjackState = { ...s, active: s.hands.length, stage: "awaiting_reveal" }
  if (s.hands.every((h) => h.status === "busted")) return complete(over, false, charge)
  return step(over, { charge })
}

const deal = (s: BlackjackState, io: OutcomeSource, charge: bigint): GameStep<BlackjackState> => {
  const shoe = [...s.shoe]
  const c1 = io.card(shoe)
  const c2 = io.card(shoe)
  const up = io.card(shoe)
  const natural = isTwoCard21([c1, c2])
  const hand: Hand = { cards: [c1, c2], bet_mult: 1, status: natural ? "blackjack" : "playing", was_split: false }
  return step({ ...s, shoe, initial_cards: [c1, c2], hands: [hand], active: natural ? 1 : 0, dealer: [up], stage: natural ? "awaiting_reveal" : "player_turn" }, { charge })
}

const sideBetDelta = (s: BlackjackState, amount: bigint): { charge: bigint; credit: bigint } =>
  amount >= s.side_bet ? { charge: amount - s.side_bet, credit: 0n } : { charge: 0n, credit: s.side_bet - amount }

const hit = (s: BlackjackState, h: Hand, io: OutcomeSource): GameStep<BlackjackState> => {
  const shoe = [...s.shoe]
  const cards = [...h.cards, io.card(shoe)]
  const t = handTotal(cards).total
  const status = t > 21 ? "busted" : t === 21 ? "standing" : "playing"
  const next: BlackjackState = { ...s, shoe, hands: replaceHand(s.hands, s.active, { ...h, cards, status }) }
  return status === "playing" ? step(next) : advance(next, 0n)
}

const double = (s: BlackjackState, h: Hand, io: OutcomeSource): GameStep<BlackjackState> => {
  const shoe = [...s.shoe]
  const cards = [...h.cards, io.card(shoe)]
  const status = handTotal(cards).total > 21 ? "busted" : "standing"
  return advance({ ...s, shoe, hands: replaceHand(s.hands, s.active, { ...h, cards, bet_mult: 2, status }) }, s.bet)
}

const split = (s: BlackjackState, h: Hand, io: OutcomeSource): GameStep<BlackjackState> => {
  const shoe = [...s.shoe]
  const aces = isAces(h)
  const first: Hand = { cards: [h.cards[0]!, io.card(shoe)], bet_mult: 1, status: "playing", was_split: true }
  const second: Hand = { cards: [h.cards[1]!, io.card(shoe)], bet_mult: 1, status: "playing", was_split: true }
  const hands = [...s.hands.slice(0, s.active), first, second, ...s.hands.slice(s.active + 1)]
  if (aces && !s.rules.hit_split_aces) {
    const stood = hands.map((x, i) => (i === s.active || i === s.active + 1 ? { ...x, status: "standing" as const } : x))
    return advance({ ...s, shoe, hands: stood }, s.bet)
  }
  return step({ ...s, shoe, hands }, { charge: s.bet })
}

/** Hole card, then the dealer draws to 17 (hitting soft 17 under H17) unless every hand busted. */
const reveal = (s: BlackjackState, io: OutcomeSource): GameStep<BlackjackState> => {
  const shoe = [...s.shoe]
  const dealer = [...s.dealer, io.card(shoe)]
  if (s.hands.some((h) => h.status !== "busted")) {
    for (;;) {
      const t = handTotal(dealer)
      if (t.total < 17 || (t.total === 17 && t.soft && s.rules.h17)) dealer.push(io.card(shoe))
      else break
    }
  }
  return complete({ ...s, shoe, dealer }, true, 0n)
}

const playerTurn = (s: BlackjackState, m: BlackjackMove, io: OutcomeSource): Result => {
  const h = activeHand(s)
  if (h === undefined || h.status !== "playing") return invalidMove("no hand is in play")
  switch (m._tag) {
    case "Hit":
      return hit(s, h, io)
    case "Stand":
      return advance({ ...s, hands: replaceHand(s.hands, s.active, { ...h, status: "standing" }) }, 0n)
    case "Double":
      if (!canDouble(s, h)) return invalidMove("this hand cannot double")
      return double(s, h, io)
    case "Split":
      if (!canSplit(s, h)) return invalidMove("this hand cannot split")
      return split(s, h, io)
    case "Surrender":
      if (!canSurrender(s, h)) return invalidMove("this hand cannot surrender")
      return advance({ ...s, hands: replaceHand(s.hands, s.active, { ...h, status: "surrendered" }) }, 0n)
    default:
      return invalidMove(`${m._tag} is not a player-turn move`)
  }
}

const betting = (s: BlackjackState, m: BlackjackMove, io: OutcomeSource): Result => {
  switch (m._tag) {
    case "SetSideBet": {
      const d = sideBetDelta(s, m.amount)
      return step({ ...s, side_bet: m.amount }, d)
    }
    case "SetRules": {
      const why = refusedCombination(m.rules)
      if (why !== undefined) return invalidMove(why)
      return step({ ...s, rules: m.rules, shoe: newShoe(m.rules.decks) })
    }
    case "Deal":
      return deal(s, io, 0n)
    case "AtomicDeal":
      // a refund travels only in a draw-free step (the executor treats credits of a dealing step as returns)
      if (m.side_bet < s.side_bet) return invalidMove("lower the side bet with set_side_bet before dealing")
      return deal({ ...s, side_bet: m.side_bet }, io, m.side_bet - s.side_bet)
    default:
      return invalidMove(`${m._tag} is not a betting-stage move`)
  }
}

export const initialBlackjackState = (bet: bigint): BlackjackState => ({
  stage: "betting",
  bet,
  side_bet: 0n,
  rules: DEFAULT_RULES,
  shoe: newShoe(DEFAULT_RULES.decks),
  initial_cards: [],
  hands: [],
  active: 0,
  dealer: []
})

export const blackjack: GameRules<BlackjackState, typeof BlackjackState.Encoded, BlackjackMove, typeof BlackjackMove.Encoded> = {
  name: "blackjack",
  stateSchema: BlackjackState,
  moveSchema: BlackjackMove,
  betByMove: false,
  init: (bet) => step(initialBlackjackState(bet)),
  decodeMove: decodeBlackjackMove,
  encodeMove: encodeBlackjackMove,
  move: (s, m, io) => {
    switch (s.stage) {
      case "betting":
        return betting(s, m, io)
      case "player_turn":
        return playerTurn(s, m, io)
      case "awaiting_reveal":
        return m._tag === "Reveal" ? reveal(s, io) : invalidMove(`${m._tag} is not allowed while awaiting the reveal`)
      case "complete":
        return invalidMove("the game is over")
    }
  }
}

/**
 * A near-optimal player strategy for the engine's Ultimate Texas Hold'em (pure functions; used by
 * the fairness harness and by simulation agents). Its three decisions:
 *
 *  - pre-flop, bet 4x with: any pair of threes or better; any ace; any suited king; K5+ offsuit;
 *    Q6+ suited; Q8+ offsuit; J8+ suited; JT offsuit. Otherwise check. (A 52 × 52 table built
 *    once; ultimate-holdem-exact.ts checks every one of the 169 starting classes against the
 *    exact value of checking under the later-street rules below.)
 *  - flop, bet 2x with: a hole card paired with the flop; a pocket pair other than deuces, or
 *    deuces with a paired flop (two pair); a made straight or flush; four to a flush that holds
 *    a hidden Ten or better of that suit. Otherwise check.
 *  - river, bet 1x with a hidden pair or better (the seven-card hand is a better category than
 *    the board's own five, and at least a pair), or when fewer than OUTS_FOLD_AT of the 45
 *    unseen cards are dealer outs — a card that, with the board, already beats the player's
 *    seven-card hand whatever the dealer's other card is — or fewer than OUTS_FOLD_AT_BOARD
 *    when the player's hand is the board's own five (it can only tie or lose). Otherwise fold.
 *    (Both thresholds are where the exact value of betting minus folding, tabulated by outs
 *    over every river decision with ultimate-holdem-exact.ts, changes sign.)
 *
 * The river rule reads hands through the engine's evaluator (engine/games/poker-hands.ts).
 */
import { aceHighRank, suitOf, type Card } from "../../../engine/games/cards.ts"
import { handValue } from "../../../engine/games/poker-hands.ts"
import type { UthMove, UthState } from "../../../engine/games/ultimate-holdem/ultimate-holdem.ts"

/** the river folds at this many dealer outs or more */
export const OUTS_FOLD_AT = 21
/** … or at this many when the player's best five is the board itself */
export const OUTS_FOLD_AT_BOARD = 18

/** score / CATEGORY_UNIT (floored) is the category strength of an engine HandValue score */
export const CATEGORY_UNIT = 15 ** 5
export const PAIR_STRENGTH = 1
export const categoryOfScore = (score: number): number => Math.floor(score / CATEGORY_UNIT)

const RANK_HI: ReadonlyArray<number> = Array.from({ length: 52 }, (_, c) => aceHighRank(c))
const SUIT: ReadonlyArray<number> = Array.from({ length: 52 }, (_, c) => suitOf(c))

const rankHi = (c: Card): number => {
  const r = RANK_HI[c]
  if (r === undefined) throw new RangeError(`not a card: ${c}`)
  return r
}
const suit = (c: Card): number => {
  const s = SUIT[c]
  if (s === undefined) throw new RangeError(`not a card: ${c}`)
  return s
}

/** The pre-flop chart on two ace-high ranks and suitedness. */
export const preflopChart = (hi: number, lo: number, suited: boolean): boolean => {
  if (hi < lo) return preflopChart(lo, hi, suited)
  if (hi === lo) return hi >= 3
  if (hi === 14) return true
  if (hi === 13) return suited || lo >= 5
  if (hi === 12) return suited ? lo >= 6 : lo >= 8
  if (hi === 11) return suited ? lo >= 8 : lo >= 10
  return false
}

const PREFLOP_TABLE: Uint8Array = (() => {
  const t = new Uint8Array(52 * 52)
  for (let a = 0; a < 52; a++)
    for (let b = 0; b < 52; b++) if (a !== b) t[a * 52 + b] = preflopChart(rankHi(a), rankHi(b), suit(a) === suit(b)) ? 1 : 0
  return t
})()

/** pre-flop: bet 4x (true) or check */
export const raisesPreflopCards = (a: Card, b: Card): boolean => {
  if (a === b || a < 0 || b < 0 || a > 51 || b > 51) throw new RangeError(`not two distinct cards: ${a}, ${b}`)
  return PREFLOP_TABLE[a * 52 + b] === 1
}

export const raisesPreflop = (hole: ReadonlyArray<Card>): boolean => {
  const [a, b] = hole
  if (a === undefined || b === undefined || hole.length !== 2) throw new RangeError("two hole cards expected")
  return raisesPreflopCards(a, b)
}

/** a run of five ranks (ace also low) in the five ace-high ranks' bit mask */
const isFiveRun = (mask: number): boolean => {
  const m = mask & (1 << 14) ? mask | 2 : mask
  for (let top = 14; top >= 5; top--) {
    const run = 0b11111 << (top - 4)
    if ((m & run) === run) return true
  }
  return false
}

/** flop: bet 2x (true) or check; hole a, b and flop cards f0..f2 */
export const raisesFlop5 = (a: Card, b: Card, f0: Card, f1: Card, f2: Card): boolean => {
  const ra = rankHi(a)
  const rb = rankHi(b)
  const r0 = rankHi(f0)
  const r1 = rankHi(f1)
  const r2 = rankHi(f2)
  if (ra === r0 || ra === r1 || ra === r2 || rb === r0 || rb === r1 || rb === r2) return true
  const flopPaired = r0 === r1 || r0 === r2 || r1 === r2
  if (ra === rb) return ra >= 3 || flopPaired
  const sa = suit(a)
  const sb = suit(b)
  const s0 = suit(f0)
  const s1 = suit(f1)
  const s2 = suit(f2)
  // five distinct ranks here (no hole card pairs anything; a paired flop has no straight)
  if (!flopPaired && isFiveRun((1 << ra) | (1 << rb) | (1 << r0) | (1 << r1) | (1 << r2))) return true
  for (let s = 0; s < 4; s++) {
    const flopN = (s0 === s ? 1 : 0) + (s1 === s ? 1 : 0) + (s2 === s ? 1 : 0)
    const n = flopN + (sa === s ? 1 : 0) + (sb === s ? 1 : 0)
    if (n === 5) return true
    if (n === 4 && ((sa === s && ra >= 10) || (sb === s && rb >= 10))) return true
  }
  return false
}

export const raisesFlop = (hole: ReadonlyArray<Card>, flop: ReadonlyArray<Card>): boolean => {
  const [a, b] = hole
  const [f0, f1, f2] = flop
  if (a === undefined || b === undefined || f0 === undefined || f1 === undefined || f2 === undefined || hole.length !== 2 || flop.length !== 3)
    throw new RangeError("two hole cards and three flop cards expected")
  return raisesFlop5(a, b, f0, f1, f2)
}

/** The river rule on its features (shared with the exact enumeration). */
export const betsRiverOn = (hiddenPairOrBetter: boolean, outs: number, playsTheBoard: boolean): boolean =>
  hiddenPairOrBetter || outs < (playsTheBoard ? OUTS_FOLD_AT_BOARD : OUTS_FOLD_AT)

/** the seven-card hand is a better category than the board's own five, and at least a pair */
export const hiddenPairOrBetter = (playerScore: number, boardScore: number): boolean => {
  const p = categoryOfScore(playerScore)
  return p >= PAIR_STRENGTH && p > categoryOfScore(boardScore)
}

export interface RiverFeatures {
  readonly player_score: number
  readonly board_score: number
  /** unseen cards x (not hole, not board) with value(board + x) > the player's seven-card value */
  readonly outs: number
}

export const riverFeatures = (hole: ReadonlyArray<Card>, board: ReadonlyArray<Card>): RiverFeatures => {
  if (hole.length !== 2 || board.length !== 5) throw new RangeError("two hole cards and five board cards expected")
  const seen = new Uint8Array(52)
  for (const c of [...hole, ...board]) {
    if (c < 0 || c > 51 || seen[c] === 1) throw new RangeError(`bad or repeated card ${c}`)
    seen[c] = 1
  }
  const player_score = handValue([...hole, ...board]).score
  const six = [...board, 0]
  let outs = 0
  for (let x = 0; x < 52; x++) {
    if (seen[x] === 1) continue
    six[5] = x
    if (handValue(six).score > player_score) outs++
  }
  return { player_score, board_score: handValue(board).score, outs }
}

/** river: bet 1x (true) or fold */
export const betsRiver = (hole: ReadonlyArray<Card>, board: ReadonlyArray<Card>): boolean => {
  const player_score = handValue([...hole, ...board]).score
  const board_score = handValue(board).score
  if (hiddenPairOrBetter(player_score, board_score)) return true
  return betsRiverOn(false, riverFeatures(hole, board).outs, player_score === board_score)
}

/** The strategy's move in any player-decision stage of an engine state (undefined elsewhere). */
export const uthStrategyMove = (s: UthState): UthMove | undefined => {
  switch (s.stage) {
    case "preflop":
      return raisesPreflop(s.hole) ? { _tag: "Bet", multiplier: 4 } : { _tag: "Check" }
    case "flop":
      return raisesFlop(s.hole, s.board) ? { _tag: "Bet", multiplier: 2 } : { _tag: "Check" }
    case "river":
      return betsRiver(s.hole, s.board) ? { _tag: "Bet", multiplier: 1 } : { _tag: "Fold" }
    case "awaiting_reveal":
      return { _tag: "Reveal" }
    default:
      return undefined
  }
}

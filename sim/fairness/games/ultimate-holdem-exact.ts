/**
 * Exact value of an Ultimate Texas Hold'em strategy (ante + blind + play, dealer needs a pair),
 * by enumerating every deal with suit symmetry:
 *
 *   1. every five-card board up to a permutation of the four suits (134 459 classes, each with
 *      its orbit size as weight; Σ weights = C(52,5) = 2 598 960);
 *   2. for one board, the engine's seven-card value (engine/games/poker-hands.ts `handValue`) of
 *      all C(47,2) = 1081 two-card holdings, sorted; a player holding's wins / ties / losses
 *      against the 990 dealer holdings disjoint from it, split by "the dealer qualifies", are
 *      counted by inclusion–exclusion over the sorted lists (all holdings, minus those that
 *      share a card with the player's);
 *   3. with those counts the net of a play bet of P antes is α·P + β (in antes):
 *        win, dealer qualifies  +P +1 +bonus     win, no pair   +P +0 +bonus
 *        tie                      0               loss, no pair  −P −0 −1
 *        loss, qualifies        −P −1 −1          fold           −2
 *      (ante, blind, play; bonus = the blind bonus of the player's category);
 *   4. the strategy's decisions: pre-flop on the holding, flop on each of the C(5,3) = 10 equally
 *      likely ways the board's first three cards were the flop, river on the full board (its
 *      features: hidden pair or better, the board plays, and dealer outs counted from the 47
 *      six-card values board + x).
 * Every (holding, board, dealer holding) is equally likely, as the engine deals them. The totals
 * give the return per chip staked (what the fairness harness measures) and the net per ante.
 * Also accumulated in the same pass: the strategy with the river played exactly (bet iff
 * α + β > −2), the strategy with the river rule "hidden pair or better only", and, for each of
 * the 169 starting classes, the value of 4x and of checking (to check the pre-flop chart).
 */
import { Worker } from "node:worker_threads"
import { aceHighRank, suitOf, type Card } from "../../../engine/games/cards.ts"
import { HAND_CATEGORIES, handValue } from "../../../engine/games/poker-hands.ts"
import { BLIND_BONUS } from "../../../engine/games/ultimate-holdem/paytables.ts"
import { betsRiverOn, categoryOfScore, CATEGORY_UNIT, hiddenPairOrBetter, raisesFlop5, raisesPreflopCards } from "./ultimate-holdem-strategy.ts"

/** the blind bonus, in blinds, for each category strength (index 0 = high card … 9 = royal) */
export const ENGINE_BLIND_BONUS: ReadonlyArray<number> = HAND_CATEGORIES.map((c) => {
  const r = BLIND_BONUS[c]
  return r === undefined ? 0 : Number(r[0]) / Number(r[1])
})

const QUALIFY_SCORE = CATEGORY_UNIT // a pair or better
const DEALER_HOLDINGS = 990
const HOLDINGS = 1081
const FLOPS_OF_BOARD: ReadonlyArray<readonly [number, number, number]> = [
  [0, 1, 2], [0, 1, 3], [0, 1, 4], [0, 2, 3], [0, 2, 4], [0, 3, 4], [1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4]
]
const SUIT_PERMUTATIONS: ReadonlyArray<ReadonlyArray<number>> = (() => {
  const out: number[][] = []
  for (let a = 0; a < 4; a++)
    for (let b = 0; b < 4; b++)
      for (let c = 0; c < 4; c++)
        for (let d = 0; d < 4; d++) if (new Set([a, b, c, d]).size === 4) out.push([a, b, c, d])
  return out
})()

const get = (a: ArrayLike<number>, i: number): number => {
  const v = a[i]
  if (v === undefined) throw new RangeError(`index ${i} outside 0..${a.length - 1}`)
  return v
}

const boardKey = (cards: ReadonlyArray<number>): number => {
  const s = [...cards].sort((x, y) => x - y)
  let k = 0
  for (const c of s) k = k * 52 + c
  return k
}

export interface WeightedBoard {
  readonly cards: readonly [Card, Card, Card, Card, Card]
  readonly weight: number
}

/** Every five-card board up to suit permutation, with its orbit size (deterministic order). */
export const canonicalBoards = (): ReadonlyArray<WeightedBoard> => {
  const out: WeightedBoard[] = []
  const img = [0, 0, 0, 0, 0]
  for (let a = 0; a < 52; a++)
    for (let b = a + 1; b < 52; b++)
      for (let c = b + 1; c < 52; c++)
        for (let d = c + 1; d < 52; d++)
          for (let e = d + 1; e < 52; e++) {
            const cards = [a, b, c, d, e] as const
            const own = boardKey(cards)
            let canonical = true
            const images = new Set<number>()
            for (const p of SUIT_PERMUTATIONS) {
              for (let i = 0; i < 5; i++) {
                const x = get(cards, i)
                img[i] = get(p, suitOf(x)) * 13 + (x % 13)
              }
              const k = boardKey(img)
              if (k < own) {
                canonical = false
                break
              }
              images.add(k)
            }
            if (canonical) out.push({ cards, weight: images.size })
          }
  return out
}

export interface StrategyValue {
  /** Σ net, in antes, over the weighted (holding, board) pairs */
  readonly net: number
  /** Σ staked, in antes */
  readonly staked: number
}

export interface UthExactTotals {
  /** Σ weight of (holding, board) pairs = C(52,5) × 1081 when complete */
  readonly deals: number
  readonly strategy: StrategyValue
  readonly exact_river: StrategyValue
  readonly hidden_only_river: StrategyValue
  /** how often the strategy bets 4x, 2x, 1x or folds (weights) */
  readonly decisions: { readonly bet4: number; readonly bet2: number; readonly bet1: number; readonly fold: number }
  /** by starting class key (see classKey): [weight, Σ net of 4x, Σ net of checking] */
  readonly classes: Record<string, [number, number, number]>
}

/** "AKs", "T9o", "77" */
export const classKey = (a: Card, b: Card): string => {
  const names = "__23456789TJQKA"
  const ra = aceHighRank(a)
  const rb = aceHighRank(b)
  const hi = Math.max(ra, rb)
  const lo = Math.min(ra, rb)
  const n = `${names[hi]}${names[lo]}`
  return hi === lo ? n : `${n}${suitOf(a) === suitOf(b) ? "s" : "o"}`
}

export const emptyTotals = (): UthExactTotals => ({
  deals: 0,
  strategy: { net: 0, staked: 0 },
  exact_river: { net: 0, staked: 0 },
  hidden_only_river: { net: 0, staked: 0 },
  decisions: { bet4: 0, bet2: 0, bet1: 0, fold: 0 },
  classes: {}
})

/** count of entries < x in an ascending array */
const below = (sorted: Float64Array, x: number): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (get(sorted, mid) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

export interface HoldingOutcome {
  readonly a: Card
  readonly b: Card
  readonly score: number
  /** net in antes of a play bet of P antes: alpha × P + beta */
  readonly alpha: number
  readonly beta: number
  /** dealer holdings: win (dealer qualifies / not), tie, loss (qualifies / not); sum 990 */
  readonly counts: readonly [number, number, number, number, number]
  readonly outs: number
}

/** Every player holding on one board: its showdown counts, α, β and dealer outs. */
export const boardOutcomes = (
  board: ReadonlyArray<Card>,
  blindBonus: ReadonlyArray<number> = ENGINE_BLIND_BONUS,
  dealerNeedsPair = true
): ReadonlyArray<HoldingOutcome> => {
  if (board.length !== 5 || new Set(board).size !== 5) throw new RangeError("five distinct board cards expected")
  const inBoard = new Uint8Array(52)
  for (const c of board) inBoard[c] = 1
  const rem: Card[] = []
  for (let c = 0; c < 52; c++) if (inBoard[c] === 0) rem.push(c)
  const seven = [...board, 0, 0]
  const six = [...board, 0]
  const v6 = new Float64Array(52)
  for (const x of rem) {
    six[5] = x
    v6[x] = handValue(six).score
  }
  const v6Sorted = Float64Array.from(rem.map((x) => get(v6, x))).sort()
  const scores = new Float64Array(HOLDINGS)
  const hA = new Int32Array(HOLDINGS)
  const hB = new Int32Array(HOLDINGS)
  const byCard: number[][] = Array.from({ length: 52 }, () => [])
  let k = 0
  for (let i = 0; i < rem.length; i++)
    for (let j = i + 1; j < rem.length; j++) {
      const a = get(rem, i)
      const b = get(rem, j)
      seven[5] = a
      seven[6] = b
      const s = handValue(seven).score
      scores[k] = s
      hA[k] = a
      hB[k] = b
      byCard[a]?.push(s)
      byCard[b]?.push(s)
      k++
    }
  if (k !== HOLDINGS) throw new Error(`expected ${HOLDINGS} holdings, got ${k}`)
  const all = Float64Array.from(scores).sort()
  const lists = byCard.map((l) => Float64Array.from(l).sort())
  const out: HoldingOutcome[] = []
  for (let h = 0; h < HOLDINGS; h++) {
    const a = get(hA, h)
    const b = get(hB, h)
    const s = get(scores, h)
    const la = lists[a]
    const lb = lists[b]
    if (la === undefined || lb === undefined) throw new Error("missing card list")
    // dealer holdings disjoint from {a, b} with a value below x
    const G = (x: number): number => below(all, x) - below(la, x) - below(lb, x) + (s < x ? 1 : 0)
    const q = dealerNeedsPair ? QUALIFY_SCORE : 0
    const winNQ = G(Math.min(s, q))
    const winQ = s > q ? G(s) - G(q) : 0
    const tie = G(s + 1) - G(s)
    const loseNQ = s + 1 < q ? G(q) - G(s + 1) : 0
    const loseQ = DEALER_HOLDINGS - G(Math.max(s + 1, q))
    const W = winQ + winNQ
    const L = loseQ + loseNQ
    const bonus = get(blindBonus, categoryOfScore(s))
    const outs = rem.length - below(v6Sorted, s + 1) - (get(v6, a) > s ? 1 : 0) - (get(v6, b) > s ? 1 : 0)
    out.push({
      a,
      b,
      score: s,
      alpha: (W - L) / DEALER_HOLDINGS,
      beta: (winQ - loseQ + bonus * W - L) / DEALER_HOLDINGS,
      counts: [winQ, winNQ, tie, loseQ, loseNQ],
      outs
    })
  }
  return out
}

interface Acc {
  deals: number
  sNet: number
  sSt: number
  eNet: number
  eSt: number
  oNet: number
  oSt: number
  bet4: number
  bet2: number
  bet1: number
  fold: number
  classes: Map<string, [number, number, number]>
}

const addBoard = (acc: Acc, wb: WeightedBoard, blindBonus: ReadonlyArray<number>, dealerNeedsPair: boolean): void => {
  const B = wb.cards
  const w = wb.weight
  const boardScore = handValue(B).score
  const flops = FLOPS_OF_BOARD.map(([i, j, l]) => [get(B, i), get(B, j), get(B, l)] as const)
  let sNet = 0
  let sSt = 0
  let eNet = 0
  let eSt = 0
  let oNet = 0
  let oSt = 0
  let bet4 = 0
  let bet2 = 0
  let bet1 = 0
  let fold = 0
  for (const h of boardOutcomes(B, blindBonus, dealerNeedsPair)) {
    const ev4 = 4 * h.alpha + h.beta
    const ev2 = 2 * h.alpha + h.beta
    const ev1 = h.alpha + h.beta
    const hidden = hiddenPairOrBetter(h.score, boardScore)
    const riverBets = betsRiverOn(hidden, h.outs, h.score === boardScore)
    const exactBets = ev1 > -2
    let cNet = 0
    let cSt = 0
    let xNet = 0
    let xSt = 0
    let oN = 0
    let oS = 0
    let n2 = 0
    for (const [f0, f1, f2] of flops) {
      if (raisesFlop5(h.a, h.b, f0, f1, f2)) {
        n2++
        cNet += ev2
        cSt += 4
        xNet += ev2
        xSt += 4
        oN += ev2
        oS += 4
      } else {
        cNet += riverBets ? ev1 : -2
        cSt += riverBets ? 3 : 2
        xNet += exactBets ? ev1 : -2
        xSt += exactBets ? 3 : 2
        oN += hidden ? ev1 : -2
        oS += hidden ? 3 : 2
      }
    }
    const checkNet = cNet / 10
    const key = classKey(h.a, h.b)
    const cls = acc.classes.get(key) ?? [0, 0, 0]
    cls[0] += w
    cls[1] += w * ev4
    cls[2] += w * checkNet
    acc.classes.set(key, cls)
    if (raisesPreflopCards(h.a, h.b)) {
      bet4 += 1
      sNet += ev4
      sSt += 6
      eNet += ev4
      eSt += 6
      oNet += ev4
      oSt += 6
    } else {
      bet2 += n2 / 10
      const nRiver = (10 - n2) / 10
      if (riverBets) bet1 += nRiver
      else fold += nRiver
      sNet += checkNet
      sSt += cSt / 10
      eNet += xNet / 10
      eSt += xSt / 10
      oNet += oN / 10
      oSt += oS / 10
    }
  }
  acc.deals += w * HOLDINGS
  acc.sNet += w * sNet
  acc.sSt += w * sSt
  acc.eNet += w * eNet
  acc.eSt += w * eSt
  acc.oNet += w * oNet
  acc.oSt += w * oSt
  acc.bet4 += w * bet4
  acc.bet2 += w * bet2
  acc.bet1 += w * bet1
  acc.fold += w * fold
}

/**
 * The totals over the given weighted boards (all canonical boards give the exact value);
 * `dealerNeedsPair = false` values the refused "dealer always qualifies" rule (N20).
 */
export const enumerateBoards = (
  boards: ReadonlyArray<WeightedBoard>,
  blindBonus: ReadonlyArray<number> = ENGINE_BLIND_BONUS,
  dealerNeedsPair = true
): UthExactTotals => {
  const acc: Acc = { deals: 0, sNet: 0, sSt: 0, eNet: 0, eSt: 0, oNet: 0, oSt: 0, bet4: 0, bet2: 0, bet1: 0, fold: 0, classes: new Map() }
  for (const b of boards) addBoard(acc, b, blindBonus, dealerNeedsPair)
  return {
    deals: acc.deals,
    strategy: { net: acc.sNet, staked: acc.sSt },
    exact_river: { net: acc.eNet, staked: acc.eSt },
    hidden_only_river: { net: acc.oNet, staked: acc.oSt },
    decisions: { bet4: acc.bet4, bet2: acc.bet2, bet1: acc.bet1, fold: acc.fold },
    classes: Object.fromEntries(acc.classes)
  }
}

const addValue = (x: StrategyValue, y: StrategyValue): StrategyValue => ({ net: x.net + y.net, staked: x.staked + y.staked })

export const mergeTotals = (ts: ReadonlyArray<UthExactTotals>): UthExactTotals =>
  ts.reduce<UthExactTotals>((a, t) => {
    const classes: Record<string, [number, number, number]> = { ...a.classes }
    for (const [k, v] of Object.entries(t.classes)) {
      const c = classes[k] ?? [0, 0, 0]
      classes[k] = [c[0] + v[0], c[1] + v[1], c[2] + v[2]]
    }
    return {
      deals: a.deals + t.deals,
      strategy: addValue(a.strategy, t.strategy),
      exact_river: addValue(a.exact_river, t.exact_river),
      hidden_only_river: addValue(a.hidden_only_river, t.hidden_only_river),
      decisions: {
        bet4: a.decisions.bet4 + t.decisions.bet4,
        bet2: a.decisions.bet2 + t.decisions.bet2,
        bet1: a.decisions.bet1 + t.decisions.bet1,
        fold: a.decisions.fold + t.decisions.fold
      },
      classes
    }
  }, emptyTotals())

/** return per chip staked, and net per ante (per hand) */
export const rtpOfValue = (v: StrategyValue): number => 1 + v.net / v.staked
export const netPerAnte = (v: StrategyValue, deals: number): number => v.net / deals

/** The full enumeration on `workers` threads (each takes every parts-th canonical board). */
export const enumerateAllParallel = async (workers: number): Promise<UthExactTotals> => {
  const parts = Math.max(1, workers)
  const url = new URL("./ultimate-holdem-exact-worker.ts", import.meta.url).href
  const results = await Promise.all(
    Array.from(
      { length: parts },
      (_, part) =>
        new Promise<UthExactTotals>((resolve, reject) => {
          const w = new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}))`, {
            eval: true,
            workerData: { part, parts }
          })
          w.on("message", (m: UthExactTotals) => {
            resolve(m)
            void w.terminate()
          })
          w.on("error", reject)
        })
    )
  )
  return mergeTotals(results)
}

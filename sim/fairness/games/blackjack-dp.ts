/**
 * Blackjack by dynamic programming: the optimal total-dependent ("basic") strategy for a table's
 * rules and its value, per initial bet and per chip staked (doubles and splits included).
 *
 * Model. Cards are drawn with replacement from fixed rank probabilities p[1..10] (1 = ace,
 * 10 = any ten-valued card; the infinite deck is p = 1/13 … 4/13). The dealer's final total
 * (17..21 or bust) is computed by recursion on (hard total, holds an ace), standing on 17 or
 * hitting a soft 17 under H17, conditioned on "no dealer blackjack" given the up card. The
 * player's hands: stand, hit (multi-card states by recursion; 21 stands, as the engine does),
 * double (any first two cards; after a split only with DAS), late surrender (first two cards,
 * not after a split), split (same rank; up to `max_hands` hands; aces resplit only with
 * `resplit_aces`, and split aces take one card each unless `hit_split_aces` — as in the engine,
 * split aces that may not be hit stand at once, so they are never resplit).
 *
 * Dealer blackjack. With `peek` (US) a dealer blackjack takes only the original bet (a player
 * natural pushes). Without it (the engine: the hole card is drawn at the reveal) it takes every
 * chip on the table — doubles and splits too — and a surrendered hand loses its whole bet. So a
 * hand's score is q·ev − (1 − q)·stake (q = P(no dealer blackjack)), and the strategy maximises
 * it; the expected stake of the round is the sum of its hands' stakes.
 *
 * Splits. Every split hand gets its second card at once (as the engine deals). Whether a hand
 * is resplit depends only on (hands on the table, unresolved split hands), a small Markov chain,
 * so a split is worth E[#hands that are not a pair]·(their mean value) + E[#pairs that could not
 * be resplit]·(value of that pair played without splitting), with the same split decision for
 * resplits.
 *
 * Finite shoe. `finiteShoeValue` takes the first three cards (player, player, up) exactly from
 * the shoe, and the rest of the hand with replacement from the shoe minus those three cards,
 * playing a fixed policy (the infinite-deck one the harness plays). This captures the removal
 * of the first cards, the main finite-shoe effect; deeper removal is left out (its size is
 * measured by the engine Monte Carlo in sim/test/blackjack-fairness.test.ts).
 */
import type { BlackjackRules } from "../../../engine/games/blackjack/rules.ts"
import { MAX_HANDS } from "../../../engine/games/blackjack/blackjack.ts"

export interface DpRules {
  readonly h17: boolean
  /** what a player natural wins per chip (1.5 for 3:2, 1.2 for 6:5) */
  readonly blackjack_pays: number
  readonly surrender: boolean
  readonly double_after_split: boolean
  readonly resplit_aces: boolean
  readonly hit_split_aces: boolean
  readonly max_hands: number
  /** the dealer checks for blackjack before the player acts (US); false = no hole card (engine) */
  readonly peek: boolean
}

export const dpRulesOf = (r: BlackjackRules): DpRules => ({
  h17: r.h17,
  blackjack_pays: r.blackjack_pays_6_5 ? 1.2 : 1.5,
  surrender: r.surrender,
  double_after_split: r.double_after_split,
  resplit_aces: r.resplit_aces,
  hit_split_aces: r.hit_split_aces,
  max_hands: MAX_HANDS,
  peek: false
})

export type Decision = "S" | "H" | "D" | "R"

/**
 * A total-dependent strategy: `split[up][pair]`, `twoCard[was_split][soft][total][up]` for a
 * hand of exactly two cards, `multi[soft][total][up]` after three or more. up and pair are
 * 1..10 (1 = ace), totals 0..21.
 */
export interface Policy {
  readonly split: ReadonlyArray<ReadonlyArray<boolean>>
  readonly twoCard: ReadonlyArray<ReadonlyArray<ReadonlyArray<ReadonlyArray<Decision>>>>
  readonly multi: ReadonlyArray<ReadonlyArray<ReadonlyArray<"S" | "H">>>
}

export interface DpValue {
  /** expected net per initial bet */
  readonly ev: number
  /** expected chips staked per round, per initial bet (≥ 1) */
  readonly staked: number
  /** return per chip staked: 1 + ev / staked */
  readonly rtp: number
}

type Probs = Float64Array // index 1..10

const at = <T>(a: ReadonlyArray<T>, i: number): T => {
  const v = a[i]
  if (v === undefined) throw new RangeError(`index ${i} outside 0..${a.length - 1}`)
  return v
}
const num = (a: Float64Array, i: number): number => {
  const v = a[i]
  if (v === undefined) throw new RangeError(`index ${i} outside 0..${a.length - 1}`)
  return v
}

export const INFINITE_DECK: Probs = Float64Array.from({ length: 11 }, (_, i) => (i === 0 ? 0 : i === 10 ? 4 / 13 : 1 / 13))

/** ranks of one card value in a shoe: 4 per deck, 16 for the ten-valued */
export const shoeCounts = (decks: number): Float64Array => Float64Array.from({ length: 11 }, (_, i) => (i === 0 ? 0 : i === 10 ? 16 * decks : 4 * decks))

const handValueOf = (hard: number, ace: boolean): { total: number; soft: boolean } =>
  ace && hard + 10 <= 21 ? { total: hard + 10, soft: true } : { total: hard, soft: false }

// dealer outcome slots: 0..4 = 17..21, 5 = bust
const BUST = 5

/** The dealer's final-total distribution given the up card, conditioned on no blackjack; and P(blackjack). */
export const dealerOutcomes = (p: Probs, up: number, h17: boolean): { dist: Float64Array; pbj: number } => {
  const memo = new Map<number, Float64Array>()
  const from = (hard: number, ace: boolean, depth: number): Float64Array => {
    if (depth > 30) throw new Error("dealer recursion limit")
    const key = hard * 2 + (ace ? 1 : 0)
    const m = memo.get(key)
    if (m !== undefined) return m
    const d = new Float64Array(6)
    const v = handValueOf(hard, ace)
    if (v.total > 21) d[BUST] = 1
    else if (v.total >= 17 && !(v.total === 17 && v.soft && h17)) d[v.total - 17] = 1
    else
      for (let c = 1; c <= 10; c++) {
        const pc = num(p, c)
        if (pc === 0) continue
        const sub = from(hard + c, ace || c === 1, depth + 1)
        for (let i = 0; i < 6; i++) d[i] = num(d, i) + pc * num(sub, i)
      }
    memo.set(key, d)
    return d
  }
  const pbj = up === 1 ? num(p, 10) : up === 10 ? num(p, 1) : 0
  const dist = new Float64Array(6)
  for (let c = 1; c <= 10; c++) {
    if ((up === 1 && c === 10) || (up === 10 && c === 1)) continue
    const pc = num(p, c)
    if (pc === 0) continue
    const sub = from(up + c, up === 1 || c === 1, 1)
    for (let i = 0; i < 6; i++) dist[i] = num(dist, i) + (pc * num(sub, i)) / (1 - pbj)
  }
  return { dist, pbj }
}

interface EvStake {
  readonly ev: number
  readonly stake: number
}

interface Choice extends EvStake {
  readonly decision: Decision
}

/** Everything about one up card under one card distribution; decisions from `policy` or optimal. */
class UpCardModel {
  readonly q: number
  readonly standEv: Float64Array
  private readonly multiMemo = new Map<number, number>()
  private readonly twoMemo = new Map<number, Choice>()
  readonly multiDecisions = new Map<number, "S" | "H">()

  constructor(
    readonly p: Probs,
    readonly up: number,
    readonly rules: DpRules,
    readonly policy: Policy | undefined
  ) {
    const { dist, pbj } = dealerOutcomes(p, up, rules.h17)
    this.q = 1 - pbj
    const bust = num(dist, BUST)
    this.standEv = new Float64Array(22)
    for (let t = 0; t <= 21; t++) {
      let e = bust
      for (let d = 17; d <= 21; d++) e += t > d ? num(dist, d - 17) : t < d ? -num(dist, d - 17) : 0
      this.standEv[t] = t < 17 ? bust - (1 - bust) : e
    }
  }

  /** a hand's score: what it adds to the round's value */
  score(e: EvStake): number {
    return this.q * e.ev - (this.rules.peek ? 0 : (1 - this.q) * e.stake)
  }

  /** ev (stake 1) of a hand of three or more cards, played on */
  multi(hard: number, ace: boolean): number {
    const v = handValueOf(hard, ace)
    if (v.total > 21) return -1
    const stand = num(this.standEv, v.total)
    if (v.total === 21) return stand
    const key = hard * 2 + (ace ? 1 : 0)
    const m = this.multiMemo.get(key)
    if (m !== undefined) return m
    const hit = this.hitEv(hard, ace)
    let out: number
    if (this.policy === undefined) {
      out = Math.max(stand, hit)
      this.multiDecisions.set((v.soft ? 32 : 0) + v.total, hit > stand ? "H" : "S")
    } else out = at(at(at(this.policy.multi, v.soft ? 1 : 0), v.total), this.up) === "H" ? hit : stand
    this.multiMemo.set(key, out)
    return out
  }

  hitEv(hard: number, ace: boolean): number {
    let e = 0
    for (let c = 1; c <= 10; c++) {
      const pc = num(this.p, c)
      if (pc > 0) e += pc * this.multi(hard + c, ace || c === 1)
    }
    return e
  }

  doubleEv(hard: number, ace: boolean): number {
    let e = 0
    for (let c = 1; c <= 10; c++) {
      const pc = num(this.p, c)
      if (pc === 0) continue
      const v = handValueOf(hard + c, ace || c === 1)
      e += pc * (v.total > 21 ? -1 : num(this.standEv, v.total))
    }
    return 2 * e
  }

  /** a two-card hand (not a split decision): stand, hit, double, surrender as allowed */
  twoCard(hard: number, ace: boolean, wasSplit: boolean): Choice {
    const key = (hard * 2 + (ace ? 1 : 0)) * 2 + (wasSplit ? 1 : 0)
    const m = this.twoMemo.get(key)
    if (m !== undefined) return m
    const v = handValueOf(hard, ace)
    const options: Choice[] = [{ decision: "S", ev: num(this.standEv, v.total), stake: 1 }]
    if (v.total < 21) {
      options.push({ decision: "H", ev: this.hitEv(hard, ace), stake: 1 })
      if (!wasSplit || this.rules.double_after_split) options.push({ decision: "D", ev: this.doubleEv(hard, ace), stake: 2 })
      if (!wasSplit && this.rules.surrender) options.push({ decision: "R", ev: -0.5, stake: 1 })
    }
    let best = at(options, 0)
    if (this.policy === undefined) {
      for (const o of options) if (this.score(o) > this.score(best)) best = o
    } else {
      const want = at(at(at(at(this.policy.twoCard, wasSplit ? 1 : 0), v.soft ? 1 : 0), v.total), this.up)
      const found = options.find((o) => o.decision === want) ?? options.find((o) => o.decision === (want === "D" ? "H" : "S"))
      if (found === undefined) throw new Error(`policy decision ${want} unavailable`)
      best = found
    }
    this.twoMemo.set(key, best)
    return best
  }

  /** the (ev, stake) of splitting a pair of value x, resplitting while allowed */
  split(x: number, sameRankShare: number): EvStake {
    const r = this.rules
    const standOnly = x === 1 && !r.hit_split_aces
    const canResplit = !standOnly && (x !== 1 || r.resplit_aces)
    const hand = (c: number): EvStake => {
      const hard = x + c
      const ace = x === 1 || c === 1
      if (standOnly) return { ev: num(this.standEv, handValueOf(hard, ace).total), stake: 1 }
      return this.twoCard(hard, ace, true)
    }
    const pSame = canResplit ? num(this.p, x) * sameRankShare : 0
    let npEv = 0
    let npStake = 0
    for (let c = 1; c <= 10; c++) {
      const w = num(this.p, c) - (c === x ? pSame : 0)
      if (w <= 0) continue
      const h = hand(c)
      npEv += w * h.ev
      npStake += w * h.stake
    }
    npEv /= 1 - pSame
    npStake /= 1 - pSame
    const stuck = hand(x)
    // chain over (hands on the table n, unresolved split hands k): expected (#non-pairs, #stuck pairs)
    const memo = new Map<number, readonly [number, number]>()
    const chain = (n: number, k: number): readonly [number, number] => {
      if (k === 0) return [0, 0]
      if (n > r.max_hands || k > r.max_hands) throw new Error("split chain outside its limits")
      const key = n * 16 + k
      const m = memo.get(key)
      if (m !== undefined) return m
      const rest = chain(n, k - 1)
      const onPair = canResplit && n < r.max_hands ? chain(n + 1, k + 1) : ([rest[0], rest[1] + 1] as const)
      const out = [(1 - pSame) * (rest[0] + 1) + pSame * onPair[0], (1 - pSame) * rest[1] + pSame * onPair[1]] as const
      memo.set(key, out)
      return out
    }
    const [nNp, nStuck] = r.max_hands >= 2 ? chain(2, 2) : [0, 0]
    return { ev: nNp * npEv + nStuck * stuck.ev, stake: nNp * npStake + nStuck * stuck.stake }
  }

  /**
   * The round's (value, stake) for first cards c1, c2; `sameRank` = P(same rank | both ten-valued)
   * (a ten-valued pair is splittable only when the ranks match).
   */
  round(c1: number, c2: number, sameRank: number, splitDecisions?: Map<number, boolean>): { value: number; stake: number } {
    const bjLoss = this.rules.peek ? 1 - this.q : 0
    const stakeOf = (s: number): number => (this.rules.peek ? this.q * s + (1 - this.q) : s)
    if ((c1 === 1 && c2 === 10) || (c1 === 10 && c2 === 1)) return { value: this.q * this.rules.blackjack_pays, stake: 1 }
    const hard = c1 + c2
    const ace = c1 === 1 || c2 === 1
    const plain = this.twoCard(hard, ace, false)
    const plainRound = { value: this.score(plain) - bjLoss, stake: stakeOf(plain.stake) }
    if (c1 !== c2 || this.rules.max_hands < 2) return plainRound
    const share = c1 === 10 ? sameRank : 1
    const split = this.split(c1, c1 === 10 ? 0.25 : 1)
    let doSplit: boolean
    if (this.policy === undefined) {
      doSplit = this.score(split) > this.score(plain)
      splitDecisions?.set(c1, doSplit)
    } else doSplit = at(at(this.policy.split, this.up), c1)
    if (!doSplit) return plainRound
    const splitRound = { value: this.score(split) - bjLoss, stake: stakeOf(split.stake) }
    return { value: share * splitRound.value + (1 - share) * plainRound.value, stake: share * splitRound.stake + (1 - share) * plainRound.stake }
  }
}

const TOTALS = 22

/** The optimal policy and its value for a card distribution (infinite deck by default). */
export const solveBasicStrategy = (rules: DpRules, p: Probs = INFINITE_DECK): { policy: Policy; value: DpValue } => {
  const split: boolean[][] = Array.from({ length: 11 }, () => new Array<boolean>(11).fill(false))
  const twoCard: Decision[][][][] = [0, 1].map(() => [0, 1].map(() => Array.from({ length: TOTALS }, () => new Array<Decision>(11).fill("S"))))
  const multi: Array<Array<Array<"S" | "H">>> = [0, 1].map(() => Array.from({ length: TOTALS }, () => new Array<"S" | "H">(11).fill("S")))
  let ev = 0
  let staked = 0
  for (let up = 1; up <= 10; up++) {
    const m = new UpCardModel(p, up, rules, undefined)
    const splits = new Map<number, boolean>()
    const pu = num(p, up)
    for (let c1 = 1; c1 <= 10; c1++)
      for (let c2 = 1; c2 <= 10; c2++) {
        const w = pu * num(p, c1) * num(p, c2)
        const r = m.round(c1, c2, 0.25, splits)
        ev += w * r.value
        staked += w * r.stake
      }
    // every two-card state (a split hand's too) and every multi-card state, for the table
    for (let hard = 2; hard <= 21; hard++)
      for (const ace of [false, true]) {
        const v = handValueOf(hard, ace)
        for (const ws of [false, true]) at(at(at(twoCard, ws ? 1 : 0), v.soft ? 1 : 0), v.total)[up] = m.twoCard(hard, ace, ws).decision
        m.multi(hard, ace)
      }
    for (const [k, d] of m.multiDecisions) at(at(multi, k >= 32 ? 1 : 0), k % 32)[up] = d
    for (const [x, s] of splits) at(split, up)[x] = s
  }
  return { policy: { split, twoCard, multi }, value: { ev, staked, rtp: 1 + ev / staked } }
}

/** The value of a fixed policy under a card distribution (the DP with the decisions given). */
export const policyValue = (rules: DpRules, policy: Policy, p: Probs = INFINITE_DECK): DpValue => {
  let ev = 0
  let staked = 0
  for (let up = 1; up <= 10; up++) {
    const m = new UpCardModel(p, up, rules, policy)
    for (let c1 = 1; c1 <= 10; c1++)
      for (let c2 = 1; c2 <= 10; c2++) {
        const w = num(p, up) * num(p, c1) * num(p, c2)
        const r = m.round(c1, c2, 0.25)
        ev += w * r.value
        staked += w * r.stake
      }
  }
  return { ev, staked, rtp: 1 + ev / staked }
}

/**
 * A fixed policy on a fresh shoe of `decks` decks: the first three cards (player, player, up)
 * exactly without replacement, the rest with replacement from the shoe minus those three.
 */
export const finiteShoeValue = (rules: DpRules, policy: Policy, decks: number): DpValue => {
  const n = shoeCounts(decks)
  let total = 0
  for (let c = 1; c <= 10; c++) total += num(n, c)
  let ev = 0
  let staked = 0
  for (let c1 = 1; c1 <= 10; c1++)
    for (let c2 = 1; c2 <= 10; c2++)
      for (let up = 1; up <= 10; up++) {
        const left = Float64Array.from(n)
        const take = (c: number): number => {
          const k = num(left, c)
          left[c] = k - 1
          return k
        }
        const w = (take(c1) / total) * (take(c2) / (total - 1)) * (take(up) / (total - 2))
        if (w <= 0) continue
        const p = Float64Array.from(left, (k) => k / (total - 3))
        // both ten-valued: the same rank with probability (4d − 1) / (16d − 1)
        const sameRank = (4 * decks - 1) / (16 * decks - 1)
        const r = new UpCardModel(p, up, rules, policy).round(c1, c2, sameRank)
        ev += w * r.value
        staked += w * r.stake
      }
  return { ev, staked, rtp: 1 + ev / staked }
}

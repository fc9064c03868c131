/**
 * Three Card Poker fairness. Exact figures by enumeration with the engine's own hand ranking:
 *  - ante + play under the standard strategy (play Q-6-4 or better): every one of the 22 100
 *    player hands against every one of the 18 424 dealer hands disjoint from it (407 million
 *    pairs, counted with card bit masks), for both qualifiers;
 *  - Pair Plus and the progressive: the 22 100 three-card hands;
 *  - the six-card bonus: the category counts of all C(52,6) = 20 358 520 six-card hands
 *    (`sixCardCounts()` recomputes them in ~10 s; the figures are stored below).
 * Monte Carlo rounds play through the engine's three card rules.
 */
import { threeCard, settleThreeCard, type ThreeCardState } from "../../../engine/games/three-card/three-card.ts"
import { dealerQualifies, evaluateThree, playsQ64, QUALIFIERS, type Qualifier } from "../../../engine/games/three-card/hand.ts"
import { ANTE_BONUS_PAYS, PAIR_PLUS_PAYS, PROGRESSIVE_PAYS, SIX_CARD_PAYS, progressiveHand } from "../../../engine/games/three-card/paytables.ts"
import { handCategory, HAND_CATEGORIES, type HandCategory } from "../../../engine/games/poker-hands.ts"
import { isGameError, type GameError, type GameStep } from "../../../engine/games/game.ts"
import type { OutcomeSource } from "../../../engine/games/outcomes.ts"
import { playDirect, type SeatPlayer } from "../seat.ts"
import type { FairnessBet, RoundResult } from "../types.ts"

const ANTE = 1_000n

/** every 3-card hand, ascending card triples */
export const allThreeCardHands = (): ReadonlyArray<readonly [number, number, number]> => {
  const out: Array<readonly [number, number, number]> = []
  for (let a = 0; a < 52; a++) for (let b = a + 1; b < 52; b++) for (let c = b + 1; c < 52; c++) out.push([a, b, c])
  return out
}

export interface AntePlayExact {
  /** expected return per hand, in antes (ante bonus included) */
  readonly return_antes: number
  /** expected amount staked per hand, in antes (1 + P(play)) */
  readonly staked_antes: number
  readonly play_probability: number
  readonly rtp: number
  /** house edge per ante, the customary figure */
  readonly edge_per_ante: number
}

const cache = new Map<Qualifier, AntePlayExact>()

/**
 * Exact ante + play figures under the Q-6-4 playing strategy over all 22 100 × 18 424 deals.
 * For each player hand P: Σ over every dealer hand, from sorted score tables, minus Σ over the
 * dealer hands sharing a card with P (each counted once, at the first card of P it holds).
 */
export const antePlayExact = (qualifier: Qualifier): AntePlayExact => {
  const hit = cache.get(qualifier)
  if (hit !== undefined) return hit
  const hands = allThreeCardHands()
  const n = hands.length
  const lo = new Int32Array(n)
  const hi = new Int32Array(n)
  const score = new Float64Array(n)
  const qual = new Uint8Array(n)
  const byCard: number[][] = Array.from({ length: 52 }, () => [])
  hands.forEach((h, i) => {
    for (const c of h) {
      if (c < 26) lo[i]! |= 1 << c
      else hi[i]! |= 1 << (c - 26)
      byCard[c]!.push(i)
    }
    const v = evaluateThree(h)
    score[i] = v.score
    qual[i] = dealerQualifies(v, qualifier) ? 1 : 0
  })
  const qualScores = Float64Array.from([...score].filter((_, i) => qual[i] === 1)).sort()
  const nonQual = n - qualScores.length
  /** number of sorted values < x */
  const below = (x: number): number => {
    let a = 0
    let b = qualScores.length
    while (a < b) {
      const m = (a + b) >> 1
      if (qualScores[m]! < x) a = m + 1
      else b = m
    }
    return a
  }
  const disjointDealers = 18_424
  let ret = 0
  let staked = 0
  let plays = 0
  for (let p = 0; p < n; p++) {
    const v = evaluateThree(hands[p]!)
    if (!playsQ64(v)) {
      staked += 1
      continue
    }
    plays++
    staked += 2
    const bonus = Number(ANTE_BONUS_PAYS[v.category] ?? 0n)
    const ps = score[p]!
    const less = below(ps)
    const equal = below(ps + 0.5) - less
    let units = 3 * nonQual + 4 * less + 2 * equal
    const cards = hands[p]!
    for (let k = 0; k < 3; k++) {
      let earlierLo = 0
      let earlierHi = 0
      for (let j = 0; j < k; j++) {
        const c = cards[j]!
        if (c < 26) earlierLo |= 1 << c
        else earlierHi |= 1 << (c - 26)
      }
      for (const d of byCard[cards[k]!]!) {
        if ((lo[d]! & earlierLo) !== 0 || (hi[d]! & earlierHi) !== 0) continue
        if (qual[d] === 0) units -= 3
        else if (ps > score[d]!) units -= 4
        else if (ps === score[d]!) units -= 2
      }
    }
    ret += units / disjointDealers + bonus
  }
  const result: AntePlayExact = {
    return_antes: ret / n,
    staked_antes: staked / n,
    play_probability: plays / n,
    rtp: ret / staked,
    edge_per_ante: (staked - ret) / n
  }
  cache.set(qualifier, result)
  return result
}

const perHand = (f: (h: readonly [number, number, number]) => number): number => {
  const hands = allThreeCardHands()
  return hands.reduce((acc, h) => acc + f(h), 0) / hands.length
}

export const pairPlusExactRtp = (): number => perHand((h) => Number((PAIR_PLUS_PAYS[evaluateThree(h).category] ?? -1n) + 1n))

export const progressiveExactRtp = (): number =>
  perHand((h) => {
    const k = progressiveHand(h, evaluateThree(h))
    return k === null ? 0 : Number(PROGRESSIVE_PAYS[k])
  })

/** best-five category counts of all C(52,6) six-card hands (the stored figures below) */
export const SIX_CARD_COUNTS: Readonly<Record<HandCategory, number>> = {
  ROYAL_FLUSH: 188,
  STRAIGHT_FLUSH: 1_656,
  FOUR_OF_A_KIND: 14_664,
  FULL_HOUSE: 165_984,
  FLUSH: 205_792,
  STRAIGHT: 361_620,
  THREE_OF_A_KIND: 732_160,
  TWO_PAIR: 2_532_816,
  PAIR: 9_730_740,
  HIGH_CARD: 6_612_900
}

/** Recompute SIX_CARD_COUNTS by enumerating every six-card hand (about 10 s). */
export const sixCardCounts = (): Record<HandCategory, number> => {
  const counts: Record<HandCategory, number> = { ...SIX_CARD_COUNTS }
  for (const c of HAND_CATEGORIES) counts[c] = 0
  const h = [0, 0, 0, 0, 0, 0]
  for (let a = 0; a < 52; a++)
    for (let b = a + 1; b < 52; b++)
      for (let c = b + 1; c < 52; c++)
        for (let d = c + 1; d < 52; d++)
          for (let e = d + 1; e < 52; e++)
            for (let f = e + 1; f < 52; f++) {
              h[0] = a
              h[1] = b
              h[2] = c
              h[3] = d
              h[4] = e
              h[5] = f
              counts[handCategory(h)]++
            }
  return counts
}

export const sixCardExactRtp = (): number => {
  let total = 0
  let ret = 0
  for (const c of HAND_CATEGORIES) {
    total += SIX_CARD_COUNTS[c]
    ret += SIX_CARD_COUNTS[c] * Number((SIX_CARD_PAYS[c] ?? -1n) + 1n)
  }
  return ret / total
}

/** exact E[return²] per chip staked of the side bets (the test's standard errors) */
export const THREE_CARD_SECOND_MOMENT: Readonly<Record<string, () => number>> = {
  PAIR_PLUS: () => perHand((h) => Number((PAIR_PLUS_PAYS[evaluateThree(h).category] ?? -1n) + 1n) ** 2),
  PROGRESSIVE: () =>
    perHand((h) => {
      const k = progressiveHand(h, evaluateThree(h))
      return k === null ? 0 : Number(PROGRESSIVE_PAYS[k]) ** 2
    }),
  SIX_CARD: () => {
    let total = 0
    let m2 = 0
    for (const c of HAND_CATEGORIES) {
      total += SIX_CARD_COUNTS[c]
      m2 += SIX_CARD_COUNTS[c] * Number((SIX_CARD_PAYS[c] ?? -1n) + 1n) ** 2
    }
    return m2 / total
  }
}

// ------------------------------------------------------------------ rounds through the engine

type Measured = "MAIN" | "PAIR_PLUS" | "SIX_CARD" | "PROGRESSIVE"

/** Ante + play alone: set the qualifier, deal, play Q-6-4 or better (then reveal), else fold. */
const mainPlayer =
  (qualifier: Qualifier): SeatPlayer =>
  (seat) => {
    const s = seat.start(threeCard, ANTE)
    s.move({ _tag: "SetRules", qualifier })
    s.move({ _tag: "Deal" })
    if (playsQ64(evaluateThree(s.state.player))) {
      s.move({ _tag: "Play" })
      s.move({ _tag: "Reveal" })
    } else s.move({ _tag: "Fold" })
  }

const roundOf =
  (qualifier: Qualifier, measured: Measured) =>
  (io: OutcomeSource): RoundResult => {
    let staked = ANTE
    let returned = 0n
    const apply = (s: GameStep<ThreeCardState> | GameError): ThreeCardState => {
      if (isGameError(s)) throw new Error(`three card fairness round refused: ${s.message}`)
      staked += s.charge
      returned += s.credit
      return s.state
    }
    let state = apply(threeCard.init(ANTE, io))
    state = apply(threeCard.move(state, { _tag: "SetRules", qualifier }, io))
    const side = measured === "MAIN" ? 0n : measured === "PROGRESSIVE" ? 1n : ANTE
    state = apply(
      threeCard.move(
        state,
        {
          _tag: "AtomicDeal",
          pair_plus: measured === "PAIR_PLUS" ? side : 0n,
          six_card: measured === "SIX_CARD" ? side : 0n,
          progressive: measured === "PROGRESSIVE" ? side : 0n
        },
        io
      )
    )
    if (playsQ64(evaluateThree(state.player))) {
      state = apply(threeCard.move(state, { _tag: "Play" }, io))
      state = apply(threeCard.move(state, { _tag: "Reveal" }, io))
    } else state = apply(threeCard.move(state, { _tag: "Fold" }, io))
    if (measured === "MAIN") return { staked, returned }
    const r = settleThreeCard(state)
    const back = measured === "PAIR_PLUS" ? r.pairPlusReturn : measured === "SIX_CARD" ? r.sixCardReturn : r.progressiveReturn
    return { staked: side, returned: back }
  }

export const THREE_CARD_FAIRNESS: ReadonlyArray<FairnessBet> = [
  ...QUALIFIERS.map(
    (qualifier): FairnessBet => ({
      game: "three_card",
      bet_type: "ANTE+PLAY: play Q-6-4 or better",
      rules: `qualifier=${qualifier}`,
      super_mode: false,
      get theoretical_rtp() {
        return antePlayExact(qualifier).rtp
      },
      source: "exact: every player hand against every disjoint dealer hand (22 100 × 18 424), Q-6-4 strategy",
      main: true,
      player: mainPlayer(qualifier),
      playRound: (io) => playDirect(io, mainPlayer(qualifier))
    })
  ),
  {
    game: "three_card",
    bet_type: "PAIR_PLUS",
    rules: "qualifier=queen_high",
    super_mode: false,
    theoretical_rtp: pairPlusExactRtp(),
    source: "exact: all 22 100 three-card hands",
    main: false,
    playRound: roundOf("queen_high", "PAIR_PLUS")
  },
  {
    game: "three_card",
    bet_type: "SIX_CARD",
    rules: "qualifier=queen_high",
    super_mode: false,
    theoretical_rtp: sixCardExactRtp(),
    source: "exact: best-five category counts of all 20 358 520 six-card hands",
    main: false,
    playRound: roundOf("queen_high", "SIX_CARD")
  },
  {
    game: "three_card",
    bet_type: "PROGRESSIVE",
    rules: "qualifier=queen_high",
    super_mode: false,
    theoretical_rtp: progressiveExactRtp(),
    source: "exact: all 22 100 three-card hands, fixed table (jackpot 10 000 for one)",
    main: false,
    playRound: roundOf("queen_high", "PROGRESSIVE")
  }
]

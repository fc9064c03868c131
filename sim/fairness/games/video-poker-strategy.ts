/**
 * Optimal Jacks-or-Better holds by exact expected value. For every 5-card hand H and hold S ⊆ H
 * the draw replaces H∖S from the 47 unseen cards, so
 *
 *   EV(S) = Σ_{U ⊆ H∖S} (−1)^|U| · PAY[S ∪ U] / C(47, 5 − |S|)
 *
 * where PAY[T] is the total payout of every 5-card hand containing the card set T (inclusion–
 * exclusion removes the final hands that contain a discarded card). PAY is built once per
 * paytable from the engine's own hand classifier over all C(52,5) hands, indexed by the
 * combinatorial number system. The hold with the highest EV is optimal; the same tables give
 * the game's exact return by enumerating the deals.
 *
 * The exact return visits one deal per class of deals equal up to renaming suits (the value of
 * a deal does not depend on which suit is which): a deal is visited when the cards of its lowest
 * rank carry exactly the suits 0..m−1 (m = how many cards of that rank it holds), and counts
 * C(4, m) times — among the 24 renamings of any deal, exactly m!(4−m)! per stabiliser element map
 * those m suits onto 0..m−1 (m!(4−m)! renamings do, out of 24, stabiliser aside), so every
 * deal is counted once. About a quarter of the 2 598 960 deals are visited.
 */
import { rankIndex, suitOf, type Card } from "../../../engine/games/cards.ts"
import { PAYS, VP_HANDS, classify, handId, type Paytable } from "../../../engine/games/video-poker/paytable.ts"

const BINOM: number[][] = Array.from({ length: 53 }, (_, n) => {
  const row = [1]
  for (let k = 1; k <= 5; k++) row.push(k > n ? 0 : (row[k - 1]! * (n - k + 1)) / k)
  return row
})
export const binom = (n: number, k: number): number => BINOM[n]?.[k] ?? 0

export interface PayTables {
  /** the paytable's name ("9/6", or a test's own label for a modified table) */
  readonly paytable: string
  /** by subset size k: total pay of all hands containing the k-set, at its colex rank */
  readonly sums: ReadonlyArray<Float64Array>
  /** the same with each hand's pay squared (second moments) */
  readonly sums2: ReadonlyArray<Float64Array>
}

/** colex ranks of the 32 subsets of five ascending cards, by bit mask */
const subsetRanks = (cards: ReadonlyArray<number>, out: Int32Array): void => {
  for (let mask = 0; mask < 32; mask++) {
    let rank = 0
    let k = 0
    for (let i = 0; i < 5; i++)
      if (mask & (1 << i)) {
        k++
        rank += binom(cards[i]!, k)
      }
    out[mask] = rank
  }
}

const POPCOUNT = Array.from({ length: 32 }, (_, m) => (m & 1) + ((m >> 1) & 1) + ((m >> 2) & 1) + ((m >> 3) & 1) + ((m >> 4) & 1))

const cache = new Map<Paytable, PayTables>()

/** Visit every one of the C(52,5) deals in lexicographic order (the array is reused between visits). */
export const forEachDeal = (visit: (hand: ReadonlyArray<Card>) => void): void => {
  const hand = [0, 0, 0, 0, 0]
  for (let a = 0; a < 52; a++)
    for (let b = a + 1; b < 52; b++)
      for (let c = b + 1; c < 52; c++)
        for (let d = c + 1; d < 52; d++)
          for (let e = d + 1; e < 52; e++) {
            hand[0] = a
            hand[1] = b
            hand[2] = c
            hand[3] = d
            hand[4] = e
            visit(hand)
          }
}

/** The engine's own paytable's tables (built once per process). */
export const payTables = (paytable: Paytable): PayTables => {
  const hit = cache.get(paytable)
  if (hit !== undefined) return hit
  const t = payTablesFor(paytable, PAYS[paytable])
  cache.set(paytable, t)
  return t
}

/** Tables for any pay list (value per hand, index = handId, "for 1"): the engine's, or a modified one. */
export const payTablesFor = (paytable: string, pays: ReadonlyArray<bigint>): PayTables => {
  if (pays.length !== VP_HANDS.length) throw new RangeError(`a paytable has ${VP_HANDS.length} values, got ${pays.length}`)
  const sums = [0, 1, 2, 3, 4, 5].map((k) => new Float64Array(binom(52, k)))
  const sums2 = [0, 1, 2, 3, 4, 5].map((k) => new Float64Array(binom(52, k)))
  // the pay depends only on the sorted ranks and on whether the hand is a flush: ask the engine
  // once per such class (the cards given are 2·13⁵ keys at most, ~12 000 occur)
  const classPay = new Int16Array(2 * 13 ** 5).fill(-1)
  const payOf = (cards: ReadonlyArray<number>): number => {
    const r = cards.map(rankIndex).sort((x, y) => x - y)
    const flush = cards.every((c) => suitOf(c) === suitOf(cards[0]!))
    const key = ((((r[0]! * 13 + r[1]!) * 13 + r[2]!) * 13 + r[3]!) * 13 + r[4]!) * 2 + (flush ? 1 : 0)
    const known = classPay[key]!
    if (known >= 0) return known
    const pay = Number(pays[handId(classify(cards))] ?? 0n)
    classPay[key] = pay
    return pay
  }
  const ranks = new Int32Array(32)
  forEachDeal((hand) => {
    const pay = payOf(hand)
    if (pay === 0) return
    subsetRanks(hand, ranks)
    for (let mask = 0; mask < 32; mask++) {
      sums[POPCOUNT[mask]!]![ranks[mask]!]! += pay
      sums2[POPCOUNT[mask]!]![ranks[mask]!]! += pay * pay
    }
  })
  return { paytable, sums, sums2 }
}

// scratch buffers reused by holdValues (the module is single-threaded)
const ORDER = new Int32Array(5)
const SORTED = [0, 0, 0, 0, 0]
const RANKS = new Int32Array(32)
const PAY = new Float64Array(32)
const EV_SORTED = new Float64Array(32)
const DRAWS = [0, 1, 2, 3, 4, 5].map((k) => binom(47, 5 - k))

/** ORDER = the hand's positions sorted by card (insertion sort of five); RANKS = its subsets' colex ranks */
const sortPositions = (hand: ReadonlyArray<Card>): void => {
  for (let i = 0; i < 5; i++) {
    let j = i
    while (j > 0 && hand[ORDER[j - 1]!]! > hand[i]!) {
      ORDER[j] = ORDER[j - 1]!
      j--
    }
    ORDER[j] = i
  }
  for (let i = 0; i < 5; i++) SORTED[i] = hand[ORDER[i]!]!
  subsetRanks(SORTED, RANKS)
}

/** EV (per unit bet) of each of the 32 holds of `hand` (bit i = keep card i). */
export const holdValues = (t: PayTables, hand: ReadonlyArray<Card>): Float64Array => {
  sortPositions(hand)
  for (let m = 0; m < 32; m++) PAY[m] = t.sums[POPCOUNT[m]!]![RANKS[m]!]!
  for (let s = 0; s < 32; s++) {
    const rest = 31 & ~s
    let total = 0
    // every U ⊆ rest
    for (let u = rest; ; u = (u - 1) & rest) {
      total += (POPCOUNT[u]! & 1) === 0 ? PAY[s | u]! : -PAY[s | u]!
      if (u === 0) break
    }
    EV_SORTED[s] = total / DRAWS[POPCOUNT[s]!]!
  }
  // back to the hand's own positions
  const ev = new Float64Array(32)
  for (let s = 0; s < 32; s++) {
    let m = 0
    for (let i = 0; i < 5; i++) if (s & (1 << i)) m |= 1 << ORDER[i]!
    ev[m] = EV_SORTED[s]!
  }
  return ev
}

/** The mask of the hold with the highest EV (ties: the lowest mask). */
export const optimalMask = (ev: Float64Array): number => {
  let best = 0
  for (let m = 1; m < 32; m++) if (ev[m]! > ev[best]! + 1e-12) best = m
  return best
}

/** The hold with the highest EV (ties: the lowest mask), as five booleans. */
export const optimalHold = (t: PayTables, hand: ReadonlyArray<Card>): boolean[] => {
  const best = optimalMask(holdValues(t, hand))
  return [0, 1, 2, 3, 4].map((i) => (best & (1 << i)) !== 0)
}

/** E[pay²] of one hold (bit i = keep card i of `hand`), by the same inclusion–exclusion. */
export const holdSecondMoment = (t: PayTables, hand: ReadonlyArray<Card>, mask: number): number => {
  sortPositions(hand)
  // the hold as a mask over the sorted positions
  let s = 0
  for (let i = 0; i < 5; i++) if ((mask & (1 << ORDER[i]!)) !== 0) s |= 1 << i
  const rest = 31 & ~s
  let total = 0
  for (let u = rest; ; u = (u - 1) & rest) {
    const v = t.sums2[POPCOUNT[s | u]!]![RANKS[s | u]!]!
    total += (POPCOUNT[u]! & 1) === 0 ? v : -v
    if (u === 0) break
  }
  return total / DRAWS[POPCOUNT[s]!]!
}

const SUIT_CLASS_WEIGHT = [0, 4, 6, 4, 1]

/**
 * How many deals a deal stands for in the suit-class enumeration (module comment): C(4, m) when
 * the m cards of its lowest rank have exactly the suits 0..m−1, else 0 (another deal stands for it).
 */
export const suitClassWeight = (hand: ReadonlyArray<Card>): number => {
  let low = 13
  for (const c of hand) low = Math.min(low, rankIndex(c))
  let m = 0
  let suits = 0
  for (const c of hand)
    if (rankIndex(c) === low) {
      m++
      suits |= 1 << suitOf(c)
    }
  return suits === (1 << m) - 1 ? (SUIT_CLASS_WEIGHT[m] ?? 0) : 0
}

export interface OptimalMoments {
  /** E[return] per unit bet under optimal holds: the RTP */
  readonly rtp: number
  /** E[return²] per unit bet² under the same holds (ties broken as optimalHold does) */
  readonly second_moment: number
}

/** Exact return of optimal play on the engine's paytable: the mean over all deals of the best hold's EV. */
export const exactOptimalRtp = (paytable: Paytable): number => exactOptimalMoments(payTables(paytable)).rtp

/** Exact RTP and second moment of optimal play for any tables (one deal per suit class, weighted). */
export const exactOptimalMoments = (t: PayTables): OptimalMoments => {
  let total = 0
  let total2 = 0
  let deals = 0
  forEachDeal((hand) => {
    const w = suitClassWeight(hand)
    if (w === 0) return
    deals += w
    const ev = holdValues(t, hand)
    const best = optimalMask(ev)
    total += w * ev[best]!
    total2 += w * holdSecondMoment(t, hand, best)
  })
  if (deals !== binom(52, 5)) throw new Error(`the suit classes count ${deals} deals, not C(52,5)`)
  return { rtp: total / deals, second_moment: total2 / deals }
}

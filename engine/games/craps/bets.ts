/**
 * Craps bet types (games-a.md §5.3), their wire codes and paytables. Pure functions; no state.
 * Ride the Line's paytable is the fixed one of docs/games/decisions-a.md (G16).
 */
import { fail, present } from "../../assert.ts"

/** bet type → wire code (13 and 14 are unused) */
export const BET_CODES = {
  PASS: 0,
  DONT_PASS: 1,
  COME: 2,
  DONT_COME: 3,
  FIELD: 4,
  YES: 5,
  NO: 6,
  NEXT: 7,
  HARDWAY_4: 8,
  HARDWAY_6: 9,
  HARDWAY_8: 10,
  HARDWAY_10: 11,
  FIRE: 12,
  ATS_SMALL: 15,
  ATS_TALL: 16,
  ATS_ALL: 17,
  MUGGSY: 18,
  DIFF_DOUBLES: 19,
  RIDE_LINE: 20,
  REPLAY: 21,
  HOT_ROLLER: 22
} as const
export type BetType = keyof typeof BET_CODES
export const BET_TYPES = [
  "PASS",
  "DONT_PASS",
  "COME",
  "DONT_COME",
  "FIELD",
  "YES",
  "NO",
  "NEXT",
  "HARDWAY_4",
  "HARDWAY_6",
  "HARDWAY_8",
  "HARDWAY_10",
  "FIRE",
  "ATS_SMALL",
  "ATS_TALL",
  "ATS_ALL",
  "MUGGSY",
  "DIFF_DOUBLES",
  "RIDE_LINE",
  "REPLAY",
  "HOT_ROLLER"
] as const satisfies ReadonlyArray<BetType>
export const betTypeOfCode = (code: number): BetType | undefined => BET_TYPES.find((t) => BET_CODES[t] === code)

export const POINTS: ReadonlyArray<number> = [4, 5, 6, 8, 9, 10]
export const isPoint = (n: number): boolean => POINTS.includes(n)
/** bit of a point number in the made-points mask and other per-point tables */
export const pointIndex = (n: number): number => POINTS.indexOf(n)

export const CONTRACT: ReadonlySet<BetType> = new Set(["PASS", "DONT_PASS", "COME", "DONT_COME"])
export const BONUS: ReadonlySet<BetType> = new Set(["FIRE", "ATS_SMALL", "ATS_TALL", "ATS_ALL", "MUGGSY", "DIFF_DOUBLES", "RIDE_LINE", "REPLAY", "HOT_ROLLER"])

export type HardwayBet = "HARDWAY_4" | "HARDWAY_6" | "HARDWAY_8" | "HARDWAY_10"
const HARDWAY_NUMBERS: Readonly<Record<HardwayBet, number>> = { HARDWAY_4: 4, HARDWAY_6: 6, HARDWAY_8: 8, HARDWAY_10: 10 }
/** the hardway number of any bet type (undefined for the others) */
export const HARDWAY_NUMBER: Partial<Readonly<Record<BetType, number>>> = HARDWAY_NUMBERS
/** total lookup for a hardway bet */
export const hardwayNumber = (type: HardwayBet): number => HARDWAY_NUMBERS[type]

/** winnings at true odds of a right-way bet of `a` on `n` (Yes, Pass/Come odds) */
export const trueOddsWinnings = (n: number, a: bigint): bigint => {
  switch (n) {
    case 2:
    case 12:
      return 6n * a
    case 3:
    case 11:
      return 3n * a
    case 4:
    case 10:
      return 2n * a
    case 5:
    case 9:
      return (3n * a) / 2n
    case 6:
    case 8:
      return (6n * a) / 5n
    default:
      return 0n
  }
}

/** winnings of a wrong-way (lay) bet of `a` against `n` (No, Don't Pass/Don't Come odds) */
export const layWinnings = (n: number, a: bigint): bigint => {
  switch (n) {
    case 2:
    case 12:
      return a / 6n
    case 3:
    case 11:
      return a / 3n
    case 4:
    case 10:
      return a / 2n
    case 5:
    case 9:
      return (2n * a) / 3n
    case 6:
    case 8:
      return (5n * a) / 6n
    default:
      return 0n
  }
}

/** winnings less the 1 % commission (rounded down) of Yes, No and Next bets */
export const lessCommission = (w: bigint): bigint => w - w / 100n

/** Next (hop on a total) pays X:1 */
export const nextPays = (total: number): bigint => {
  switch (total) {
    case 2:
    case 12:
      return 35n
    case 3:
    case 11:
      return 17n
    case 4:
    case 10:
      return 11n
    case 5:
    case 9:
      return 8n
    case 6:
    case 8:
      return 6n
    default:
      return 5n
  }
}

/** Field return multiple (stake included) */
export const fieldReturn = (total: number): bigint => (total === 2 || total === 12 ? 3n : [3, 4, 9, 10, 11].includes(total) ? 2n : 0n)

/** Fire: return multiple by distinct points made */
export const fireReturn = (made: number): bigint => (made >= 6 ? 1000n : made === 5 ? 250n : made === 4 ? 25n : 0n)

/** ATS: the totals each needs (bit order 2,3,4,5,6,8,9,10,11,12) */
export const ATS_TOTALS: ReadonlyArray<number> = [2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
export const atsBit = (total: number): number => {
  const i = ATS_TOTALS.indexOf(total)
  return i < 0 ? 0 : 1 << i
}
export type AtsBet = "ATS_SMALL" | "ATS_TALL" | "ATS_ALL"
const ATS_NEEDS_TOTAL: Readonly<Record<AtsBet, number>> = {
  ATS_SMALL: 0b0000011111,
  ATS_TALL: 0b1111100000,
  ATS_ALL: 0b1111111111
}
const ATS_RETURN_TOTAL: Readonly<Record<AtsBet, bigint>> = { ATS_SMALL: 35n, ATS_TALL: 35n, ATS_ALL: 176n }
export const ATS_NEEDS: Partial<Readonly<Record<BetType, number>>> = ATS_NEEDS_TOTAL
export const ATS_RETURN: Partial<Readonly<Record<BetType, bigint>>> = ATS_RETURN_TOTAL
/** total lookups for an All-Tall-Small bet: the totals it needs (bit set) and its return multiple */
export const atsNeeds = (type: AtsBet): number => ATS_NEEDS_TOTAL[type]
export const atsReturn = (type: AtsBet): bigint => ATS_RETURN_TOTAL[type]

/** Different Doubles: return multiple by distinct doubles rolled */
export const diffDoublesReturn = (n: number): bigint => (n >= 6 ? 101n : n === 5 ? 16n : n === 4 ? 9n : n === 3 ? 5n : 0n)

/** Ride the Line: X:1 by pass-line wins before the seven-out (fixed paytable, G16) */
export const RIDE_LINE_PAYS: ReadonlyArray<bigint> = [0n, 0n, 0n, 1n, 2n, 5n, 8n, 12n, 18n, 25n, 40n, 100n]
export const rideLineReturn = (wins: number): bigint => {
  if (!Number.isSafeInteger(wins) || wins < 0) fail(`Ride the Line with ${wins} wins`)
  const pays = present(RIDE_LINE_PAYS[Math.min(wins, RIDE_LINE_PAYS.length - 1)], "Ride the Line pay")
  return pays === 0n ? 0n : pays + 1n
}

/** Replay: 4-bit counters of points made, the best payout wins */
export const replayCount = (progress: number, point: number): number => (progress >> (4 * pointIndex(point))) & 0xf
export const replayReturn = (progress: number): bigint => {
  let best = 0n
  for (const p of POINTS) {
    const n = replayCount(progress, p)
    const pays =
      p === 4 || p === 10 ? (n >= 4 ? 1000n : n === 3 ? 120n : 0n) : p === 5 || p === 9 ? (n >= 4 ? 500n : n === 3 ? 95n : 0n) : n >= 4 ? 100n : n === 3 ? 70n : 0n
    if (pays + 1n > best && pays > 0n) best = pays + 1n
  }
  return best
}

/** Hot Roller: the unordered non-7 combinations of each point, in bit order */
export const HOT_ROLLER_COMBOS: ReadonlyArray<readonly [number, number]> = [
  [1, 3],
  [2, 2],
  [1, 4],
  [2, 3],
  [1, 5],
  [2, 4],
  [3, 3],
  [2, 6],
  [3, 5],
  [4, 4],
  [3, 6],
  [4, 5],
  [4, 6],
  [5, 5]
]
export const hotRollerBit = (d1: number, d2: number): number => {
  const lo = Math.min(d1, d2)
  const hi = Math.max(d1, d2)
  const i = HOT_ROLLER_COMBOS.findIndex(([a, b]) => a === lo && b === hi)
  return i < 0 ? 0 : 1 << i
}
/** number of points whose every combination has been rolled */
export const hotRollerPoints = (progress: number): number =>
  POINTS.filter((p) => HOT_ROLLER_COMBOS.every(([a, b], i) => a + b !== p || (progress & (1 << i)) !== 0)).length
export const hotRollerReturn = (points: number): bigint =>
  points >= 6 ? 201n : points === 5 ? 51n : points === 4 ? 21n : points === 3 ? 11n : points === 2 ? 6n : 0n

export const popcount = (x: number): number => {
  let n = 0
  for (let v = x; v !== 0; v &= v - 1) n++
  return n
}

/** The largest return of one bet as a multiple of its stake, odds excluded (odds return at most 3 × the odds). */
export const MAX_RETURN_MULTIPLE: Readonly<Record<BetType, bigint>> = {
  PASS: 2n,
  DONT_PASS: 2n,
  COME: 2n,
  DONT_COME: 2n,
  FIELD: 3n,
  YES: 7n,
  NO: 2n,
  NEXT: 36n,
  HARDWAY_4: 8n,
  HARDWAY_6: 10n,
  HARDWAY_8: 10n,
  HARDWAY_10: 8n,
  FIRE: 1000n,
  ATS_SMALL: 35n,
  ATS_TALL: 35n,
  ATS_ALL: 176n,
  MUGGSY: 4n,
  DIFF_DOUBLES: 101n,
  RIDE_LINE: 101n,
  REPLAY: 1001n,
  HOT_ROLLER: 201n
}

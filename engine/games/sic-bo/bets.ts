/**
 * Sic Bo bet types (games-b.md §3.3): which `number`s are valid, and what each bet returns on a
 * roll under either paytable. A winning bet returns amount × (pays + 1). Pure functions.
 */
import { present } from "../../assert.ts"

export const BET_TYPES = [
  "SMALL",
  "BIG",
  "ODD",
  "EVEN",
  "TRIPLE_SPECIFIC",
  "TRIPLE_ANY",
  "DOUBLE_SPECIFIC",
  "SUM",
  "SINGLE_DIE",
  "DOMINO",
  "HOP3_EASY",
  "HOP3_HARD",
  "HOP4_EASY"
] as const
export type BetType = (typeof BET_TYPES)[number]

export const PAYTABLES = ["macau", "atlantic_city"] as const
export type Paytable = (typeof PAYTABLES)[number]

export type Dice = readonly [number, number, number]

/** Total bet pays (to 1) by total 3..18, per paytable */
const TOTAL_PAYS: Readonly<Record<Paytable, ReadonlyArray<number>>> = {
  //          3    4   5   6   7   8  9 10 11 12 13  14  15  16  17   18
  macau: [180, 50, 18, 14, 12, 8, 6, 6, 6, 6, 8, 12, 14, 18, 50, 180],
  atlantic_city: [180, 60, 30, 17, 12, 8, 6, 6, 6, 6, 8, 12, 17, 30, 60, 180]
}

/** fixed pays (to 1) of the bets whose pay does not depend on the total or a count */
const FIXED_PAYS: Readonly<Record<Paytable, Readonly<Partial<Record<BetType, number>>>>> = {
  macau: { SMALL: 1, BIG: 1, ODD: 1, EVEN: 1, TRIPLE_SPECIFIC: 150, TRIPLE_ANY: 24, DOUBLE_SPECIFIC: 8, DOMINO: 5, HOP3_EASY: 30, HOP3_HARD: 50, HOP4_EASY: 7 },
  atlantic_city: { SMALL: 1, BIG: 1, ODD: 1, EVEN: 1, TRIPLE_SPECIFIC: 180, TRIPLE_ANY: 30, DOUBLE_SPECIFIC: 10, DOMINO: 5, HOP3_EASY: 30, HOP3_HARD: 50, HOP4_EASY: 7 }
}

/** pays of a total 3..18 (three dice always total 3..18) */
export const totalPays = (paytable: Paytable, total: number): number => present(TOTAL_PAYS[paytable][total - 3], `the ${paytable} pay of total ${total}`)

const isFace = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 6
const bitCount = (mask: number): number => {
  let n = 0
  for (let m = mask; m > 0; m >>= 1) n += m & 1
  return n
}

/** Is `n` a legal `number` for this bet type (§3.7)? Outside bets and Any triple take 0. */
export const validNumber = (type: BetType, n: number): boolean => {
  if (!Number.isInteger(n) || n < 0 || n > 255) return false
  switch (type) {
    case "SMALL":
    case "BIG":
    case "ODD":
    case "EVEN":
    case "TRIPLE_ANY":
      return n === 0
    case "TRIPLE_SPECIFIC":
    case "DOUBLE_SPECIFIC":
    case "SINGLE_DIE":
      return isFace(n)
    case "SUM":
      return n >= 3 && n <= 18
    case "DOMINO": {
      const low = n >> 4
      const high = n & 15
      return isFace(low) && isFace(high) && low < high
    }
    case "HOP3_HARD": {
      const pair = n >> 4
      const single = n & 15
      return isFace(pair) && isFace(single) && pair !== single
    }
    case "HOP3_EASY":
      return n <= 0x3f && bitCount(n) === 3
    case "HOP4_EASY":
      return n <= 0x3f && bitCount(n) === 4
  }
}

const countOf = (dice: Dice, face: number): number => dice.filter((d) => d === face).length
export const isTriple = (dice: Dice): boolean => dice[0] === dice[1] && dice[1] === dice[2]
export const diceTotal = (dice: Dice): number => dice[0] + dice[1] + dice[2]

/** What this bet pays to 1 on this roll, or null when it loses. */
export const paysOn = (paytable: Paytable, type: BetType, n: number, dice: Dice): number | null => {
  const total = diceTotal(dice)
  const triple = isTriple(dice)
  const fixed = FIXED_PAYS[paytable][type] ?? 0
  const allDifferent = dice[0] !== dice[1] && dice[1] !== dice[2] && dice[0] !== dice[2]
  const inMask = (mask: number): boolean => dice.every((d) => (mask >> (d - 1)) & 1)
  let wins: boolean
  switch (type) {
    case "SMALL":
      wins = !triple && total >= 4 && total <= 10
      break
    case "BIG":
      wins = !triple && total >= 11 && total <= 17
      break
    case "ODD":
      wins = !triple && total % 2 === 1
      break
    case "EVEN":
      wins = !triple && total % 2 === 0
      break
    case "TRIPLE_SPECIFIC":
      wins = triple && dice[0] === n
      break
    case "TRIPLE_ANY":
      wins = triple
      break
    case "DOUBLE_SPECIFIC":
      wins = countOf(dice, n) >= 2
      break
    case "SUM":
      return total === n ? totalPays(paytable, total) : null
    case "SINGLE_DIE": {
      const k = countOf(dice, n)
      return k > 0 ? k : null
    }
    case "DOMINO":
      wins = countOf(dice, n >> 4) >= 1 && countOf(dice, n & 15) >= 1
      break
    case "HOP3_EASY":
    case "HOP4_EASY":
      wins = allDifferent && inMask(n)
      break
    case "HOP3_HARD":
      wins = countOf(dice, n >> 4) === 2 && countOf(dice, n & 15) === 1
      break
  }
  return wins ? fixed : null
}

/** chips a bet of `amount` returns on this roll (stake included when it wins) */
export const betReturn = (paytable: Paytable, type: BetType, n: number, amount: bigint, dice: Dice): bigint => {
  const pays = paysOn(paytable, type, n, dice)
  return pays === null ? 0n : amount * BigInt(pays + 1)
}

/** the largest pay (to 1) the bet type can win under the paytable */
export const maxPays = (paytable: Paytable, type: BetType): number => {
  if (type === "SUM") return 180
  if (type === "SINGLE_DIE") return 3
  return FIXED_PAYS[paytable][type] ?? 0
}

export const betLabel = (type: BetType, n: number): string => (n > 0 ? `${type} ${n}` : type)

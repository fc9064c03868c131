/**
 * Roulette bet types (games-b.md §2.3): which pockets each covers and what it pays, to 1.
 * Pocket 37 stands for "00" on the American wheel. Pure functions; no state.
 */
export const RED_NUMBERS: ReadonlySet<number> = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36])

export const BET_TYPES = [
  "STRAIGHT",
  "RED",
  "BLACK",
  "EVEN",
  "ODD",
  "LOW",
  "HIGH",
  "DOZEN",
  "COLUMN",
  "SPLIT_H",
  "SPLIT_V",
  "STREET",
  "CORNER",
  "SIX_LINE"
] as const
export type BetType = (typeof BET_TYPES)[number]

/** pays X to 1: a winning bet returns amount × (X + 1) */
export const PAYS: Readonly<Record<BetType, bigint>> = {
  STRAIGHT: 35n,
  RED: 1n,
  BLACK: 1n,
  EVEN: 1n,
  ODD: 1n,
  LOW: 1n,
  HIGH: 1n,
  DOZEN: 2n,
  COLUMN: 2n,
  SPLIT_H: 17n,
  SPLIT_V: 17n,
  STREET: 11n,
  CORNER: 8n,
  SIX_LINE: 5n
}

export const EVEN_MONEY: ReadonlySet<BetType> = new Set(["RED", "BLACK", "EVEN", "ODD", "LOW", "HIGH"])

export const isZero = (pocket: number): boolean => pocket === 0 || pocket === 37

/** Is `number` a legal spot for this bet type on a wheel with `pockets` pockets (37 or 38)? */
export const validNumber = (type: BetType, n: number, pockets: number): boolean => {
  if (!Number.isInteger(n) || n < 0) return false
  switch (type) {
    case "STRAIGHT":
      return n <= pockets - 1
    case "RED":
    case "BLACK":
    case "EVEN":
    case "ODD":
    case "LOW":
    case "HIGH":
      return n === 0
    case "DOZEN":
    case "COLUMN":
      return n <= 2
    case "SPLIT_H":
      return n >= 1 && n <= 35 && n % 3 !== 0
    case "SPLIT_V":
      return n >= 1 && n <= 33
    case "STREET":
      return n >= 1 && n <= 34 && (n - 1) % 3 === 0
    case "CORNER":
      return n >= 1 && n <= 32 && n % 3 !== 0
    case "SIX_LINE":
      return n >= 1 && n <= 31 && (n - 1) % 3 === 0
  }
}

/** Does a bet of this type on `n` win when the ball lands in `pocket`? */
export const covers = (type: BetType, n: number, pocket: number): boolean => {
  if (type === "STRAIGHT") return pocket === n
  if (isZero(pocket)) return false
  const r = pocket
  switch (type) {
    case "RED":
      return RED_NUMBERS.has(r)
    case "BLACK":
      return !RED_NUMBERS.has(r)
    case "EVEN":
      return r % 2 === 0
    case "ODD":
      return r % 2 === 1
    case "LOW":
      return r <= 18
    case "HIGH":
      return r >= 19
    case "DOZEN":
      return Math.floor((r - 1) / 12) === n
    case "COLUMN":
      return (r - 1) % 3 === n
    case "SPLIT_H":
      return r === n || r === n + 1
    case "SPLIT_V":
      return r === n || r === n + 3
    case "STREET":
      return r >= n && r <= n + 2
    case "CORNER":
      return r === n || r === n + 1 || r === n + 3 || r === n + 4
    case "SIX_LINE":
      return r >= n && r <= n + 5
  }
}

export const pocketLabel = (pocket: number): string => (pocket === 37 ? "00" : String(pocket))
export const pocketColor = (pocket: number): "GREEN" | "RED" | "BLACK" =>
  isZero(pocket) ? "GREEN" : RED_NUMBERS.has(pocket) ? "RED" : "BLACK"

export const betLabel = (type: BetType, n: number): string => {
  switch (type) {
    case "DOZEN":
      return `DOZEN_${n + 1}`
    case "COLUMN":
      return `COL_${n + 1}`
    case "STRAIGHT":
    case "SPLIT_H":
    case "SPLIT_V":
    case "STREET":
    case "CORNER":
    case "SIX_LINE":
      return `${type} ${type === "STRAIGHT" ? pocketLabel(n) : n}`
    default:
      return type
  }
}

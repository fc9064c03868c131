/**
 * Baccarat bet types (games-a.md §2.3) and how one bet settles against a finished coup.
 * Banker wins pay 95 % (floor); a banker win whose winnings round to 0 is a push. Tie pays 8:1.
 */
import { handTotal, isNatural, isPair, isPerfectPair, winnerOf, type Coup } from "./coup.ts"

/** in wire-code order (code = index) */
export const BET_TYPES = [
  "PLAYER",
  "BANKER",
  "TIE",
  "P_PAIR",
  "B_PAIR",
  "LUCKY6",
  "P_DRAGON",
  "B_DRAGON",
  "PANDA8",
  "P_PERFECT_PAIR",
  "B_PERFECT_PAIR"
] as const
export type BetType = (typeof BET_TYPES)[number]

/** the largest return of one bet, as a multiple of its stake (Dragon Bonus 30:1) */
export const MAX_RETURN_MULTIPLE: Readonly<Record<BetType, bigint>> = {
  PLAYER: 2n,
  BANKER: 2n,
  TIE: 9n,
  P_PAIR: 12n,
  B_PAIR: 12n,
  LUCKY6: 24n,
  P_DRAGON: 31n,
  B_DRAGON: 31n,
  PANDA8: 26n,
  P_PERFECT_PAIR: 26n,
  B_PERFECT_PAIR: 26n
}

export interface BetOutcome {
  /** winnings (> 0), −amount (loss) or 0 (push) */
  readonly delta: bigint
  readonly push: boolean
}

const win = (amount: bigint, pays: bigint): BetOutcome => ({ delta: amount * pays, push: false })
const lose = (amount: bigint): BetOutcome => ({ delta: -amount, push: false })
const push: BetOutcome = { delta: 0n, push: true }
const winIf = (cond: boolean, amount: bigint, pays: bigint): BetOutcome => (cond ? win(amount, pays) : lose(amount))

/** Dragon Bonus margin table (my total − other total) for a non-natural win */
const DRAGON_MARGIN: Readonly<Record<number, bigint>> = { 9: 30n, 8: 10n, 7: 6n, 6: 4n, 5: 2n, 4: 1n }

const dragon = (amount: bigint, mine: ReadonlyArray<number>, other: ReadonlyArray<number>): BetOutcome => {
  const m = handTotal(mine)
  const o = handTotal(other)
  if (isNatural(mine) && isNatural(other) && m === o) return push
  if (m > o) {
    if (isNatural(mine)) return win(amount, 1n)
    const pays = DRAGON_MARGIN[m - o]
    return pays === undefined ? lose(amount) : win(amount, pays)
  }
  return lose(amount)
}

export const settleBet = (type: BetType, amount: bigint, coup: Coup): BetOutcome => {
  const winner = winnerOf(coup)
  switch (type) {
    case "PLAYER":
      return winner === "TIE" ? push : winIf(winner === "PLAYER", amount, 1n)
    case "BANKER": {
      if (winner === "TIE") return push
      if (winner === "PLAYER") return lose(amount)
      const winnings = (amount * 95n) / 100n
      return winnings === 0n ? push : { delta: winnings, push: false }
    }
    case "TIE":
      return winIf(winner === "TIE", amount, 8n)
    case "P_PAIR":
      return winIf(isPair(coup.player), amount, 11n)
    case "B_PAIR":
      return winIf(isPair(coup.banker), amount, 11n)
    case "LUCKY6":
      if (winner === "BANKER" && handTotal(coup.banker) === 6) return win(amount, coup.banker.length === 3 ? 23n : 12n)
      return lose(amount)
    case "P_DRAGON":
      return dragon(amount, coup.player, coup.banker)
    case "B_DRAGON":
      return dragon(amount, coup.banker, coup.player)
    case "PANDA8":
      return winIf(winner === "PLAYER" && coup.player.length === 3 && handTotal(coup.player) === 8, amount, 25n)
    case "P_PERFECT_PAIR":
      return winIf(isPerfectPair(coup.player), amount, 25n)
    case "B_PERFECT_PAIR":
      return winIf(isPerfectPair(coup.banker), amount, 25n)
  }
}

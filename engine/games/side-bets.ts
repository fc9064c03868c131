/**
 * The side bets Three Card Poker and Ultimate Hold'em share (games-b.md §4, §5): the game's own
 * side bet (Pair Plus, Trips), the six-card bonus and a one-chip progressive, set together in the
 * betting stage. A new set replaces the old one: the increase is charged, a decrease refunded
 * (and declared as a refund, so super mode gives its fee back and does not lift it: N21).
 */
import { U64_MAX } from "../codec/bytes.ts"
import { invalidMove, invalidPayload, step, type GameError, type GameStep } from "./game.ts"

export interface SideStakes {
  /** Pair Plus (three card) or Trips (ultimate hold'em) */
  readonly own: bigint
  readonly six_card: bigint
  /** 0 or 1 */
  readonly progressive: bigint
}

const total = (x: SideStakes): bigint => x.own + x.six_card + x.progressive

/**
 * Move from the side bets `from` to `to`, giving the state `next`. Refused if the progressive is
 * not 0 or 1 chip, or if the hand's largest wager (`main_max`, the game's own bets at their
 * largest, plus the new side bets) would not fit a u64 (`overflow` says so).
 */
export const replaceSideBets = <S>(next: S, from: SideStakes, to: SideStakes, main_max: bigint, overflow: string): GameStep<S> | GameError => {
  if (to.progressive > 1n) return invalidMove("the progressive bet is exactly 0 or 1 chip")
  if (main_max + total(to) > U64_MAX) return invalidPayload(overflow)
  const delta = total(to) - total(from)
  // a decrease hands unplayed stakes back, also when the move then deals (AtomicDeal): N21
  return delta >= 0n ? step(next, { charge: delta }) : { ...step(next, { credit: -delta }), refund: -delta }
}

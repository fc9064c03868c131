/**
 * Baccarat fairness: exact RTP of every bet type. Totals-based bets by enumerating the point
 * values of the first four cards and any third cards of an eight-deck shoe with card removal
 * (≤ 10^6 paths); Pair and Perfect Pair in closed form (31/415 and 7/415). Each bet is played
 * alone as a one-move batch through the engine's baccarat rules.
 */
import { baccarat } from "../../../engine/games/baccarat/baccarat.ts"
import { BET_TYPES, settleBet, type BetType } from "../../../engine/games/baccarat/bets.ts"
import { DECKS, bankerDraws } from "../../../engine/games/baccarat/coup.ts"
import { playDirect, type SeatPlayer } from "../seat.ts"
import type { FairnessBet } from "../types.ts"

const STAKE = 1_000n

/** a card of each point value: value 0 → the Ten of spades, value v → rank v of spades */
const cardOfValue = (v: number): number => (v === 0 ? 9 : v - 1)

type ValueBet = Exclude<BetType, "P_PAIR" | "B_PAIR" | "P_PERFECT_PAIR" | "B_PERFECT_PAIR">
const VALUE_BETS: ReadonlyArray<ValueBet> = ["PLAYER", "BANKER", "TIE", "LUCKY6", "P_DRAGON", "B_DRAGON", "PANDA8"]

/** Σ over every coup of P(coup) × return per chip, for each totals-based bet. */
const enumerateValueBets = (): Readonly<Record<ValueBet, number>> => {
  const counts = Array.from({ length: 10 }, (_, v) => (v === 0 ? 16 : 4) * DECKS)
  let left = 52 * DECKS
  const acc: Record<ValueBet, number> = { PLAYER: 0, BANKER: 0, TIE: 0, LUCKY6: 0, P_DRAGON: 0, B_DRAGON: 0, PANDA8: 0 }
  const settle = (player: number[], banker: number[], p: number): void => {
    const coup = { player: player.map(cardOfValue), banker: banker.map(cardOfValue) }
    for (const t of VALUE_BETS) acc[t] += (p * Number(STAKE + settleBet(t, STAKE, coup).delta)) / Number(STAKE)
  }
  /** draw each value with its probability, recursing with the card removed */
  const draw = (p: number, next: (v: number, p: number) => void): void => {
    for (let v = 0; v < 10; v++) {
      const c = counts[v] ?? 0
      if (c === 0) continue
      const pv = (p * c) / left
      counts[v] = c - 1
      left--
      next(v, pv)
      left++
      counts[v] = c
    }
  }
  draw(1, (p1, q1) =>
    draw(q1, (p2, q2) =>
      draw(q2, (b1, q3) =>
        draw(q3, (b2, q4) => {
          const pt = (p1 + p2) % 10
          const bt = (b1 + b2) % 10
          if (pt >= 8 || bt >= 8) return settle([p1, p2], [b1, b2], q4)
          const bankerTurn = (player: number[], third: number | null, q: number): void => {
            if (bankerDraws(bt, third)) draw(q, (b3, q6) => settle(player, [b1, b2, b3], q6))
            else settle(player, [b1, b2], q)
          }
          if (pt <= 5) draw(q4, (p3, q5) => bankerTurn([p1, p2, p3], p3, q5))
          else bankerTurn([p1, p2], null, q4)
        })
      )
    )
  )
  return acc
}

let cached: Readonly<Record<ValueBet, number>> | undefined
const valueRtps = (): Readonly<Record<ValueBet, number>> => (cached ??= enumerateValueBets())

const SHOE = 52 * DECKS
/** exact RTP of one baccarat bet type (stake 1000, so the 95 % banker payout has no rounding) */
export const exactBaccaratRtp = (type: BetType): number => {
  switch (type) {
    case "P_PAIR":
    case "B_PAIR":
      return (12 * (4 * DECKS - 1)) / (SHOE - 1)
    case "P_PERFECT_PAIR":
    case "B_PERFECT_PAIR":
      return (26 * (DECKS - 1)) / (SHOE - 1)
    default:
      return valueRtps()[type]
  }
}

/** One bet: batch it (one coup). */
const playerOf =
  (type: BetType): SeatPlayer =>
  (seat) => {
    seat.start(baccarat, 0n).move({ _tag: "Batch", bets: [{ type, amount: STAKE }] })
  }

export const BACCARAT_FAIRNESS: ReadonlyArray<FairnessBet> = BET_TYPES.map(
  (type): FairnessBet => ({
    game: "baccarat",
    bet_type: type,
    rules: "standard",
    super_mode: false,
    get theoretical_rtp() {
      return exactBaccaratRtp(type)
    },
    source: type.endsWith("PAIR")
      ? "exact: closed form over the first two cards of an eight-deck shoe"
      : "exact: enumeration of every coup's point values from an eight-deck shoe with card removal",
    main: type === "PLAYER" || type === "BANKER",
    player: playerOf(type),
    playRound: (io) => playDirect(io, playerOf(type))
  })
)

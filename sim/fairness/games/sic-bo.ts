/**
 * Sic Bo fairness: exact RTP of every bet type under both paytables by enumerating the 216
 * equally likely rolls; Monte Carlo rounds play one batch through the engine's sic bo rules.
 */
import { sicBo } from "../../../engine/games/sic-bo/sic-bo.ts"
import { PAYTABLES, BET_TYPES, paysOn, type BetType, type Dice, type Paytable } from "../../../engine/games/sic-bo/bets.ts"
import { playDirect, type SeatPlayer } from "../seat.ts"
import type { FairnessBet } from "../types.ts"

const STAKE = 1_000n

/** a representative number for each bet type (SUM is measured for every total separately) */
export const SIC_BO_SPOT: Readonly<Record<BetType, number>> = {
  SMALL: 0,
  BIG: 0,
  ODD: 0,
  EVEN: 0,
  TRIPLE_SPECIFIC: 4,
  TRIPLE_ANY: 0,
  DOUBLE_SPECIFIC: 2,
  SUM: 10,
  SINGLE_DIE: 5,
  DOMINO: 0x25,
  HOP3_EASY: 21,
  HOP3_HARD: 0x25,
  HOP4_EASY: 29
}

export const ALL_ROLLS: ReadonlyArray<Dice> = Array.from({ length: 216 }, (_, i): Dice => [Math.floor(i / 36) + 1, (Math.floor(i / 6) % 6) + 1, (i % 6) + 1])

/** exact RTP (return per chip staked) over the 216 rolls */
export const exactSicBoRtp = (paytable: Paytable, type: BetType, n: number): number => {
  let total = 0
  for (const dice of ALL_ROLLS) {
    const pays = paysOn(paytable, type, n, dice)
    if (pays !== null) total += pays + 1
  }
  return total / 216
}

/** exact E[return²] per chip staked (the test's standard errors) */
export const exactSicBoSecondMoment = (paytable: Paytable, type: BetType, n: number): number => {
  let total = 0
  for (const dice of ALL_ROLLS) {
    const pays = paysOn(paytable, type, n, dice)
    if (pays !== null) total += (pays + 1) ** 2
  }
  return total / 216
}

/** One bet: set the paytable, batch the bet (one roll). */
const playerOf =
  (paytable: Paytable, type: BetType, n: number): SeatPlayer =>
  (seat) => {
    const s = seat.start(sicBo, 0n)
    s.move({ _tag: "SetPaytable", paytable })
    s.move({ _tag: "Batch", bets: [{ type, number: n, amount: STAKE }] })
  }

const spots = (type: BetType): ReadonlyArray<number> => (type === "SUM" ? Array.from({ length: 16 }, (_, i) => i + 3) : [SIC_BO_SPOT[type]])

export const SIC_BO_FAIRNESS: ReadonlyArray<FairnessBet> = PAYTABLES.flatMap((paytable) =>
  BET_TYPES.flatMap((type) =>
    spots(type).map(
      (n): FairnessBet => ({
        game: "sic_bo",
        bet_type: type === "SUM" || n > 0 ? `${type} ${n}` : type,
        rules: `paytable=${paytable}`,
        super_mode: false,
        theoretical_rtp: exactSicBoRtp(paytable, type, n),
        source: "exact: every one of the 216 equally likely rolls",
        main: paytable === "macau" && (type === "SMALL" || type === "BIG"),
        second_moment: exactSicBoSecondMoment(paytable, type, n),
        player: playerOf(paytable, type, n),
        playRound: (io) => playDirect(io, playerOf(paytable, type, n))
      })
    )
  )
)

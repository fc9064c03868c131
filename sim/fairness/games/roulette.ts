/**
 * Roulette fairness: exact RTP by enumerating every pocket (and, under En Prison rules, the
 * prison spins as a finite Markov chain), Monte Carlo through the engine's roulette rules.
 */
import { roulette, pocketsFor, type ZeroRule } from "../../../engine/games/roulette/roulette.ts"
import { BET_TYPES, EVEN_MONEY, PAYS, covers, isZero, validNumber, type BetType } from "../../../engine/games/roulette/bets.ts"
import { playDirect, type SeatPlayer } from "../seat.ts"
import type { FairnessBet } from "../types.ts"

const STAKE = 1_000n

/** a representative spot for each bet type */
const SPOT: Readonly<Record<BetType, number>> = {
  STRAIGHT: 17,
  RED: 0,
  BLACK: 0,
  EVEN: 0,
  ODD: 0,
  LOW: 0,
  HIGH: 0,
  DOZEN: 1,
  COLUMN: 2,
  SPLIT_H: 14,
  SPLIT_V: 14,
  STREET: 13,
  CORNER: 14,
  SIX_LINE: 13
}

/** Exact RTP of one bet by enumerating pockets; prison chains solved exactly. */
export const exactRouletteRtp = (type: BetType, n: number, rule: ZeroRule): number => {
  const pockets = pocketsFor(rule)
  const pays = Number(PAYS[type]) + 1
  // value of an imprisoned even-money stake at level 1 / level 2 (single-zero wheel, p = 1/37)
  const winP = 18 / 37
  const zeroP = 1 / 37
  // level 2: win → level 1, zero or lose → 0; level 1: win → 1, zero → (double ? level 2 : 0), lose → 0
  // v1 = winP + zeroP * v2 (double) ; v2 = winP * v1  →  v1 = winP / (1 − zeroP·winP)
  const v1Single = winP
  const v1Double = winP / (1 - zeroP * winP)
  let total = 0
  for (let pocket = 0; pocket < pockets; pocket++) {
    if (covers(type, n, pocket)) total += pays
    else if (isZero(pocket) && EVEN_MONEY.has(type)) {
      if (rule === "la_partage") total += 0.5
      else if (rule === "en_prison") total += v1Single
      else if (rule === "en_prison_double") total += v1Double
    }
  }
  return total / pockets
}

/** One bet: set the zero rule, batch the bet (one spin), spin out any prison. */
const playerOf =
  (type: BetType, n: number, rule: ZeroRule): SeatPlayer =>
  (seat) => {
    const s = seat.start(roulette, 0n)
    s.move({ _tag: "SetRule", rule })
    s.move({ _tag: "Batch", bets: [{ type, number: n, amount: STAKE }] })
    for (let spins = 0; !s.complete && spins < 1_000; spins++) s.move({ _tag: "Spin" })
  }

export const ROULETTE_FAIRNESS: ReadonlyArray<FairnessBet> = (["standard", "la_partage", "en_prison", "en_prison_double", "american"] as const).flatMap(
  (rule) =>
    BET_TYPES.filter((t) => validNumber(t, SPOT[t], pocketsFor(rule))).map(
      (type): FairnessBet => ({
        game: "roulette",
        bet_type: type,
        rules: rule,
        super_mode: false,
        theoretical_rtp: exactRouletteRtp(type, SPOT[type], rule),
        source: `exact: every pocket of the ${pocketsFor(rule)}-pocket wheel${rule.startsWith("en_prison") ? ", prison spins solved as a Markov chain" : ""}`,
        main: rule === "standard" && (type === "STRAIGHT" || type === "RED"),
        player: playerOf(type, SPOT[type], rule),
        playRound: (io) => playDirect(io, playerOf(type, SPOT[type], rule))
      })
    )
)

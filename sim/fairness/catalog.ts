/**
 * Every bet the fairness harness measures. A game joins by exporting a `FairnessBet[]` from
 * sim/fairness/games/<game>.ts and being imported here; super-mode entries are derived from the
 * main bets of every game listed.
 */
import { BACCARAT_FAIRNESS } from "./games/baccarat.ts"
import { BLACKJACK_FAIRNESS } from "./games/blackjack.ts"
import { CASINO_WAR_FAIRNESS } from "./games/casino-war.ts"
import { CRAPS_FAIRNESS } from "./games/craps.ts"
import { HILO_FAIRNESS } from "./games/hilo.ts"
import { ROULETTE_FAIRNESS } from "./games/roulette.ts"
import { SIC_BO_FAIRNESS } from "./games/sic-bo.ts"
import { THREE_CARD_FAIRNESS } from "./games/three-card.ts"
import { UTH_FAIRNESS } from "./games/ultimate-holdem.ts"
import { VIDEO_POKER_FAIRNESS } from "./games/video-poker.ts"
import { superFairness } from "./games/super-mode.ts"
import { betKey } from "./monte-carlo.ts"
import type { FairnessBet } from "./types.ts"

export const BASE_FAIRNESS: ReadonlyArray<FairnessBet> = [
  ...BACCARAT_FAIRNESS,
  ...BLACKJACK_FAIRNESS,
  ...CASINO_WAR_FAIRNESS,
  ...CRAPS_FAIRNESS,
  ...VIDEO_POKER_FAIRNESS,
  ...HILO_FAIRNESS,
  ...ROULETTE_FAIRNESS,
  ...SIC_BO_FAIRNESS,
  ...THREE_CARD_FAIRNESS,
  ...UTH_FAIRNESS
]

export const FAIRNESS_CATALOG: ReadonlyArray<FairnessBet> = [...BASE_FAIRNESS, ...superFairness(BASE_FAIRNESS)]

export const catalogByKey = (bets: ReadonlyArray<FairnessBet> = FAIRNESS_CATALOG): ReadonlyMap<string, FairnessBet> => {
  const m = new Map<string, FairnessBet>()
  for (const b of bets) m.set(betKey(b), b)
  return m
}

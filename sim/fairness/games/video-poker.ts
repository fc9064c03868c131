/**
 * Video poker fairness: optimal holds (exact EV of all 32 holds, video-poker-strategy.ts) on both
 * paytables. The figures are those of the exact enumeration of every deal under optimal holds
 * (exactOptimalMoments, run by sim/test/video-poker-fairness.test.ts, which checks these constants
 * and the published returns): RTP 9/6 0.995439, 8/5 0.972984; second moments (E[return²] per unit
 * bet², the royal flush included) 20.5056 and 20.2700 — variance ≈ 19.51 and 19.32.
 */
import type { OutcomeSource } from "../../../engine/games/outcomes.ts"
import type { Paytable } from "../../../engine/games/video-poker/paytable.ts"
import { videoPoker } from "../../../engine/games/video-poker/video-poker.ts"
import { playDirect, type SeatPlayer } from "../seat.ts"
import type { FairnessBet, RoundResult } from "../types.ts"
import { optimalHold, payTables } from "./video-poker-strategy.ts"

const STAKE = 1_000n

/** exactOptimalMoments(payTables(p)).rtp, rounded to 1e-9 (checked by the test) */
export const OPTIMAL_RTP: Readonly<Record<Paytable, number>> = { "9/6": 0.995439044, "8/5": 0.972984338 }
/** exactOptimalMoments(payTables(p)).second_moment, rounded to 1e-6 (checked by the test) */
export const OPTIMAL_SECOND_MOMENT: Readonly<Record<Paytable, number>> = { "9/6": 20.505575, "8/5": 20.269957 }

/** One hand: choose the paytable, then draw with the hold `hold` picks. */
export const videoPokerPlayer =
  (paytable: Paytable, hold: (hand: ReadonlyArray<number>) => boolean[]): SeatPlayer =>
  (seat) => {
    const s = seat.start(videoPoker, STAKE)
    if (s.state.paytable !== paytable) s.move({ _tag: "SetPaytable", paytable })
    s.move({ _tag: "Draw", hold: hold(s.state.hand) })
  }

/** One hand with the rules alone. */
export const playVideoPoker = (io: OutcomeSource, paytable: Paytable, hold: (hand: ReadonlyArray<number>) => boolean[]): RoundResult =>
  playDirect(io, videoPokerPlayer(paytable, hold))

const optimalPlayer = (paytable: Paytable): SeatPlayer => {
  const tables = payTables(paytable)
  return videoPokerPlayer(paytable, (hand) => optimalHold(tables, hand))
}

const bet = (paytable: Paytable): FairnessBet => ({
  game: "video_poker",
  bet_type: "main: optimal hold",
  rules: `paytable=${paytable}`,
  super_mode: false,
  theoretical_rtp: OPTIMAL_RTP[paytable],
  second_moment: OPTIMAL_SECOND_MOMENT[paytable],
  source: "exact: every deal (one per suit class, weighted) × 32 holds, optimal hold; equals the published optimal return",
  main: true,
  player: (seat) => optimalPlayer(paytable)(seat),
  playRound: (io) => playDirect(io, optimalPlayer(paytable))
})

export const VIDEO_POKER_FAIRNESS: ReadonlyArray<FairnessBet> = [bet("9/6"), bet("8/5")]

/**
 * A bet whose fairness is measured: its exact (or stated theoretical) return-to-player, and one
 * round of play through the engine's own game rules with a given outcome source, so the Monte
 * Carlo measurement exercises exactly the code that runs on chain.
 */
import type { OutcomeSource } from "../../engine/games/outcomes.ts"
import type { GameType } from "../../engine/tx/instruction.ts"
import type { SeatPlayer } from "./seat.ts"

export interface RoundResult {
  /** every chip the player paid during the round (stakes, raises, side bets, fees) */
  readonly staked: bigint
  /** every chip returned to the player during the round (refunds and the final return) */
  readonly returned: bigint
}

export interface FairnessBet {
  readonly game: GameType
  /** the bet measured, in the vocabulary's names ("STRAIGHT", "PASS", "main: basic strategy") */
  readonly bet_type: string
  /** table rules in force, e.g. "standard" or "h17=false,decks=8" */
  readonly rules: string
  /** super mode armed for this measurement (fee included in `staked`) */
  readonly super_mode: boolean
  /** exact RTP as a fraction of the amount staked (1 = 100 %) */
  readonly theoretical_rtp: number
  /**
   * exact E[(return / stake)²] of one round when known (fixed-stake bets): the Monte Carlo's
   * standard error is then never taken below the exact one, so a sample that happens to hold none
   * of a rare top award (a royal flush, a triple) cannot shrink the tolerance into a false FAIL
   */
  readonly second_moment?: number
  /** how the theoretical figure was obtained ("exact enumeration of 216 rolls", …) */
  readonly source: string
  /** a main bet gets the full Monte Carlo budget (≥10^7 rounds); side bets may get less */
  readonly main: boolean
  readonly playRound: (io: OutcomeSource) => RoundResult
  /**
   * the round as a player at a seat (sim/fairness/seat.ts), so the same play can run through the
   * session executor: super-mode entries are measured that way
   */
  readonly player?: SeatPlayer
  /**
   * a table opened once per Monte Carlo chunk, playing one round per call (state kept across the
   * chunk's rounds, e.g. the executor's store); when absent every round is `playRound(io)`
   */
  readonly openTable?: (io: OutcomeSource) => () => RoundResult
}

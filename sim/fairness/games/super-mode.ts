/**
 * Super-mode fairness entries: every main bet of every game, played with super armed. A round is
 * the base bet's round through the engine's game rules, then the engine's own super rules
 * (engine/games/super-mode): the 20 % fee on the round's stakes, the round's returns remembered
 * for the lift, and the game's multiplier drawn from the same outcome stream at completion.
 * Theoretical RTP = base theoretical × E[m] / 1.2, exactly (docs/games/super-mode.md).
 */
import { InvalidBet } from "../../../engine/errors.ts"
import { chargeSuper, newSuperRecord, ratioToNumber, returnSuper, settleSuper, superRtpFactor } from "../../../engine/games/super-mode.ts"
import type { OutcomeSource } from "../../../engine/games/outcomes.ts"
import type { FairnessBet, RoundResult } from "../types.ts"

/** One super round on top of a base bet's round. */
export const superRound =
  (base: FairnessBet) =>
  (io: OutcomeSource): RoundResult => {
    const r = base.playRound(io)
    const c = chargeSuper(newSuperRecord(), r.staked)
    if (c instanceof InvalidBet) throw new Error(`${base.game} ${base.bet_type}: ${c.message}`)
    const settled = settleSuper(returnSuper(c.record, r.returned), base.game, io)
    return { staked: r.staked + c.fee, returned: r.returned + settled.bonus }
  }

export const superFairnessOf = (base: FairnessBet): FairnessBet => ({
  ...base,
  super_mode: true,
  theoretical_rtp: base.theoretical_rtp * ratioToNumber(superRtpFactor(base.game)),
  source: `base (${base.source}) × E[m]/1.2 of the ${base.game} super table`,
  playRound: superRound(base)
})

/** Super-mode entries for every main, non-super bet of a catalogue. */
export const superFairness = (bets: ReadonlyArray<FairnessBet>): ReadonlyArray<FairnessBet> =>
  bets.filter((b) => b.main && !b.super_mode).map(superFairnessOf)

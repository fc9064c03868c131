/**
 * Super mode's exact RTP bound against the one source of base theory, the fairness catalogue
 * (sim/fairness/games/<game>.ts): for every main bet of every game, under each rule set the
 * catalogue lists for that bet, RTP_super = RTP_base × E[m]/1.2 lies in [94 %, RTP_base].
 * Blackjack's base is the catalogue's dynamic programme (blackjack-dp.ts), hold'em's the exact
 * enumeration of its near-optimal strategy; no figure is copied here.
 */
import { describe, expect, it } from "vitest"
import { superRtpFactor, type Ratio } from "../../engine/games/super-mode.ts"
import { GAME_TYPES } from "../../engine/tx/instruction.ts"
import { BASE_FAIRNESS } from "../fairness/catalog.ts"
import { MAIN_STRATEGY_RTP } from "../fairness/games/ultimate-holdem.ts"
import { mainBetTheory } from "../fairness/games/blackjack.ts"
import { DEFAULT_RULES } from "../../engine/games/blackjack/rules.ts"
import type { FairnessBet } from "../fairness/types.ts"

const ratio = (r: Ratio): number => Number(r.num) / Number(r.den)
const SUPER_RTP_MIN = 0.94

/** the catalogue's main bets and the same bets under the game's other rule sets */
const mainBets = (): ReadonlyArray<FairnessBet> => {
  const mains = BASE_FAIRNESS.filter((b) => b.main && !b.super_mode)
  return BASE_FAIRNESS.filter((b) => !b.super_mode && mains.some((m) => m.game === b.game && m.bet_type === b.bet_type))
}

describe("super-mode RTP against the fairness catalogue", () => {
  it("every game has a main bet in the catalogue", () => {
    const games = new Set(mainBets().map((b) => b.game))
    for (const g of GAME_TYPES) expect(games.has(g), g).toBe(true)
  })

  it("RTP_super = RTP_base × E[m]/1.2 lies in [94 %, RTP_base] for every main bet and rule set", () => {
    for (const b of mainBets()) {
      const base = b.theoretical_rtp
      const sup = base * ratio(superRtpFactor(b.game))
      const what = `${b.game} ${b.bet_type} (${b.rules}): base ${(base * 100).toFixed(4)} %, super ${(sup * 100).toFixed(4)} %`
      expect(base > 0 && base < 1, what).toBe(true)
      expect(sup, what).toBeLessThanOrEqual(base)
      expect(sup, what).toBeGreaterThanOrEqual(SUPER_RTP_MIN)
    }
  })

  it("blackjack and hold'em rows carry the corrected theory (DP per chip staked; hold'em's exact strategy value)", () => {
    const bj = mainBets().filter((b) => b.game === "blackjack")
    expect(bj.length).toBeGreaterThanOrEqual(2)
    const main = bj.find((b) => b.main)
    expect(main?.theoretical_rtp).toBe(mainBetTheory(DEFAULT_RULES).shoe.rtp)
    // the 6:5 table pays less than 3:2 on naturals, so its theory sits below the default's
    const sixFive = bj.find((b) => b.rules.includes("6_5"))
    expect(sixFive !== undefined && main !== undefined && sixFive.theoretical_rtp < main.theoretical_rtp).toBe(true)
    const uth = mainBets().filter((b) => b.game === "ultimate_holdem")
    expect(uth.map((b) => b.theoretical_rtp)).toEqual(uth.map(() => MAIN_STRATEGY_RTP))
  })
})

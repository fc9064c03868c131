/**
 * Casino War fairness: exact RTP with card removal from a six-deck shoe. The first two cards tie
 * with P = 23/311; at war the three burned cards are unseen, so the war cards are two draws from
 * the 310 cards left (22 of the tied rank, 24 of each other rank). The ante is measured with the
 * two strategies after a tie (always war, always surrender), under both tie-after-tie rules; the
 * Tie side bet alone (its stake and its return), at 10:1 and 11:1.
 */
import { casinoWar, initialCasinoWarState, type CasinoWarState } from "../../../engine/games/casino-war/casino-war.ts"
import { DECKS } from "../../../engine/games/casino-war/casino-war.ts"
import { isGameError, type GameStep } from "../../../engine/games/game.ts"
import type { OutcomeSource } from "../../../engine/games/outcomes.ts"
import { playDirect, type SeatPlayer } from "../seat.ts"
import type { FairnessBet, RoundResult } from "../types.ts"

const ANTE = 1_000n
const PER_RANK = 4 * DECKS
const SHOE = 52 * DECKS

/** P(the first two cards tie) */
export const P_TIE = (PER_RANK - 1) / (SHOE - 1)
const P_PLAYER_HIGHER = (1 - P_TIE) / 2
/** at war: P(war cards tie), P(player's war card strictly higher) */
const left = SHOE - 2
export const P_WAR_TIE = ((PER_RANK - 2) * (PER_RANK - 3) + 12 * PER_RANK * (PER_RANK - 1)) / (left * (left - 1))
const P_WAR_HIGHER = (1 - P_WAR_TIE) / 2

/** exact RTP (Σ returned / Σ staked per round) of the ante under a strategy */
export const exactAnteRtp = (strategy: "war" | "surrender", bonus: boolean): number => {
  const a = Number(ANTE)
  if (strategy === "surrender") return (P_PLAYER_HIGHER * 2 * a + P_TIE * Math.floor(a / 2)) / a
  const warReturn = P_WAR_HIGHER * 3 * a + P_WAR_TIE * (bonus ? 4 : 3) * a
  return (P_PLAYER_HIGHER * 2 * a + P_TIE * warReturn) / (a * (1 + P_TIE))
}

export const exactTieRtp = (pays11: boolean): number => P_TIE * (pays11 ? 12 : 11)

const apply = (s: GameStep<CasinoWarState> | ReturnType<typeof casinoWar.move>): GameStep<CasinoWarState> => {
  if (isGameError(s)) throw new Error(`casino war fairness round refused: ${s.message}`)
  return s
}

const rulesOf = (bonus: boolean, pays11: boolean): CasinoWarState => ({ ...initialCasinoWarState(ANTE), tie_after_tie_bonus: bonus, tie_pays_11: pays11 })

/** The ante alone: set the tie-after-tie rule, play, and on a tie go to war or surrender. */
const antePlayer =
  (strategy: "war" | "surrender", bonus: boolean): SeatPlayer =>
  (seat) => {
    const s = seat.start(casinoWar, ANTE)
    s.move({ _tag: "SetRules", tie_pays_11: false, tie_after_tie_bonus: bonus })
    s.move({ _tag: "Play" })
    if (!s.complete) s.move(strategy === "war" ? { _tag: "War" } : { _tag: "Surrender" })
  }

/** the Tie bet alone: its stake, and the credit paid at a tie (the ante's flows are not counted) */
const tieRound =
  (pays11: boolean) =>
  (io: OutcomeSource): RoundResult => {
    const set = apply(casinoWar.move(rulesOf(true, pays11), { _tag: "SetTieBet", amount: ANTE }, io))
    const played = apply(casinoWar.move(set.state, { _tag: "Play" }, io))
    return { staked: set.charge, returned: played.state.phase === "war" ? played.credit : 0n }
  }

const base = { game: "casino_war", super_mode: false } as const

export const CASINO_WAR_FAIRNESS: ReadonlyArray<FairnessBet> = [
  ...[true, false].flatMap((bonus) =>
    (["war", "surrender"] as const).map(
      (strategy): FairnessBet => ({
        ...base,
        bet_type: `ANTE (${strategy} on a tie)`,
        rules: `tie_after_tie_bonus=${bonus}`,
        theoretical_rtp: exactAnteRtp(strategy, bonus),
        source: "exact: six-deck card removal (23/311 tie; war cards from the 310 left)",
        main: strategy === "war" && bonus,
        player: antePlayer(strategy, bonus),
        playRound: (io) => playDirect(io, antePlayer(strategy, bonus))
      })
    )
  ),
  ...[false, true].map(
    (pays11): FairnessBet => ({
      ...base,
      bet_type: "TIE",
      rules: `tie_pays_11=${pays11}`,
      theoretical_rtp: exactTieRtp(pays11),
      source: "exact: P(first two cards tie) = 23/311",
      main: false,
      playRound: tieRound(pays11)
    })
  )
]

/**
 * Super-mode fairness entries: every main bet of every game, played with super armed through the
 * engine's own instruction path (sim/fairness/seat.ts ExecutorTable): PlayerAction arms super,
 * StartGame and GameMove run the session executor (engine/games/session.ts), which charges the
 * fees, refunds them with unplayed stakes, draws the multiplier from its own "super" stream at
 * completion and pays the lift. The round's staked and returned chips are what the executor
 * charged and credited; nothing of super mode is computed here.
 * Theoretical RTP = base theoretical × E[m] / 1.2, exactly (docs/games/super-mode.md).
 */
import { expectedMultiplier, superRtpFactor, SUPER_TABLES, tableWeight, type Ratio } from "../../../engine/games/super-mode.ts"
import { blackjack } from "../../../engine/games/blackjack/blackjack.ts"
import { ultimateHoldem } from "../../../engine/games/ultimate-holdem/ultimate-holdem.ts"
import type { GameType } from "../../../engine/tx/instruction.ts"
import { ExecutorTable, type SeatPlayer } from "../seat.ts"
import type { FairnessBet } from "../types.ts"
import { basicStrategyMove } from "./blackjack-strategy.ts"
import { betsRiver as raisesRiver, raisesFlop, raisesPreflop } from "./ultimate-holdem-strategy.ts"

const ratio = (r: Ratio): number => Number(r.num) / Number(r.den)

/** E[m²] of a game's table (m as a multiple of 1). */
export const expectedMultiplierSquared = (game: GameType): number => {
  const t = SUPER_TABLES[game]
  return t.reduce((a, e) => a + e.weight * (e.multiplier_tenths / 10) ** 2, 0) / tableWeight(t)
}

/**
 * Players for main bets whose fairness file does not define one yet (blackjack and hold'em: the
 * same moves as their `playRound`, at a seat). Keyed by game; each must match its base bet's rules.
 */
const FALLBACK_PLAYERS: Partial<Record<GameType, (b: FairnessBet) => SeatPlayer | undefined>> = {
  blackjack: (b) =>
    b.rules.startsWith("default:")
      ? (seat) => {
          const s = seat.start(blackjack, 1_000n)
          s.move({ _tag: "Deal" })
          for (let n = 0; !s.complete && n < 64; n++) s.move(basicStrategyMove(s.state))
        }
      : undefined,
  ultimate_holdem: (b) =>
    b.rules === "dealer_needs_pair=true,allow_3x=true,allow_4x=true"
      ? (seat) => {
          const s = seat.start(ultimateHoldem, 1_000n)
          s.move({ _tag: "Deal" })
          if (raisesPreflop(s.state.hole)) s.move({ _tag: "Bet", multiplier: 4 })
          else {
            s.move({ _tag: "Check" })
            const flop = s.state
            if (raisesFlop(flop.hole, flop.board)) s.move({ _tag: "Bet", multiplier: 2 })
            else {
              s.move({ _tag: "Check" })
              const river = s.state
              s.move(raisesRiver(river.hole, river.board) ? { _tag: "Bet", multiplier: 1 } : { _tag: "Fold" })
            }
          }
          if (s.state.stage === "awaiting_reveal") s.move({ _tag: "Reveal" })
        }
      : undefined
}

/** The seat player of a base bet: its own, or the fallback for its game; refused when neither exists. */
export const playerFor = (b: FairnessBet): SeatPlayer => {
  const p = b.player ?? FALLBACK_PLAYERS[b.game]?.(b)
  if (p === undefined) throw new Error(`${b.game} ${b.bet_type} (${b.rules}) has no seat player: super mode cannot be measured through the executor`)
  return p
}

export const superFairnessOf = (base: FairnessBet): FairnessBet => {
  const player = playerFor(base)
  const factor = ratio(superRtpFactor(base.game))
  const m = ratio(expectedMultiplier(base.game))
  // the base figures may be exact enumerations behind getters (a spread would run them): read
  // them only when asked, so loading the catalogue stays cheap (a worker thread imports it
  // before its first cell)
  return {
    game: base.game,
    bet_type: base.bet_type,
    rules: base.rules,
    main: base.main,
    super_mode: true,
    get theoretical_rtp() {
      return base.theoretical_rtp * factor
    },
    // return × m over a stake × 1.2, m independent of the round: E[(X·m / 1.2)²] = E[X²]·E[m²]/1.44
    get second_moment() {
      return base.second_moment === undefined ? undefined : (base.second_moment * expectedMultiplierSquared(base.game)) / 1.44
    },
    get source() {
      return `base (${base.source}) × E[m]/1.2 = ${m.toFixed(4)}/1.2 of the ${base.game} super table; measured through the session executor`
    },
    player,
    playRound: (io) => new ExecutorTable(io, true).play(player),
    openTable: (io) => {
      const table = new ExecutorTable(io, true)
      return () => table.play(player)
    }
  }
}

/** Super-mode entries for every main, non-super bet of a catalogue. */
export const superFairness = (bets: ReadonlyArray<FairnessBet>): ReadonlyArray<FairnessBet> =>
  bets.filter((b) => b.main && !b.super_mode).map(superFairnessOf)

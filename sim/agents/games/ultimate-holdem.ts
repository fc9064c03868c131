/**
 * Ultimate Texas Hold'em: deal, then the near-optimal strategy (sim/fairness/games/ultimate-holdem-strategy.ts);
 * a play bet the stack cannot cover becomes a check (pre-flop, flop) or a fold (river).
 */
import { encodeUthMove, ultimateHoldem, type UthMove } from "../../../engine/games/ultimate-holdem/ultimate-holdem.ts"
import { uthStrategyMove } from "../../fairness/games/ultimate-holdem-strategy.ts"
import { stateDecoder, type GamePlayer } from "./game-player.ts"

const decode = stateDecoder(ultimateHoldem.stateSchema)

export const ultimateHoldemPlayer: GamePlayer = {
  game: "ultimate_holdem",
  // ante and blind at the start, up to 4 × ante on the play bet
  cover: 6n,
  open: (stake) => ({ bet: stake, moves: [encodeUthMove({ _tag: "Deal" })] }),
  next: (stored, ctx) => {
    const s = decode(stored)
    if (s === undefined || s.stage === "complete") return undefined
    if (s.stage === "betting") return encodeUthMove({ _tag: "Deal" })
    let m: UthMove | undefined = uthStrategyMove(s)
    if (m === undefined) return undefined
    if (m._tag === "Bet" && ctx.stack < s.ante * BigInt(m.multiplier)) m = s.stage === "river" ? { _tag: "Fold" } : { _tag: "Check" }
    return encodeUthMove(m)
  }
}

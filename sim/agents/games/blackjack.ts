/** Blackjack: deal, then basic strategy (sim/fairness/games/blackjack-strategy.ts) until the reveal. */
import { blackjack, encodeBlackjackMove, type BlackjackMove } from "../../../engine/games/blackjack/blackjack.ts"
import { basicStrategyMove } from "../../fairness/games/blackjack-strategy.ts"
import { stateDecoder, type GamePlayer } from "./game-player.ts"

const decode = stateDecoder(blackjack.stateSchema)

export const blackjackPlayer: GamePlayer = {
  game: "blackjack",
  cover: 4n,
  open: (stake) => ({ bet: stake, moves: [encodeBlackjackMove({ _tag: "Deal" })] }),
  next: (stored, ctx) => {
    const s = decode(stored)
    if (s === undefined || s.stage === "complete") return undefined
    if (s.stage === "betting") return encodeBlackjackMove({ _tag: "Deal" })
    let m: BlackjackMove = basicStrategyMove(s)
    // a double or split wagers the hand's bet again: without the chips, hit instead
    const hand = s.hands[s.active]
    if ((m._tag === "Double" || m._tag === "Split") && hand !== undefined && ctx.stack < s.bet * BigInt(hand.bet_mult)) m = { _tag: "Hit" }
    return encodeBlackjackMove(m)
  }
}

/** Three Card Poker: deal, play Q-6-4 or better (the standard strategy; engine/games/three-card/hand.ts playsQ64), else fold; reveal. */
import { evaluateThree, playsQ64 } from "../../../engine/games/three-card/hand.ts"
import { encodeThreeCardMove, threeCard } from "../../../engine/games/three-card/three-card.ts"
import { stateDecoder, type GamePlayer } from "./game-player.ts"

const decode = stateDecoder(threeCard.stateSchema)

export const threeCardPlayer: GamePlayer = {
  game: "three_card",
  cover: 2n,
  open: (stake) => ({ bet: stake, moves: [encodeThreeCardMove({ _tag: "Deal" })] }),
  next: (stored, ctx) => {
    const s = decode(stored)
    if (s === undefined) return undefined
    switch (s.stage) {
      case "betting":
        return encodeThreeCardMove({ _tag: "Deal" })
      case "decision":
        return encodeThreeCardMove(playsQ64(evaluateThree(s.player)) && ctx.stack >= s.ante ? { _tag: "Play" } : { _tag: "Fold" })
      case "awaiting_reveal":
        return encodeThreeCardMove({ _tag: "Reveal" })
      case "complete":
        return undefined
    }
  }
}

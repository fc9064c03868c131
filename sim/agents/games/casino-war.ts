/** Casino War: play; on a tie go to war (the better play) when the raise is affordable, else surrender. */
import { casinoWar, encodeCasinoWarMove } from "../../../engine/games/casino-war/casino-war.ts"
import { stateDecoder, type GamePlayer } from "./game-player.ts"

const decode = stateDecoder(casinoWar.stateSchema)

export const casinoWarPlayer: GamePlayer = {
  game: "casino_war",
  cover: 2n,
  open: (stake) => ({ bet: stake, moves: [encodeCasinoWarMove({ _tag: "Play" })] }),
  next: (stored, ctx) => {
    const s = decode(stored)
    if (s === undefined || s.phase === "done") return undefined
    if (s.phase === "betting") return encodeCasinoWarMove({ _tag: "Play" })
    return encodeCasinoWarMove(ctx.stack >= s.ante ? { _tag: "War" } : { _tag: "Surrender" })
  }
}

/** Video Poker (9/6): the optimal hold of every hand (sim/fairness/games/video-poker-strategy.ts). */
import { encodeVideoPokerMove, videoPoker } from "../../../engine/games/video-poker/video-poker.ts"
import { optimalHold, payTables, type PayTables } from "../../fairness/games/video-poker-strategy.ts"
import { stateDecoder, type GamePlayer } from "./game-player.ts"

const decode = stateDecoder(videoPoker.stateSchema)
const tables = new Map<string, PayTables>()
const tablesFor = (paytable: "9/6" | "8/5"): PayTables => {
  const hit = tables.get(paytable)
  if (hit !== undefined) return hit
  const t = payTables(paytable)
  tables.set(paytable, t)
  return t
}

export const videoPokerPlayer: GamePlayer = {
  game: "video_poker",
  cover: 1n,
  open: (stake) => ({ bet: stake, moves: [] }),
  next: (stored) => {
    const s = decode(stored)
    if (s === undefined || s.phase !== "deal") return undefined
    return encodeVideoPokerMove({ _tag: "Draw", hold: optimalHold(tablesFor(s.paytable), s.hand) })
  }
}

/** Hi-Lo: call the likelier side and cash out after two correct calls (sim/fairness/games/hilo.ts likelierSide). */
import { encodeHiloMove, hilo } from "../../../engine/games/hilo/hilo.ts"
import { likelierSide } from "../../fairness/games/hilo.ts"
import { stateDecoder, type GamePlayer } from "./game-player.ts"

const decode = stateDecoder(hilo.stateSchema)

export const hiloPlayer: GamePlayer = {
  game: "hilo",
  cover: 1n,
  open: (stake) => ({ bet: stake, moves: [] }),
  next: (stored) => {
    const s = decode(stored)
    if (s === undefined || s.phase !== "playing") return undefined
    const action = likelierSide(s.current, s.streak)
    return encodeHiloMove({ _tag: action === "cash_out" ? "CashOut" : action === "higher" ? "Higher" : action === "lower" ? "Lower" : "Same" })
  }
}

/** Video poker vocabulary (VOCABULARY.md §2.11) → video poker moves. */
import { videoPoker } from "../../../engine/games/video-poker/video-poker.ts"
import { PAYTABLES } from "../../../engine/games/video-poker/paytable.ts"
import { field, unknownName, type GameAdapter } from "./adapter.ts"

export const videoPokerAdapter: GameAdapter = {
  game: "video_poker",
  rules: (rules) =>
    Object.entries(rules).map(([name, value]) => {
      if (name !== "paytable") return unknownName("video poker rule", name)
      const paytable = PAYTABLES.find((p) => p === value) ?? unknownName("video poker paytable", value)
      return videoPoker.encodeMove({ _tag: "SetPaytable", paytable })
    }),
  move: (m) => {
    if (m.move !== "draw") return unknownName("video poker move", m.move)
    const hold = field(m, "hold")
    if (!Array.isArray(hold) || hold.length !== 5 || !hold.every((h) => typeof h === "boolean")) return unknownName("hold list (5 booleans)", hold)
    return videoPoker.encodeMove({ _tag: "Draw", hold: hold.map((h) => h === true) })
  }
}

/** Hi-Lo vocabulary (VOCABULARY.md §2.6) → hi-lo moves. */
import { hilo, type HiloMove } from "../../../engine/games/hilo/hilo.ts"
import { unknownName, type GameAdapter } from "./adapter.ts"

const TAGS: Readonly<Record<string, HiloMove["_tag"]>> = { higher: "Higher", lower: "Lower", same: "Same", cash_out: "CashOut" }

export const hiloAdapter: GameAdapter = {
  game: "hilo",
  rules: (rules) => Object.keys(rules).map((name) => unknownName("hi-lo rule", name)),
  move: (m) => {
    const tag = typeof m.move === "string" ? TAGS[m.move] : undefined
    if (tag === undefined) return unknownName("hi-lo move", m.move)
    return hilo.encodeMove({ _tag: tag })
  }
}

/** Casino War vocabulary (VOCABULARY.md §2.4) → casino war moves. */
import { casinoWar, type CasinoWarMove } from "../../../engine/games/casino-war/casino-war.ts"
import { amountField, field, unknownName, type GameAdapter } from "./adapter.ts"

const encode = (m: CasinoWarMove): Uint8Array => casinoWar.encodeMove(m)

const flag = (name: string, v: unknown): boolean => (typeof v === "boolean" ? v : unknownName(`value of rule ${name}`, v))

export const casinoWarAdapter: GameAdapter = {
  game: "casino_war",
  rules: (rules) => {
    const names = Object.keys(rules)
    if (names.length === 0) return []
    let tie_pays_11 = false
    let tie_after_tie_bonus = true
    for (const name of names) {
      if (name === "tie_pays_11") tie_pays_11 = flag(name, rules[name])
      else if (name === "tie_after_tie_bonus") tie_after_tie_bonus = flag(name, rules[name])
      else unknownName("casino war rule", name)
    }
    return [encode({ _tag: "SetRules", tie_pays_11, tie_after_tie_bonus })]
  },
  move: (m) => {
    switch (m.move) {
      case "set_side_bet": {
        const type = field(m, "type")
        if (type !== "TIE") return unknownName("casino war side bet", type)
        return encode({ _tag: "SetTieBet", amount: amountField(m) })
      }
      case "play":
        return encode({ _tag: "Play" })
      case "war":
        return encode({ _tag: "War" })
      case "surrender":
        return encode({ _tag: "Surrender" })
      default:
        return unknownName("casino war move", m.move)
    }
  }
}

/** Baccarat vocabulary (VOCABULARY.md §2.2) → baccarat moves. No table rule is settable. */
import { baccarat, type BaccaratMove } from "../../../engine/games/baccarat/baccarat.ts"
import { BET_TYPES } from "../../../engine/games/baccarat/bets.ts"
import { amountField, field, unknownName, type GameAdapter } from "./adapter.ts"

const bet = (m: Readonly<Record<string, unknown>>) => {
  const name = field(m, "type")
  const type = BET_TYPES.find((t) => t === name) ?? unknownName("baccarat bet type", name)
  return { type, amount: amountField(m) }
}

const encode = (m: BaccaratMove): Uint8Array => baccarat.encodeMove(m)

export const baccaratAdapter: GameAdapter = {
  game: "baccarat",
  rules: (rules) => Object.keys(rules).map((name) => unknownName("baccarat rule", name)),
  move: (m) => {
    switch (m.move) {
      case "place_bet":
        return encode({ _tag: "PlaceBet", bet: bet(m) })
      case "deal":
        return encode({ _tag: "Deal" })
      case "clear_bets":
        return encode({ _tag: "ClearBets" })
      case "batch": {
        const bets = field(m, "bets")
        if (!Array.isArray(bets)) return unknownName("batch bets", bets)
        return encode({ _tag: "Batch", bets: bets.map((b: Record<string, unknown>) => bet(b)) })
      }
      default:
        return unknownName("baccarat move", m.move)
    }
  }
}

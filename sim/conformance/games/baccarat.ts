/** Baccarat vocabulary (VOCABULARY.md §2.2) → baccarat moves. No table rule is settable. */
import { baccarat, type BaccaratMove } from "../../../engine/games/baccarat/baccarat.ts"
import { BET_TYPES } from "../../../engine/games/baccarat/bets.ts"
import { amountField, batchBets, field, oneOf, unknownName, type GameAdapter } from "./adapter.ts"

const bet = (m: Readonly<Record<string, unknown>>) => {
  const name = field(m, "type")
  const type = oneOf(BET_TYPES, name, "baccarat bet type")
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
      case "batch":
        return encode({ _tag: "Batch", bets: batchBets(m, bet) })
      default:
        return unknownName("baccarat move", m.move)
    }
  }
}

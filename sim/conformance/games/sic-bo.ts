/** Sic Bo vocabulary (VOCABULARY.md §2.8) → sic bo moves. */
import { sicBo, type SicBoMove } from "../../../engine/games/sic-bo/sic-bo.ts"
import { BET_TYPES, PAYTABLES } from "../../../engine/games/sic-bo/bets.ts"
import { amountField, batchBets, field, intField, oneOf, unknownName, type GameAdapter } from "./adapter.ts"

const encode = (m: SicBoMove): Uint8Array => sicBo.encodeMove(m)

const bet = (m: Readonly<Record<string, unknown>>) => {
  const name = field(m, "type")
  const type = oneOf(BET_TYPES, name, "sic bo bet type")
  return { type, number: intField(m, "number", 0), amount: amountField(m) }
}

export const sicBoAdapter: GameAdapter = {
  game: "sic_bo",
  rules: (rules) =>
    Object.entries(rules).map(([name, value]) => {
      if (name !== "paytable") return unknownName("sic bo rule", name)
      const paytable = oneOf(PAYTABLES, value, "sic bo paytable")
      return encode({ _tag: "SetPaytable", paytable })
    }),
  move: (m) => {
    switch (m.move) {
      case "place_bet":
        return encode({ _tag: "PlaceBet", bet: bet(m) })
      case "roll":
        return encode({ _tag: "Roll" })
      case "clear_bets":
        return encode({ _tag: "ClearBets" })
      case "batch":
        return encode({ _tag: "Batch", bets: batchBets(m, bet) })
      default:
        return unknownName("sic bo move", m.move)
    }
  }
}

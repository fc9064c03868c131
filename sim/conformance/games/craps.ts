/** Craps vocabulary (VOCABULARY.md §2.5) → craps moves. HARDWAY + target 4/6/8/10 → HARDWAY_4 … HARDWAY_10. */
import { craps, type CrapsMove, type PlacedBet } from "../../../engine/games/craps/craps.ts"
import { BET_TYPES, type BetType } from "../../../engine/games/craps/bets.ts"
import { amountField, batchBets, field, intField, oneOf, unknownName, type GameAdapter } from "./adapter.ts"

const HARDWAYS: Readonly<Record<number, BetType>> = { 4: "HARDWAY_4", 6: "HARDWAY_6", 8: "HARDWAY_8", 10: "HARDWAY_10" }

const bet = (m: Readonly<Record<string, unknown>>): PlacedBet => {
  const name = field(m, "type")
  const amount = amountField(m)
  if (name === "HARDWAY") {
    const target = intField(m, "target")
    const type = HARDWAYS[target] ?? unknownName("hardway number", target)
    return { type, target, amount }
  }
  const type = oneOf(BET_TYPES, name, "craps bet type")
  return { type, target: intField(m, "target", 0), amount }
}

const encode = (m: CrapsMove): Uint8Array => craps.encodeMove(m)

export const crapsAdapter: GameAdapter = {
  game: "craps",
  rules: (rules) => Object.keys(rules).map((name) => unknownName("craps rule", name)),
  move: (m) => {
    switch (m.move) {
      case "place_bet":
        return encode({ _tag: "PlaceBet", bet: bet(m) })
      case "add_odds":
        return encode({ _tag: "AddOdds", amount: amountField(m) })
      case "roll":
        return encode({ _tag: "Roll" })
      case "clear_bets":
        return encode({ _tag: "ClearBets" })
      case "batch":
        return encode({ _tag: "Batch", bets: batchBets(m, bet) })
      default:
        return unknownName("craps move", m.move)
    }
  }
}

/** Roulette vocabulary (VOCABULARY.md §2.7) → roulette moves. */
import { roulette, ZERO_RULES, type RouletteMove } from "../../../engine/games/roulette/roulette.ts"
import { BET_TYPES, type BetType } from "../../../engine/games/roulette/bets.ts"
import { amountField, batchBets, field, intField, oneOf, unknownName, type GameAdapter } from "./adapter.ts"

const NAMED: Readonly<Record<string, readonly [BetType, number]>> = {
  DOZEN_1: ["DOZEN", 0],
  DOZEN_2: ["DOZEN", 1],
  DOZEN_3: ["DOZEN", 2],
  COL_1: ["COLUMN", 0],
  COL_2: ["COLUMN", 1],
  COL_3: ["COLUMN", 2],
  ZERO: ["STRAIGHT", 0]
}

const bet = (m: Readonly<Record<string, unknown>>) => {
  const name = field(m, "type")
  const amount = amountField(m)
  if (typeof name === "string" && name in NAMED) {
    const [type, number] = NAMED[name]!
    return { type, number, amount }
  }
  const type = oneOf(BET_TYPES, name, "roulette bet type")
  return { type, number: intField(m, "number", 0), amount }
}

const encode = (m: RouletteMove): Uint8Array => roulette.encodeMove(m)

export const rouletteAdapter: GameAdapter = {
  game: "roulette",
  rules: (rules) =>
    Object.entries(rules).map(([name, value]) => {
      if (name !== "zero_rule") return unknownName("roulette rule", name)
      const rule = oneOf(ZERO_RULES, value, "zero rule")
      return encode({ _tag: "SetRule", rule })
    }),
  move: (m) => {
    switch (m.move) {
      case "place_bet":
        return encode({ _tag: "PlaceBet", bet: bet(m) })
      case "spin":
        return encode({ _tag: "Spin" })
      case "clear_bets":
        return encode({ _tag: "ClearBets" })
      case "batch":
        return encode({ _tag: "Batch", bets: batchBets(m, bet) })
      default:
        return unknownName("roulette move", m.move)
    }
  }
}

/** Blackjack vocabulary (VOCABULARY.md §2.3) → blackjack moves. */
import { blackjack, type BlackjackMove } from "../../../engine/games/blackjack/blackjack.ts"
import { DECK_CHOICES, DEFAULT_RULES, type BlackjackRules } from "../../../engine/games/blackjack/rules.ts"
import { amountField, field, unknownName, type GameAdapter } from "./adapter.ts"

const encode = (m: BlackjackMove): Uint8Array => blackjack.encodeMove(m)

const FLAG_NAMES = ["h17", "blackjack_pays_6_5", "surrender", "double_after_split", "resplit_aces", "hit_split_aces"] as const

const rulesOf = (rules: Readonly<Record<string, unknown>>): BlackjackRules => {
  let r: BlackjackRules = DEFAULT_RULES
  for (const [name, value] of Object.entries(rules)) {
    if (name === "decks") {
      const decks = DECK_CHOICES.find((d) => d === value || String(d) === value) ?? unknownName("blackjack deck count", value)
      r = { ...r, decks }
      continue
    }
    const flag = FLAG_NAMES.find((f) => f === name) ?? unknownName("blackjack rule", name)
    if (typeof value !== "boolean") return unknownName(`value of blackjack rule ${name}`, value)
    r = { ...r, [flag]: value }
  }
  return r
}

export const blackjackAdapter: GameAdapter = {
  game: "blackjack",
  rules: (rules) => (Object.keys(rules).length === 0 ? [] : [encode({ _tag: "SetRules", rules: rulesOf(rules) })]),
  move: (m) => {
    switch (m.move) {
      case "set_side_bet": {
        const type = field(m, "type")
        if (type !== "TWENTY_ONE_PLUS_THREE") return unknownName("blackjack side bet type", type)
        return encode({ _tag: "SetSideBet", amount: amountField(m) })
      }
      case "deal":
        return encode({ _tag: "Deal" })
      case "atomic_deal":
        return encode({ _tag: "AtomicDeal", side_bet: amountField(m, "side_bet") })
      case "hit":
        return encode({ _tag: "Hit" })
      case "stand":
        return encode({ _tag: "Stand" })
      case "double":
        return encode({ _tag: "Double" })
      case "split":
        return encode({ _tag: "Split" })
      case "surrender":
        return encode({ _tag: "Surrender" })
      case "reveal":
        return encode({ _tag: "Reveal" })
      default:
        return unknownName("blackjack move", m.move)
    }
  }
}

/** Three Card Poker vocabulary (VOCABULARY.md §2.9) → three card moves. */
import { threeCard, SIDE_BETS, type ThreeCardMove } from "../../../engine/games/three-card/three-card.ts"
import { QUALIFIERS } from "../../../engine/games/three-card/hand.ts"
import { amountField, field, unknownName, type GameAdapter } from "./adapter.ts"

const encode = (m: ThreeCardMove): Uint8Array => threeCard.encodeMove(m)

export const threeCardAdapter: GameAdapter = {
  game: "three_card",
  rules: (rules) =>
    Object.entries(rules).map(([name, value]) => {
      if (name !== "qualifier") return unknownName("three card rule", name)
      const qualifier = QUALIFIERS.find((q) => q === value) ?? unknownName("three card qualifier", value)
      return encode({ _tag: "SetRules", qualifier })
    }),
  move: (m) => {
    switch (m.move) {
      case "set_side_bet": {
        const type = field(m, "type")
        const bet = SIDE_BETS.find((b) => b === type) ?? unknownName("three card side bet type", type)
        return encode({ _tag: "SetSideBet", bet, amount: amountField(m) })
      }
      case "deal":
        return encode({ _tag: "Deal" })
      case "atomic_deal":
        return encode({
          _tag: "AtomicDeal",
          pair_plus: amountField(m, "pair_plus"),
          six_card: amountField(m, "six_card"),
          progressive: amountField(m, "progressive")
        })
      case "play":
        return encode({ _tag: "Play" })
      case "fold":
        return encode({ _tag: "Fold" })
      case "reveal":
        return encode({ _tag: "Reveal" })
      default:
        return unknownName("three card move", m.move)
    }
  }
}

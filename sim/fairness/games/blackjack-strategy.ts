/**
 * Basic strategy for the engine's blackjack (total-dependent, multi-deck), adapted to the table's
 * rules: H17/S17 soft doubles, double after split, late surrender, and the no-peek game (the
 * dealer's blackjack takes doubles and splits, so 11 and 10 are not doubled and 8-8 / A-A are not
 * split against a Ten or an Ace). It reads the state through the engine's own predicates.
 */
import { rankIndex } from "../../../engine/games/cards.ts"
import { activeHand, canDouble, canSplit, canSurrender, type BlackjackMove, type BlackjackState } from "../../../engine/games/blackjack/blackjack.ts"
import { cardPoints, handTotal } from "../../../engine/games/blackjack/hand.ts"

type Decision = "H" | "S" | "D" | "Ds" | "P" | "R"

/** dealer up card as 2..11 (Ace = 11) */
const upValue = (s: BlackjackState): number => cardPoints(s.dealer[0] ?? 0)

const hardDecision = (total: number, up: number, s: BlackjackState): Decision => {
  if (s.rules.surrender) {
    if (total === 16 && up >= 9) return "R"
    if (total === 15 && (up === 10 || (up === 11 && s.rules.h17))) return "R"
    if (total === 17 && up === 11 && s.rules.h17) return "R"
  }
  if (total <= 8) return "H"
  if (total === 9) return up >= 3 && up <= 6 ? "D" : "H"
  if (total === 10 || total === 11) return up <= 9 ? "D" : "H"
  if (total === 12) return up >= 4 && up <= 6 ? "S" : "H"
  if (total <= 16) return up <= 6 ? "S" : "H"
  return "S"
}

const softDecision = (total: number, up: number, s: BlackjackState): Decision => {
  if (total <= 14) return up === 5 || up === 6 ? "D" : "H"
  if (total <= 16) return up >= 4 && up <= 6 ? "D" : "H"
  if (total === 17) return up >= 3 && up <= 6 ? "D" : "H"
  if (total === 18) {
    if (up >= (s.rules.h17 ? 2 : 3) && up <= 6) return "Ds"
    return up <= 8 ? "S" : "H"
  }
  if (total === 19) return up === 6 && s.rules.h17 ? "Ds" : "S"
  return "S"
}

const splitPair = (pairRank: number, up: number, das: boolean): boolean => {
  switch (pairRank) {
    case 0: // aces
      return up !== 11
    case 9:
    case 10:
    case 11:
    case 12:
      return false
    case 8: // nines
      return up <= 9 && up !== 7
    case 7: // eights
      return up <= 9
    case 6: // sevens
      return up <= 7
    case 5: // sixes
      return das ? up <= 6 : up >= 3 && up <= 6
    case 4: // fives: play as 10
      return false
    case 3: // fours
      return das && (up === 5 || up === 6)
    default: // twos, threes
      return das ? up <= 7 : up >= 4 && up <= 7
  }
}

/** The move basic strategy makes in this state. */
export const basicStrategyMove = (s: BlackjackState): BlackjackMove => {
  if (s.stage !== "player_turn") return { _tag: "Reveal" }
  const h = activeHand(s)
  if (h === undefined) return { _tag: "Reveal" }
  const up = upValue(s)
  if (canSplit(s, h) && splitPair(rankIndex(h.cards[0]!), up, s.rules.double_after_split)) return { _tag: "Split" }
  const t = handTotal(h.cards)
  const d = t.soft ? softDecision(t.total, up, s) : hardDecision(t.total, up, s)
  switch (d) {
    case "R":
      if (canSurrender(s, h)) return { _tag: "Surrender" }
      return hardDecision(t.total, up, { ...s, rules: { ...s.rules, surrender: false } }) === "S" ? { _tag: "Stand" } : { _tag: "Hit" }
    case "D":
      return canDouble(s, h) ? { _tag: "Double" } : { _tag: "Hit" }
    case "Ds":
      return canDouble(s, h) ? { _tag: "Double" } : { _tag: "Stand" }
    case "P":
    case "H":
      return { _tag: "Hit" }
    case "S":
      return { _tag: "Stand" }
  }
}

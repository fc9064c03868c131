/**
 * Basic strategy for the engine's blackjack: the optimal total-dependent strategy of the table's
 * rules, computed by the infinite-deck dynamic programme of blackjack-dp.ts (once per rule set,
 * a few milliseconds, then cached as lookup tables). It knows the engine's no-peek game: a dealer
 * blackjack takes doubles and splits, so 11 is not doubled against a Ten or an Ace. The state is
 * read through the engine's own predicates (canSplit, canDouble, canSurrender).
 */
import { rankIndex } from "../../../engine/games/cards.ts"
import { activeHand, canDouble, canSplit, canSurrender, type BlackjackMove, type BlackjackState } from "../../../engine/games/blackjack/blackjack.ts"
import { handTotal } from "../../../engine/games/blackjack/hand.ts"
import type { BlackjackRules } from "../../../engine/games/blackjack/rules.ts"
import { dpRulesOf, solveBasicStrategy, type Decision, type Policy } from "./blackjack-dp.ts"

const POLICIES_MAX = 64
const policies = new Map<string, Policy>()

const rulesKey = (r: BlackjackRules): string =>
  `${r.h17}|${r.blackjack_pays_6_5}|${r.surrender}|${r.double_after_split}|${r.resplit_aces}|${r.hit_split_aces}`

/** The strategy tables of a rule set (the deck count does not enter the infinite-deck strategy). */
export const policyFor = (r: BlackjackRules): Policy => {
  const key = rulesKey(r)
  const cached = policies.get(key)
  if (cached !== undefined) return cached
  const policy = solveBasicStrategy(dpRulesOf(r)).policy
  if (policies.size >= POLICIES_MAX) policies.clear()
  policies.set(key, policy)
  return policy
}

/** card value 1..10 (ace = 1) */
const valueOf = (card: number): number => {
  const r = rankIndex(card)
  return r >= 9 ? 10 : r + 1
}

const look = <T>(a: ReadonlyArray<T>, i: number): T => {
  const v = a[i]
  if (v === undefined) throw new RangeError(`strategy table has no entry ${i}`)
  return v
}

/** The decision the tables give a hand (before checking what the engine allows). */
export const tableDecision = (p: Policy, cards: ReadonlyArray<number>, wasSplit: boolean, up: number): Decision => {
  const t = handTotal(cards)
  if (cards.length === 2) return look(look(look(look(p.twoCard, wasSplit ? 1 : 0), t.soft ? 1 : 0), t.total), up)
  return look(look(look(p.multi, t.soft ? 1 : 0), t.total), up)
}

/** The move basic strategy makes in this state. */
export const basicStrategyMove = (s: BlackjackState): BlackjackMove => {
  if (s.stage !== "player_turn") return { _tag: "Reveal" }
  const h = activeHand(s)
  const upCard = s.dealer[0]
  if (h === undefined || upCard === undefined) return { _tag: "Reveal" }
  const p = policyFor(s.rules)
  const up = valueOf(upCard)
  const first = h.cards[0]
  if (first !== undefined && canSplit(s, h) && look(look(p.split, up), valueOf(first))) return { _tag: "Split" }
  switch (tableDecision(p, h.cards, h.was_split, up)) {
    case "R":
      return canSurrender(s, h) ? { _tag: "Surrender" } : { _tag: "Hit" }
    case "D":
      return canDouble(s, h) ? { _tag: "Double" } : { _tag: "Hit" }
    case "H":
      return { _tag: "Hit" }
    case "S":
      return { _tag: "Stand" }
  }
}

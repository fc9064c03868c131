/**
 * Blackjack table rules (games-a.md §3.1), chosen by the player in the betting stage. The flags
 * byte and decks code keep the spec's encoding. One combination is refused (G4 decision): a one-
 * or two-deck table must pay blackjack 6:5, as real single/double-deck tables do, because the
 * most player-friendly 3:2 combination there gives the player an edge (published rule effects:
 * single deck with S17, DAS, resplit and hit split aces and late surrender is about −0.3 %).
 */
import { Schema } from "effect"

export const DECK_CHOICES = [1, 2, 4, 6, 8] as const
export type Decks = (typeof DECK_CHOICES)[number]

export const BlackjackRules = Schema.Struct({
  h17: Schema.Boolean,
  blackjack_pays_6_5: Schema.Boolean,
  surrender: Schema.Boolean,
  double_after_split: Schema.Boolean,
  resplit_aces: Schema.Boolean,
  hit_split_aces: Schema.Boolean,
  decks: Schema.Literal(...DECK_CHOICES)
})
export type BlackjackRules = typeof BlackjackRules.Type

export const DEFAULT_RULES: BlackjackRules = {
  h17: true,
  blackjack_pays_6_5: false,
  surrender: false,
  double_after_split: true,
  resplit_aces: true,
  hit_split_aces: true,
  decks: 8
}

const FLAG = { h17: 0x01, blackjack_pays_6_5: 0x02, surrender: 0x04, double_after_split: 0x08, resplit_aces: 0x10, hit_split_aces: 0x20 } as const
export const KNOWN_FLAGS = 0x3f

export const rulesFlags = (r: BlackjackRules): number =>
  (r.h17 ? FLAG.h17 : 0) |
  (r.blackjack_pays_6_5 ? FLAG.blackjack_pays_6_5 : 0) |
  (r.surrender ? FLAG.surrender : 0) |
  (r.double_after_split ? FLAG.double_after_split : 0) |
  (r.resplit_aces ? FLAG.resplit_aces : 0) |
  (r.hit_split_aces ? FLAG.hit_split_aces : 0)

export const decksCode = (d: Decks): number => DECK_CHOICES.indexOf(d)

export const rulesFromBytes = (flags: number, code: number): BlackjackRules | undefined => {
  const decks = DECK_CHOICES[code]
  if (decks === undefined || (flags & ~KNOWN_FLAGS) !== 0) return undefined
  return {
    h17: (flags & FLAG.h17) !== 0,
    blackjack_pays_6_5: (flags & FLAG.blackjack_pays_6_5) !== 0,
    surrender: (flags & FLAG.surrender) !== 0,
    double_after_split: (flags & FLAG.double_after_split) !== 0,
    resplit_aces: (flags & FLAG.resplit_aces) !== 0,
    hit_split_aces: (flags & FLAG.hit_split_aces) !== 0,
    decks
  }
}

/** Why the table refuses this combination, or undefined when it is offered. */
export const refusedCombination = (r: BlackjackRules): string | undefined =>
  r.decks <= 2 && !r.blackjack_pays_6_5 ? "one- and two-deck tables pay blackjack 6:5" : undefined

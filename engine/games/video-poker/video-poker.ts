/**
 * Video Poker, Jacks or Better (games-b.md §6), 9/6 (default) or 8/5, with the defects fixed:
 *  - the paytable is read "for 1" as on every real machine (N4): jacks or better returns the bet;
 *  - the paytable byte accepts only 0 (9/6) or 1 (8/5) (N17); trailing bytes are refused (N11).
 * Outcomes: the five dealt cards at start, then the replacements, left to right. Discarded cards
 * never return (replacements come from the 47 cards left after the deal).
 */
import { Schema } from "effect"
import { U64 } from "../../schema/primitives.ts"
import { newShoe } from "../cards.ts"
import { invalidMove, invalidPayload, step, type GameRules, type GameStep } from "../game.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { VideoPokerMove, decodeVideoPokerMove, encodeVideoPokerMove } from "./moves.ts"
import { categoryText } from "../poker-hands.ts"
import { PAYTABLES, classify, handId, payFor } from "./paytable.ts"

const CardInt = Schema.Int.pipe(Schema.between(0, 51))

export const VideoPokerState = Schema.Struct({
  phase: Schema.Literal("deal", "done"),
  paytable: Schema.Literal(...PAYTABLES),
  bet: U64,
  /** the five cards on screen (after the draw: the final hand) */
  hand: Schema.Array(CardInt),
  /** the cards still in the deck */
  deck: Schema.Array(CardInt),
  held: Schema.Array(Schema.Boolean)
})
export type VideoPokerState = typeof VideoPokerState.Type

export { VideoPokerMove, decodeVideoPokerMove, encodeVideoPokerMove, holdMask } from "./moves.ts"

const draw = (s: VideoPokerState, hold: ReadonlyArray<boolean>, io: OutcomeSource): GameStep<VideoPokerState> => {
  const deck = [...s.deck]
  const hand = s.hand.map((c, i) => (hold[i] === true ? c : io.card(deck)))
  const result = classify(hand)
  const value = payFor(s.paytable, result)
  const ret = s.bet * value
  const pnl = (ret - s.bet).toString()
  const log = JSON.stringify({
    summary: `Hand: ${categoryText(result)}`,
    netPnl: pnl,
    resolvedBets: [{ label: "HAND", pnl }],
    hand: result,
    handId: handId(result),
    multiplier: Number(value),
    paytable: s.paytable,
    cards: hand,
    totalReturn: ret.toString()
  })
  return step({ ...s, phase: "done", hand, deck, held: [...hold] }, { credit: ret, complete: true, logs: [log] })
}

export const videoPoker: GameRules<VideoPokerState, typeof VideoPokerState.Encoded, VideoPokerMove, typeof VideoPokerMove.Encoded> = {
  name: "video_poker",
  stateSchema: VideoPokerState,
  moveSchema: VideoPokerMove,
  betByMove: false,
  init: (bet, io) => {
    const deck = newShoe(1)
    const hand = [0, 1, 2, 3, 4].map(() => io.card(deck))
    return step({ phase: "deal", paytable: "9/6", bet, hand, deck, held: [false, false, false, false, false] })
  },
  decodeMove: decodeVideoPokerMove,
  encodeMove: encodeVideoPokerMove,
  move: (s, m, io) => {
    if (s.phase === "done") return invalidMove("the hand is over")
    if (m._tag === "SetPaytable") return step({ ...s, paytable: m.paytable })
    if (m.hold.length !== 5) return invalidPayload("hold names exactly five cards")
    return draw(s, m.hold, io)
  }
}

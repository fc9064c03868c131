/**
 * Game move codec properties: for every game and every move tag, round trip, every truncation
 * refused and trailing bytes refused (with the two documented shared-code prefixes: blackjack [7]
 * and video poker [0xFF]); each game's table covers exactly its move Schema; a few payloads are
 * compared with the games specs' byte layouts; decode failures reach the game as InvalidPayload.
 */
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { InvalidPayload } from "../errors.ts"
import { BACCARAT_MOVES } from "../games/baccarat/moves.ts"
import { BLACKJACK_MOVES } from "../games/blackjack/moves.ts"
import { CASINO_WAR_MOVES } from "../games/casino-war/moves.ts"
import { CRAPS_MOVES } from "../games/craps/moves.ts"
import { HILO_MOVES } from "../games/hilo/moves.ts"
import type { MovePayloadCodec } from "../games/move-codec.ts"
import type { UnionCodec } from "../codec/union.ts"
import { ROULETTE_MOVES } from "../games/roulette/moves.ts"
import { SIC_BO_MOVES } from "../games/sic-bo/moves.ts"
import { THREE_CARD_MOVES } from "../games/three-card/moves.ts"
import { UTH_MOVES } from "../games/ultimate-holdem/moves.ts"
import { VIDEO_POKER_MOVES } from "../games/video-poker/moves.ts"
import { BaccaratMove } from "../games/baccarat/moves.ts"
import { BlackjackMove } from "../games/blackjack/moves.ts"
import { CasinoWarMove } from "../games/casino-war/moves.ts"
import { CrapsMove } from "../games/craps/moves.ts"
import { HiloMove } from "../games/hilo/moves.ts"
import { RouletteMove } from "../games/roulette/moves.ts"
import { SicBoMove } from "../games/sic-bo/moves.ts"
import { ThreeCardMove } from "../games/three-card/moves.ts"
import { UthMove } from "../games/ultimate-holdem/moves.ts"
import { VideoPokerMove } from "../games/video-poker/moves.ts"
import { assertLawsForTag, printSeed, schemaTags } from "./codec-laws.ts"

printSeed("codec-moves")

interface GameCodec {
  readonly game: string
  readonly codec: UnionCodec<{ readonly _tag: string }>
  readonly schema: Schema.Schema.AnyNoContext
}
const entry = <M extends { readonly _tag: string }>(moves: MovePayloadCodec<M>, schema: Schema.Schema.AnyNoContext): GameCodec => ({
  game: moves.game,
  codec: moves.codec,
  schema
})
const GAMES: ReadonlyArray<GameCodec> = [
  entry(BACCARAT_MOVES, BaccaratMove),
  entry(BLACKJACK_MOVES, BlackjackMove),
  entry(CASINO_WAR_MOVES, CasinoWarMove),
  entry(CRAPS_MOVES, CrapsMove),
  entry(HILO_MOVES, HiloMove),
  entry(ROULETTE_MOVES, RouletteMove),
  entry(SIC_BO_MOVES, SicBoMove),
  entry(THREE_CARD_MOVES, ThreeCardMove),
  entry(UTH_MOVES, UthMove),
  entry(VIDEO_POKER_MOVES, VideoPokerMove)
]

const be64 = (v: bigint): number[] => Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * (7 - i))) & 0xffn))

describe("game move codecs: one table per game, every move", () => {
  it("ten games", () => {
    expect(GAMES.length).toBe(10)
  })

  for (const g of GAMES) {
    it(`${g.game}: the table covers exactly the move Schema`, () => {
      expect([...g.codec.tagDomains.keys()].sort()).toEqual([...schemaTags(g.schema)].sort())
    })
    for (const tag of g.codec.tagDomains.keys())
      it(`${g.game} ${tag}: round trip, every truncation refused, trailing bytes refused`, () => assertLawsForTag(g.codec, tag, 50))
  }

  it("payloads match the games specs' layouts, written out by hand", () => {
    const cases: ReadonlyArray<readonly [Uint8Array, ReadonlyArray<number>]> = [
      [CRAPS_MOVES.encode({ _tag: "PlaceBet", bet: { type: "YES", target: 6, amount: 0x0102n } }), [0, 5, 6, ...be64(0x0102n)]],
      [CRAPS_MOVES.encode({ _tag: "Batch", bets: [{ type: "HOT_ROLLER", target: 0, amount: 3n }] }), [4, 1, 22, 0, ...be64(3n)]],
      [ROULETTE_MOVES.encode({ _tag: "SetRule", rule: "american" }), [3, 4]],
      [SIC_BO_MOVES.encode({ _tag: "SetPaytable", paytable: "atlantic_city" }), [4, 1]],
      [BLACKJACK_MOVES.encode({ _tag: "AtomicDeal", side_bet: 5n }), [7, ...be64(5n)]],
      [BLACKJACK_MOVES.encode({ _tag: "Surrender" }), [7]],
      [CASINO_WAR_MOVES.encode({ _tag: "SetRules", tie_pays_11: true, tie_after_tie_bonus: false }), [5, 1]],
      [THREE_CARD_MOVES.encode({ _tag: "SetSideBet", bet: "SIX_CARD", amount: 2n }), [5, ...be64(2n)]],
      [UTH_MOVES.encode({ _tag: "Bet", multiplier: 3 }), [8]],
      [UTH_MOVES.encode({ _tag: "SetRules", rules: { dealer_needs_pair: true, allow_3x: false, allow_4x: false } }), [12, 5]],
      [VIDEO_POKER_MOVES.encode({ _tag: "Draw", hold: [true, false, true, false, true] }), [0b10101]],
      [VIDEO_POKER_MOVES.encode({ _tag: "SetPaytable", paytable: "8/5" }), [0xff, 1]],
      [HILO_MOVES.encode({ _tag: "Same" }), [3]]
    ]
    for (const [got, want] of cases) expect([...got]).toEqual(want)
  })

  it("decode failures reach the game as InvalidPayload naming the game and the byte", () => {
    const r = CRAPS_MOVES.decode(Uint8Array.of(1, ...be64(0n)))
    expect(r).toBeInstanceOf(InvalidPayload)
    if (r instanceof InvalidPayload) expect(r.message).toBe("craps move: an amount must be positive at byte 1")
    expect(BACCARAT_MOVES.decode(Uint8Array.of(3, 0))).toBeInstanceOf(InvalidPayload)
    expect(VIDEO_POKER_MOVES.decode(Uint8Array.of(0x20))).toEqual({ _tag: "Draw", hold: [false, false, false, false, false] })
    expect(VIDEO_POKER_MOVES.decode(Uint8Array.of(0xff))).toEqual({ _tag: "Draw", hold: [true, true, true, true, true] })
  })
})

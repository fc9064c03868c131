/** Video poker: games-b.md §6.8 worked examples (paid for 1, N4) and properties. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { sha256 } from "../../../crypto/sha256.ts"
import { RandomStream } from "../../../random/stream.ts"
import { isGameError } from "../../game.ts"
import { streamOutcomes } from "../../outcomes.ts"
import { drive, logField } from "../../test/drive.ts"
import { MAX_PAY } from "../paytable.ts"
import { videoPoker, type VideoPokerMove } from "../video-poker.ts"

const HOLD_ALL: VideoPokerMove = { _tag: "Draw", hold: [true, true, true, true, true] }
const EIGHT_FIVE: VideoPokerMove = { _tag: "SetPaytable", paytable: "8/5" }

const holdAll = (cards: ReadonlyArray<string>, table: ReadonlyArray<VideoPokerMove> = []) => drive(videoPoker, 100n, [...table, HOLD_ALL], cards)

describe("video poker worked examples (games-b.md §6.8, bet 100, for 1)", () => {
  it("1. J♠ J♥ 2♠ 3♠ 4♠: jacks or better returns the bet (net 0)", () => {
    const r = holdAll(["JS", "JH", "2S", "3S", "4S"])
    expect(r.credited).toBe(100n)
    expect(logField(r.logs[0], "hand")).toBe("JACKS_OR_BETTER")
    expect(logField(r.logs[0], "netPnl")).toBe("0")
  })
  it("2. 10♠ J♠ Q♠ K♠ A♠: royal flush returns 80 000", () => {
    expect(holdAll(["TS", "JS", "QS", "KS", "AS"]).credited).toBe(80_000n)
  })
  it("3. K♠ K♥ K♦ Q♠ Q♥: full house returns 900 on 9/6 and 800 on 8/5", () => {
    expect(holdAll(["KS", "KH", "KD", "QS", "QH"]).credited).toBe(900n)
    expect(holdAll(["KS", "KH", "KD", "QS", "QH"], [EIGHT_FIVE]).credited).toBe(800n)
  })
  it("4. 2♠ 2♥ 4♠ 5♠ 6♠: a low pair returns nothing", () => {
    const r = holdAll(["2S", "2H", "4S", "5S", "6S"])
    expect(r.credited).toBe(0n)
    expect(r.complete).toBe(true)
  })
  it("5. A-2-3-4-5 is a straight (400); suited it is a straight flush (5 000)", () => {
    expect(holdAll(["AS", "2H", "3D", "4C", "5S"]).credited).toBe(400n)
    expect(holdAll(["AS", "2S", "3S", "4S", "5S"]).credited).toBe(5_000n)
  })
  it("flush pays 6 (9/6) or 5 (8/5); K-A-2-3-4 is no straight", () => {
    expect(holdAll(["2H", "7H", "9H", "JH", "KH"]).credited).toBe(600n)
    expect(holdAll(["2H", "7H", "9H", "JH", "KH"], [EIGHT_FIVE]).credited).toBe(500n)
    expect(holdAll(["KS", "AH", "2D", "3C", "4S"]).credited).toBe(0n)
  })
  it("replacements fill the discarded positions left to right from the 47 cards left", () => {
    const r = drive(videoPoker, 100n, [{ _tag: "Draw", hold: [true, false, true, false, true] }], ["KS", "2H", "KD", "3C", "9S", "KH", "9D"])
    expect(r.state.hand).toEqual([12, 25, 38, 34, 8])
    expect(r.credited).toBe(900n)
    expect(r.script.remaining).toBe(0)
  })
})

const moveArb = fc.oneof(
  fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }).map((hold): VideoPokerMove => ({ _tag: "Draw", hold })),
  fc.constantFrom<VideoPokerMove>({ _tag: "SetPaytable", paytable: "9/6" }, EIGHT_FIVE)
)

const runSession = (seed: number, bet: bigint, moves: ReadonlyArray<VideoPokerMove>) => {
  const io = streamOutcomes(new RandomStream(sha256(Uint8Array.of(seed & 255, (seed >> 8) & 255, (seed >> 16) & 255, 5))))
  const init = videoPoker.init(bet, io)
  if (isGameError(init)) throw new Error(init.message)
  let s = init.state
  const trace: unknown[] = []
  for (const m of moves) {
    const snapshot = structuredClone(s)
    const r = videoPoker.move(s, m, io)
    expect(s).toEqual(snapshot)
    expect(isGameError(r)).toBe(s.phase === "done")
    if (isGameError(r)) {
      trace.push(r._tag)
      continue
    }
    expect(r.credit).toBeLessThanOrEqual(bet * MAX_PAY)
    if (m._tag === "Draw") {
      expect(new Set(r.state.hand).size).toBe(5)
      m.hold.forEach((h, i) => {
        if (h) expect(r.state.hand[i]).toBe(s.hand[i])
        else expect(s.hand).not.toContain(r.state.hand[i])
      })
    }
    trace.push([r.credit, r.complete, r.logs, r.state.hand])
    s = r.state
  }
  return trace
}

describe("video poker properties", () => {
  it("moves after the draw are refused without change; held cards stay; returns stay within 800 × bet", () => {
    fc.assert(
      fc.property(fc.nat(), fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.array(moveArb, { minLength: 1, maxLength: 6 }), (seed, bet, moves) => {
        runSession(seed, bet, moves)
      }),
      { numRuns: 300 }
    )
  })
  it("replaying the same seed reproduces every outcome", () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(moveArb, { maxLength: 4 }), (seed, moves) => {
        expect(runSession(seed, 100n, moves)).toEqual(runSession(seed, 100n, moves))
      }),
      { numRuns: 100 }
    )
  })
  it("the decoder takes a one-byte hold mask or [0xFF, 0|1] and nothing else", () => {
    expect(videoPoker.decodeMove(Uint8Array.of(0x1f))).toEqual(HOLD_ALL)
    expect(videoPoker.decodeMove(Uint8Array.of(0xff, 1))).toEqual(EIGHT_FIVE)
    for (const bad of [[], [0xff, 2], [0xfe, 0], [1, 2, 3]]) expect(isGameError(videoPoker.decodeMove(Uint8Array.from(bad)))).toBe(true)
  })
})

/**
 * Casino war properties: bounded returns, illegal moves change nothing in every stage, seeded
 * replays reproduce the cards and settlement.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { utf8 } from "../../../codec/bytes.ts"
import { deriveStream } from "../../../random/stream.ts"
import { isGameError, type GameStep } from "../../game.ts"
import { ScriptedOutcomes, streamOutcomes } from "../../outcomes.ts"
import { casinoWar, initialCasinoWarState, STAKE_MAX, type CasinoWarMove, type CasinoWarState } from "../casino-war.ts"
import { drive } from "../../test/drive.ts"

const seeded = (n: number, move: number) => streamOutcomes(deriveStream(utf8("war-test"), "game", BigInt(n), move))

/** play a full round: tie bet, play, then war or surrender */
const round = (ante: bigint, tieBet: bigint, goToWar: boolean, seed: number) => {
  const steps: Array<GameStep<CasinoWarState>> = []
  let s = initialCasinoWarState(ante)
  const moves: CasinoWarMove[] = [{ _tag: "SetTieBet", amount: tieBet }, { _tag: "Play" }, goToWar ? { _tag: "War" } : { _tag: "Surrender" }]
  for (const [i, m] of moves.entries()) {
    if (s.phase === "done") break
    const r = casinoWar.move(s, m, seeded(seed, i))
    if (isGameError(r)) throw new Error(r.message)
    steps.push(r)
    s = r.state
  }
  return steps
}

describe("casino war properties", () => {
  it("a round never returns more than 4 × the ante plus 11 × the tie bet, and always completes", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.boolean(), fc.nat(), (ante, tieBet, w, seed) => {
        const steps = round(ante, tieBet, w, seed)
        const credited = steps.reduce((a, s) => a + s.credit, 0n)
        expect(credited <= 4n * ante + 11n * tieBet).toBe(true)
        expect(steps[steps.length - 1]?.complete).toBe(true)
      }),
      { numRuns: 400 }
    )
  })

  it("the same seed replays the same round", () => {
    fc.assert(
      fc.property(fc.nat(), fc.boolean(), (seed, w) => {
        expect(round(100n, 5n, w, seed)).toEqual(round(100n, 5n, w, seed))
      }),
      { numRuns: 150 }
    )
  })

  it("every illegal move in every stage is refused without touching the state or drawing a card", () => {
    const betting = initialCasinoWarState(100n)
    const warStage = drive(casinoWar, 100n, [{ _tag: "Play" }], ["9S", "9D"]).state
    const done = drive(casinoWar, 100n, [{ _tag: "Play" }], ["KS", "9D"]).state
    const all: ReadonlyArray<CasinoWarMove> = [
      { _tag: "Play" },
      { _tag: "War" },
      { _tag: "Surrender" },
      { _tag: "SetTieBet", amount: 5n },
      { _tag: "TieBetAndPlay", amount: 5n },
      { _tag: "SetRules", tie_pays_11: true, tie_after_tie_bonus: false }
    ]
    const illegal: ReadonlyArray<readonly [CasinoWarState, ReadonlyArray<CasinoWarMove>]> = [
      [betting, all.filter((m) => m._tag === "War" || m._tag === "Surrender")],
      [warStage, all.filter((m) => m._tag !== "War" && m._tag !== "Surrender")],
      [done, all]
    ]
    for (const [state, moves] of illegal) {
      expect(moves.length).toBeGreaterThan(0)
      for (const m of moves) {
        const before = structuredClone(state)
        const script = new ScriptedOutcomes([])
        expect(isGameError(casinoWar.move(state, m, script))).toBe(true)
        expect(state).toEqual(before)
        expect(script.consumed).toBe(0)
      }
    }
  })

  it("malformed payloads are refused; every accepted payload re-encodes to itself", () => {
    for (const p of [[], [6], [0, 0], [1, 1], [3, 0, 0, 0, 0, 0, 0, 0], [3, 0x80, 0, 0, 0, 0, 0, 0, 0], [5, 4], [5, 1, 0]])
      expect(isGameError(casinoWar.decodeMove(new Uint8Array(p)))).toBe(true)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (p) => {
        const m = casinoWar.decodeMove(p)
        if (!isGameError(m)) expect(casinoWar.encodeMove(m)).toEqual(p)
      }),
      { numRuns: 500 }
    )
  })

  it("the ante must be positive and at most 2^63 - 1", () => {
    expect(isGameError(casinoWar.init(STAKE_MAX + 1n, new ScriptedOutcomes([])))).toBe(true)
    expect(isGameError(casinoWar.init(STAKE_MAX, new ScriptedOutcomes([])))).toBe(false)
  })
})

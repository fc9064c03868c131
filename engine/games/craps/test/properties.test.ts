/**
 * Craps properties over random move sequences: a refused move changes nothing and draws no dice;
 * no bet returns more than its type's maximum (plus 3 × its odds); the credit is the sum of the
 * returns; a seed replays the same session. Plus an explicit table of illegal moves per stage.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { utf8 } from "../../../codec/bytes.ts"
import { deriveStream } from "../../../random/stream.ts"
import { isGameError, type GameStep } from "../../game.ts"
import { ScriptedOutcomes, streamOutcomes, type OutcomeSource } from "../../outcomes.ts"
import { BET_TYPES, MAX_RETURN_MULTIPLE, type BetType } from "../bets.ts"
import { craps, type CrapsMove, type PlacedBet } from "../craps.ts"
import { initialCrapsState, type CrapsState } from "../state.ts"
import { drive } from "../../test/drive.ts"
import { readLog } from "./log.ts"

/** counts the draws made through a source */
const counting = (io: OutcomeSource) => {
  let draws = 0
  const counted = <T>(x: T): T => {
    draws++
    return x
  }
  const src: OutcomeSource = {
    card: (shoe) => counted(io.card(shoe)),
    die: () => counted(io.die()),
    wheel: (p) => counted(io.wheel(p)),
    uniform: (n) => counted(io.uniform(n))
  }
  return { src, draws: () => draws }
}

const placed: fc.Arbitrary<PlacedBet> = fc.record({
  type: fc.constantFrom(...BET_TYPES),
  target: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 13 })),
  amount: fc.bigInt({ min: 1n, max: 5_000n })
})
const move: fc.Arbitrary<CrapsMove> = fc.oneof(
  { weight: 4, arbitrary: placed.map((bet): CrapsMove => ({ _tag: "PlaceBet", bet })) },
  { weight: 2, arbitrary: fc.bigInt({ min: 1n, max: 5_000n }).map((amount): CrapsMove => ({ _tag: "AddOdds", amount })) },
  { weight: 6, arbitrary: fc.constant<CrapsMove>({ _tag: "Roll" }) },
  { weight: 1, arbitrary: fc.constant<CrapsMove>({ _tag: "ClearBets" }) },
  { weight: 1, arbitrary: fc.array(placed, { minLength: 1, maxLength: 4 }).map((bets): CrapsMove => ({ _tag: "Batch", bets })) }
)

const run = (moves: ReadonlyArray<CrapsMove>, seed: number) => {
  let s: CrapsState = initialCrapsState
  const steps: Array<GameStep<CrapsState> | string> = []
  for (const [i, m] of moves.entries()) {
    const io = counting(streamOutcomes(deriveStream(utf8("craps-test"), "game", BigInt(seed), i)))
    const before = structuredClone(s)
    const r = craps.move(s, m, io.src)
    if (isGameError(r)) {
      expect(s).toEqual(before)
      expect(io.draws()).toBe(0)
      steps.push(r._tag)
      continue
    }
    steps.push(r)
    s = r.state
    if (r.complete) s = initialCrapsState
  }
  return steps
}

describe("craps properties", () => {
  it("refusals change nothing; returns stay within each bet type's maximum; credit = Σ returns", () => {
    fc.assert(
      fc.property(fc.array(move, { minLength: 1, maxLength: 60 }), fc.nat(), (moves, seed) => {
        for (const st of run(moves, seed)) {
          if (typeof st === "string" || st.logs.length === 0) continue
          const log = readLog(st.logs[0])
          let total = 0n
          for (const b of log.bets) {
            const odds = BigInt(b.odds)
            const amount = BigInt(b.wagered) - odds
            const ret = BigInt(b.return)
            expect(ret <= amount * MAX_RETURN_MULTIPLE[b.type] + 3n * odds).toBe(true)
            total += ret
          }
          expect(st.credit).toBe(total)
        }
      }),
      { numRuns: 200 }
    )
  })

  it("the same seed replays the same session", () => {
    fc.assert(
      fc.property(fc.array(move, { minLength: 1, maxLength: 30 }), fc.nat(), (moves, seed) => {
        expect(run(moves, seed)).toEqual(run(moves, seed))
      }),
      { numRuns: 60 }
    )
  })

  it("every illegal move of each stage is refused without change", () => {
    const place = (type: BetType, target = 0): CrapsMove => ({ _tag: "PlaceBet", bet: { type, target, amount: 10n } })
    const fresh = initialCrapsState
    const pointOn = drive(craps, 0n, [place("PASS"), { _tag: "Roll" }], [2, 2]).state
    const afterRoll = drive(craps, 0n, [place("HARDWAY_4"), { _tag: "Roll" }], [5, 6]).state
    const full: CrapsState = { ...fresh, bets: Array.from({ length: 20 }, () => ({ type: "FIELD", target: 0, status: "on", amount: 1n, odds: 0n, progress: 0 })) }
    const withFire = drive(craps, 0n, [place("FIRE")], []).state
    const cases: ReadonlyArray<readonly [string, CrapsState, ReadonlyArray<CrapsMove>]> = [
      ["fresh", fresh, [{ _tag: "Roll" }, { _tag: "AddOdds", amount: 5n }, place("COME"), place("DONT_COME"), place("YES", 7), place("NO", 1), place("NEXT", 13), place("HARDWAY_6", 8), place("FIELD", 4), place("ATS_SMALL", 1)]],
      ["point on", pointOn, [place("DONT_PASS"), place("FIRE"), place("MUGGSY"), place("ATS_ALL"), { _tag: "ClearBets" }, { _tag: "Batch", bets: [{ type: "FIELD", target: 0, amount: 1n }] }]],
      ["come-out after a roll", afterRoll, [{ _tag: "ClearBets" }, { _tag: "Batch", bets: [{ type: "FIELD", target: 0, amount: 1n }] }, place("COME"), { _tag: "AddOdds", amount: 1n }]],
      ["full table", full, [place("FIELD"), { _tag: "Batch", bets: [{ type: "FIELD", target: 0, amount: 1n }] }]],
      ["fire on", withFire, [place("FIRE"), { _tag: "AddOdds", amount: 1n }]]
    ]
    for (const [, state, moves] of cases) {
      for (const m of moves) {
        const before = structuredClone(state)
        const script = new ScriptedOutcomes([])
        const r = craps.move(state, m, script)
        expect(isGameError(r)).toBe(true)
        expect(state).toEqual(before)
        expect(script.consumed).toBe(0)
      }
    }
  })

  it("malformed payloads are refused; every accepted payload re-encodes to itself", () => {
    for (const p of [[], [5], [0, 13, 0, 0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0], [2, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0], [4, 0], [4, 21]])
      expect(isGameError(craps.decodeMove(new Uint8Array(p)))).toBe(true)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), (p) => {
        const m = craps.decodeMove(p)
        if (!isGameError(m)) expect(craps.encodeMove(m)).toEqual(p)
      }),
      { numRuns: 500 }
    )
  })
})

/**
 * Baccarat properties: returns never exceed a bet type's maximum, illegal moves change nothing
 * (in every stage), and a seed replays the same coup.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { deriveStream } from "../../../random/stream.ts"
import { utf8 } from "../../../codec/bytes.ts"
import { isGameError } from "../../game.ts"
import { ScriptedOutcomes, streamOutcomes } from "../../outcomes.ts"
import { baccarat, STAKE_MAX, initialBaccaratState, type BaccaratBet, type BaccaratMove, type BaccaratState } from "../baccarat.ts"
import { BET_TYPES, MAX_RETURN_MULTIPLE } from "../bets.ts"
import { readLog } from "./log.ts"

const seeded = (n: number) => streamOutcomes(deriveStream(utf8("baccarat-test"), "game", BigInt(n), 0))

const bet: fc.Arbitrary<BaccaratBet> = fc.record({ type: fc.constantFrom(...BET_TYPES), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }) })
const bets = fc.array(bet, { minLength: 1, maxLength: 11 })

const settle = (table: ReadonlyArray<BaccaratBet>, seed: number) => {
  let s: BaccaratState = initialBaccaratState
  for (const b of table) {
    const r = baccarat.move(s, { _tag: "PlaceBet", bet: b }, seeded(seed))
    if (isGameError(r)) throw new Error(r.message)
    s = r.state
  }
  const r = baccarat.move(s, { _tag: "Deal" }, seeded(seed))
  if (isGameError(r)) throw new Error(r.message)
  return r
}

describe("baccarat properties", () => {
  it("no bet returns more than its type's maximum multiple, and the credit is the sum of the returns", () => {
    fc.assert(
      fc.property(bets, fc.nat(), (table, seed) => {
        const r = settle(table, seed)
        const log = readLog(r.logs[0])
        let total = 0n
        for (const [i, b] of r.state.bets.entries()) {
          const ret = b.amount + BigInt(log.bets[i]?.payout ?? "x")
          expect(ret >= 0n).toBe(true)
          expect(ret <= b.amount * MAX_RETURN_MULTIPLE[b.type]).toBe(true)
          total += ret
        }
        expect(r.credit).toBe(total)
        expect(r.complete).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("the same seed replays the same coup and settlement", () => {
    fc.assert(
      fc.property(bets, fc.nat(), (table, seed) => {
        const a = settle(table, seed)
        const b = settle(table, seed)
        expect(b.state).toEqual(a.state)
        expect(b.credit).toBe(a.credit)
        expect(b.logs).toEqual(a.logs)
      }),
      { numRuns: 100 }
    )
  })

  it("every illegal move in every stage is refused without touching the state or drawing a card", () => {
    const betting: BaccaratState = initialBaccaratState
    const done = settle([{ type: "PLAYER", amount: 10n }], 1)
    const tableWithBets: BaccaratState = { ...betting, bets: [{ type: "BANKER", amount: STAKE_MAX }] }
    const stages: ReadonlyArray<readonly [BaccaratState, ReadonlyArray<BaccaratMove>]> = [
      [betting, [{ _tag: "Deal" }, { _tag: "Batch", bets: [] }]],
      [tableWithBets, [{ _tag: "Batch", bets: [{ type: "PLAYER", amount: 1n }] }, { _tag: "PlaceBet", bet: { type: "BANKER", amount: 1n } }]],
      [done.state, [{ _tag: "Deal" }, { _tag: "ClearBets" }, { _tag: "PlaceBet", bet: { type: "TIE", amount: 1n } }, { _tag: "Batch", bets: [{ type: "TIE", amount: 1n }] }]]
    ]
    for (const [state, moves] of stages) {
      for (const m of moves) {
        const before = structuredClone(state)
        const script = new ScriptedOutcomes([])
        const r = baccarat.move(state, m, script)
        expect(isGameError(r)).toBe(true)
        expect(state).toEqual(before)
        expect(script.consumed).toBe(0)
      }
    }
  })

  it("malformed payloads are refused by the decoder", () => {
    const ok = baccarat.encodeMove({ _tag: "PlaceBet", bet: { type: "PLAYER", amount: 5n } })
    expect(isGameError(baccarat.decodeMove(ok))).toBe(false)
    const bad = [
      new Uint8Array([]),
      new Uint8Array([4]),
      new Uint8Array([...ok, 0]), // trailing byte
      new Uint8Array([0, 11, 0, 0, 0, 0, 0, 0, 0, 1]), // unknown type
      new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), // zero amount
      new Uint8Array([0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0]), // 2^63 (G5)
      new Uint8Array([1, 0]),
      new Uint8Array([3, 0]),
      new Uint8Array([3, 12]),
      new Uint8Array([3, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    ]
    for (const p of bad) expect(isGameError(baccarat.decodeMove(p))).toBe(true)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (p) => {
        const m = baccarat.decodeMove(p)
        if (!isGameError(m)) expect(baccarat.encodeMove(m)).toEqual(p)
      }),
      { numRuns: 500 }
    )
  })

  it("merged stakes above 2^63 - 1 are refused (G5)", () => {
    const s: BaccaratState = { ...initialBaccaratState, bets: [{ type: "PLAYER", amount: STAKE_MAX }] }
    expect(isGameError(baccarat.move(s, { _tag: "PlaceBet", bet: { type: "PLAYER", amount: 1n } }, new ScriptedOutcomes([])))).toBe(true)
    const batch = baccarat.move(initialBaccaratState, { _tag: "Batch", bets: [{ type: "TIE", amount: STAKE_MAX }, { type: "TIE", amount: 1n }] }, new ScriptedOutcomes([]))
    expect(isGameError(batch)).toBe(true)
  })
})

/** Sic Bo: the worked examples of games-b.md §3.8, the codec, the limits and the refusals. */
import { describe, expect, it } from "vitest"
import { InvalidMove, InvalidPayload } from "../../../errors.ts"
import { isGameError } from "../../game.ts"
import { ScriptedOutcomes } from "../../outcomes.ts"
import { betPayouts, play } from "../../test/drive.ts"
import { BET_TYPES, validNumber, type BetType } from "../bets.ts"
import { MAX_BETS_PER_ROUND, decodeSicBoMove, encodeSicBoMove, sicBo, type SicBoMove, type SicBoState } from "../sic-bo.ts"

const bet = (type: BetType, amount: bigint, number = 0): SicBoMove => ({ _tag: "PlaceBet", bet: { type, number, amount } })
const ROLL: SicBoMove = { _tag: "Roll" }
const AC: SicBoMove = { _tag: "SetPaytable", paytable: "atlantic_city" }

describe("sic bo worked examples (games-b §3.8)", () => {
  it("1. dice 2-2-5: Win(950) on 160 wagered, netPnl +790", () => {
    const r = play(
      sicBo,
      0n,
      [bet("SMALL", 100n), bet("DOUBLE_SPECIFIC", 10n, 2), bet("SUM", 10n, 9), bet("SINGLE_DIE", 10n, 5), bet("DOMINO", 10n, 0x25), bet("HOP3_HARD", 10n, 0x25), bet("TRIPLE_ANY", 10n), ROLL],
      [2, 2, 5]
    )
    expect(r.credited).toBe(950n)
    expect(r.charged).toBe(160n)
    expect(r.log?.netPnl).toBe("790")
    expect(r.log?.summary).toBe("Roll: 9 (2-2-5)")
    const payouts = betPayouts(r.log)
    expect(payouts).toEqual(["200", "90", "70", "20", "60", "510", "0"])
  })

  it("2. dice 4-4-4 under Macau and Atlantic City", () => {
    const moves = [bet("BIG", 100n), bet("TRIPLE_ANY", 10n), bet("TRIPLE_SPECIFIC", 10n, 4), bet("SUM", 10n, 12), bet("SINGLE_DIE", 10n, 4), bet("DOUBLE_SPECIFIC", 10n, 4), ROLL]
    const macau = play(sicBo, 0n, moves, [4, 4, 4])
    expect(betPayouts(macau.log)).toEqual(["0", "250", "1510", "70", "40", "90"])
    expect(macau.log?.summary).toBe("Roll: 12 (4-4-4) TRIPLE")
    const ac = play(sicBo, 0n, [AC, ...moves], [4, 4, 4])
    expect(betPayouts(ac.log)).toEqual(["0", "310", "1810", "70", "40", "110"])
  })

  it("3. dice 1-3-5: easy hop 310, four-number hop 80, odd 20, single 20", () => {
    const r = play(sicBo, 0n, [bet("HOP3_EASY", 10n, 21), bet("HOP4_EASY", 10n, 29), bet("ODD", 10n), bet("SINGLE_DIE", 10n, 3), ROLL], [1, 3, 5])
    expect(betPayouts(r.log)).toEqual(["310", "80", "20", "20"])
  })

  it("a batch charges its total and settles in one move", () => {
    const r = play(sicBo, 0n, [{ _tag: "Batch", bets: [{ type: "SMALL", number: 0, amount: 100n }, { type: "SUM", number: 4, amount: 10n }] }], [1, 1, 2])
    expect(r.charged).toBe(110n)
    expect(r.credited).toBe(200n + 510n)
    expect(r.complete).toBe(true)
  })
})

const start = (): SicBoState => {
  const s = sicBo.init(0n, new ScriptedOutcomes([]))
  if (isGameError(s)) throw new Error("init")
  return s.state
}

describe("sic bo limits and refusals", () => {
  it("N10: the 21st bet is refused at placement, so the table never holds an unsettleable round", () => {
    let s = start()
    const io = new ScriptedOutcomes([6, 6, 6])
    for (let i = 0; i < MAX_BETS_PER_ROUND; i++) {
      const r = sicBo.move(s, bet("BIG", 1n), io)
      if (isGameError(r)) throw new Error(r.message)
      s = r.state
    }
    expect(sicBo.move(s, bet("BIG", 1n), io)).toBeInstanceOf(InvalidMove)
    const roll = sicBo.move(s, ROLL, io)
    expect(isGameError(roll)).toBe(false)
    const cleared = sicBo.move(s, { _tag: "ClearBets" }, io)
    expect(isGameError(cleared) ? 0n : cleared.credit).toBe(20n)
  })

  it("validates every bet number (§3.7)", () => {
    const valid = (type: BetType, n: number) => validNumber(type, n)
    expect(valid("SUM", 3) && valid("SUM", 18) && !valid("SUM", 2) && !valid("SUM", 19)).toBe(true)
    expect(valid("DOMINO", 0x25) && !valid("DOMINO", 0x52) && !valid("DOMINO", 0x22) && !valid("DOMINO", 0x07)).toBe(true)
    expect(valid("HOP3_HARD", 0x25) && valid("HOP3_HARD", 0x52) && !valid("HOP3_HARD", 0x22)).toBe(true)
    expect(valid("HOP3_EASY", 0b010101) && !valid("HOP3_EASY", 0b011101) && !valid("HOP3_EASY", 0x47)).toBe(true)
    expect(valid("HOP4_EASY", 0b011101) && !valid("HOP4_EASY", 0b010101)).toBe(true)
    for (const t of ["TRIPLE_SPECIFIC", "DOUBLE_SPECIFIC", "SINGLE_DIE"] as const) expect([0, 1, 6, 7].map((n) => valid(t, n))).toEqual([false, true, true, false])
    for (const t of ["SMALL", "BIG", "ODD", "EVEN", "TRIPLE_ANY"] as const) expect([valid(t, 0), valid(t, 1)]).toEqual([true, false])
    expect(sicBo.move(start(), bet("SUM", 10n, 2), new ScriptedOutcomes([]))).toBeInstanceOf(InvalidPayload)
    expect(sicBo.move(start(), bet("SMALL", 0n), new ScriptedOutcomes([]))).toBeInstanceOf(InvalidPayload)
  })

  it("refuses a roll without bets, clearing an empty table, a paytable change after betting, and every move once rolled", () => {
    const io = new ScriptedOutcomes([1, 2, 3])
    expect(sicBo.move(start(), ROLL, io)).toBeInstanceOf(InvalidMove)
    expect(sicBo.move(start(), { _tag: "ClearBets" }, io)).toBeInstanceOf(InvalidMove)
    const withBet = sicBo.move(start(), bet("SMALL", 5n), io)
    if (isGameError(withBet)) throw new Error(withBet.message)
    expect(sicBo.move(withBet.state, AC, io)).toBeInstanceOf(InvalidMove)
    expect(sicBo.move(withBet.state, { _tag: "Batch", bets: [{ type: "BIG", number: 0, amount: 1n }] }, io)).toBeInstanceOf(InvalidMove)
    const done = sicBo.move(withBet.state, ROLL, io)
    if (isGameError(done)) throw new Error(done.message)
    expect(done.complete).toBe(true)
    for (const m of [ROLL, bet("BIG", 1n), { _tag: "ClearBets" } as const, AC]) expect(sicBo.move(done.state, m, io)).toBeInstanceOf(InvalidMove)
  })

  it("N11: codec round trip for every move; trailing bytes, short payloads and unknown codes are refused", () => {
    const moves: SicBoMove[] = [
      ...BET_TYPES.map((t) => bet(t, 7n, t === "SUM" ? 10 : t === "DOMINO" || t === "HOP3_HARD" ? 0x25 : t === "HOP3_EASY" ? 21 : t === "HOP4_EASY" ? 29 : validNumber(t, 0) ? 0 : 3)),
      ROLL,
      { _tag: "ClearBets" },
      AC,
      { _tag: "SetPaytable", paytable: "macau" },
      { _tag: "Batch", bets: [{ type: "SUM", number: 4, amount: 9n }, { type: "BIG", number: 0, amount: 1n }] }
    ]
    for (const m of moves) {
      const bytes = encodeSicBoMove(m)
      expect(decodeSicBoMove(bytes)).toEqual(m)
      expect(decodeSicBoMove(new Uint8Array([...bytes, 0]))).toBeInstanceOf(InvalidPayload)
      if (bytes.length > 1) expect(decodeSicBoMove(bytes.slice(0, bytes.length - 1))).toBeInstanceOf(InvalidPayload)
    }
    expect(decodeSicBoMove(new Uint8Array([]))).toBeInstanceOf(InvalidPayload)
    expect(decodeSicBoMove(new Uint8Array([5]))).toBeInstanceOf(InvalidPayload)
    expect(decodeSicBoMove(new Uint8Array([4, 2]))).toBeInstanceOf(InvalidPayload)
    expect(decodeSicBoMove(new Uint8Array([0, 13, 0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBeInstanceOf(InvalidPayload)
    expect(decodeSicBoMove(new Uint8Array([3, 0]))).toBeInstanceOf(InvalidPayload)
    expect(decodeSicBoMove(new Uint8Array([3, 21]))).toBeInstanceOf(InvalidPayload)
  })
})

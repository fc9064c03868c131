/** The worked examples of games-a.md §5.9, dice scripted in roll order. */
import { describe, expect, it } from "vitest"
import { craps, type CrapsMove } from "../craps.ts"
import type { BetType } from "../bets.ts"
import { drive } from "../../test/drive.ts"
import { readLog } from "./log.ts"

const place = (type: BetType, amount: bigint, target = 0): CrapsMove => ({ _tag: "PlaceBet", bet: { type, target, amount } })
const roll: CrapsMove = { _tag: "Roll" }
const odds = (amount: bigint): CrapsMove => ({ _tag: "AddOdds", amount })
const rolls = (n: number): CrapsMove[] => Array.from({ length: n }, () => roll)
const net = (r: { charged: bigint; credited: bigint }): bigint => r.credited - r.charged

describe("craps worked examples (games-a.md §5.9)", () => {
  it("1: pass with odds on 8 returns 75", () => {
    const r = drive(craps, 0n, [place("PASS", 10n), roll, odds(25n), roll, roll], [4, 4, 3, 3, 6, 2])
    expect(r.credits).toEqual([0n, 0n, 0n, 0n, 75n])
    expect(r.complete).toBe(true)
    expect(net(r)).toBe(40n)
    const log = readLog(r.logs[2])
    expect(log.bets[0]).toEqual({ type: "PASS", target: 8, wagered: "35", odds: "25", return: "75", outcome: "WIN" })
    expect(log.resolvedBets[0]).toEqual({ label: "PASS 8", pnl: "40" }) // G14: return − wagered
  })
  it("2: don't pass with lay odds against 4 returns 65", () => {
    const r = drive(craps, 0n, [place("DONT_PASS", 10n), roll, odds(30n), roll], [2, 2, 4, 3])
    expect(r.credits[3]).toBe(65n)
    expect(r.complete).toBe(true)
  })
  it("3: a come bet travels to 5, takes the odds and returns 70 while the pass bet stays", () => {
    const r = drive(craps, 0n, [place("PASS", 10n), roll, place("COME", 10n), roll, odds(20n), roll], [3, 3, 2, 3, 1, 4])
    expect(r.credits[5]).toBe(70n)
    expect(r.complete).toBe(false)
    expect(r.state.bets).toHaveLength(1)
    expect(r.state.bets[0]?.type).toBe("PASS")
  })
  it("4: one-roll and place bets", () => {
    expect(drive(craps, 0n, [place("FIELD", 10n), roll], [6, 6]).credited).toBe(30n)
    expect(drive(craps, 0n, [place("FIELD", 10n), roll], [3, 4]).credited).toBe(0n)
    expect(drive(craps, 0n, [place("FIELD", 10n), roll], [1, 2]).credited).toBe(20n)
    expect(drive(craps, 0n, [place("YES", 60n, 6), roll], [2, 4]).credited).toBe(132n)
    expect(drive(craps, 0n, [place("NO", 500n, 4), roll], [3, 4]).credited).toBe(748n)
    expect(drive(craps, 0n, [place("NO", 120n, 6), roll], [3, 4]).credited).toBe(219n)
    expect(drive(craps, 0n, [place("NEXT", 100n, 7), roll], [3, 4]).credited).toBe(595n)
    expect(drive(craps, 0n, [place("NEXT", 100n, 2), roll], [1, 1]).credited).toBe(3565n)
    expect(drive(craps, 0n, [place("NEXT", 100n, 2), roll], [1, 2]).credited).toBe(0n)
  })
  it("5: hard 8", () => {
    expect(drive(craps, 0n, [place("HARDWAY_8", 10n), roll], [4, 4]).credited).toBe(100n)
    expect(drive(craps, 0n, [place("HARDWAY_8", 10n), roll], [5, 3]).credited).toBe(0n)
    expect(drive(craps, 0n, [place("HARDWAY_8", 10n), roll], [5, 2]).complete).toBe(true)
    const still = drive(craps, 0n, [place("HARDWAY_8", 10n), roll], [6, 6])
    expect(still.complete).toBe(false)
    expect(drive(craps, 0n, [place("HARDWAY_4", 10n), roll], [2, 2]).credited).toBe(80n)
  })
  it("6: fire with four points made pays 24:1 at the seven-out", () => {
    const r = drive(craps, 0n, [place("FIRE", 10n), ...rolls(10)], [2, 2, 1, 3, 2, 3, 1, 4, 3, 3, 1, 5, 4, 4, 2, 6, 4, 5, 3, 4])
    expect(r.credited).toBe(250n)
    expect(r.complete).toBe(true)
    expect(r.state.made_mask).toBe(0)
  })
  it("7: ATS small completes on the fifth roll with 350", () => {
    const r = drive(craps, 0n, [place("ATS_SMALL", 10n), ...rolls(5)], [1, 1, 1, 2, 2, 2, 2, 3, 3, 3])
    expect(r.credited).toBe(350n)
    expect(r.complete).toBe(true)
  })
  it("8: bonus bets of the reference tests", () => {
    expect(drive(craps, 0n, [place("MUGGSY", 10n), roll], [3, 4]).credited).toBe(30n)
    expect(drive(craps, 0n, [place("MUGGSY", 10n), roll, roll], [2, 2, 3, 4]).credited).toBe(40n)
    expect(drive(craps, 0n, [place("MUGGSY", 10n), roll, roll], [2, 2, 2, 2]).credited).toBe(0n)
    expect(drive(craps, 0n, [place("DIFF_DOUBLES", 10n), ...rolls(4)], [1, 1, 2, 2, 3, 3, 3, 4]).credited).toBe(50n)
    // Ride the Line: come-out 7, come-out 11, point 4 made, point 5 then seven-out: 3 wins → 1:1 (G16 paytable)
    expect(drive(craps, 0n, [place("RIDE_LINE", 10n), ...rolls(6)], [3, 4, 5, 6, 2, 2, 1, 3, 2, 3, 3, 4]).credited).toBe(20n)
    expect(drive(craps, 0n, [place("REPLAY", 1n), ...rolls(8)], [2, 2, 1, 3, 2, 2, 1, 3, 2, 2, 1, 3, 2, 2, 3, 4]).credited).toBe(121n)
    expect(drive(craps, 0n, [place("HOT_ROLLER", 10n), ...rolls(5)], [1, 3, 2, 2, 1, 4, 2, 3, 3, 4]).credited).toBe(60n)
  })
  it("9: a first-move batch charges its wager and settles (G3)", () => {
    const batch: CrapsMove = { _tag: "Batch", bets: [{ type: "PASS", target: 0, amount: 10n }, { type: "FIELD", target: 0, amount: 10n }] }
    const done = drive(craps, 0n, [batch], [1, 1])
    expect([done.charged, done.credited, done.complete]).toEqual([20n, 30n, true])
    const open = drive(craps, 0n, [batch], [5, 3])
    expect([open.charged, open.credited, open.complete]).toEqual([20n, 0n, false])
  })
  it("10: pass 10, point 8, then 3, 9, seven-out loses the 10", () => {
    const r = drive(craps, 0n, [place("PASS", 10n), ...rolls(4)], [5, 3, 2, 1, 5, 4, 5, 2])
    expect(net(r)).toBe(-10n)
    expect(r.complete).toBe(true)
  })
})

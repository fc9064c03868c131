/** The worked examples of games-a.md §4.6 (ante 100), cards scripted in dealing order. */
import { describe, expect, it } from "vitest"
import { casinoWar, type CasinoWarMove } from "../casino-war.ts"
import { drive } from "../../test/drive.ts"
import { readLog } from "./log.ts"

const play: CasinoWarMove = { _tag: "Play" }
const war: CasinoWarMove = { _tag: "War" }
const tie = (amount: bigint): CasinoWarMove => ({ _tag: "SetTieBet", amount })
const net = (r: { charged: bigint; credited: bigint }): bigint => r.credited - r.charged

describe("casino war worked examples (games-a.md §4.6)", () => {
  it("1: king beats seven 1:1; with a losing tie bet the net is +90", () => {
    const r = drive(casinoWar, 100n, [play], ["KS", "7H"])
    expect(r.complete).toBe(true)
    expect(r.credited).toBe(200n)
    expect(net(r)).toBe(100n)
    const t = drive(casinoWar, 100n, [tie(10n), play], ["KS", "7H"])
    expect(net(t)).toBe(90n)
    expect(readLog(t.logs[0]).netPnl).toBe("90")
  })
  it("2: the tie bet pays 10:1 at the tie; war won: the raise wins, the ante pushes", () => {
    const r = drive(casinoWar, 100n, [tie(10n), play, war], ["6S", "6H", "2C", "9H", "JD", "QD", "4C"])
    expect(r.credits).toEqual([0n, 110n, 300n])
    expect(r.charged).toBe(100n + 10n + 100n)
    expect(net(r)).toBe(200n)
    expect(r.script.remaining).toBe(0)
  })
  it("3: tie after tie pays the bonus: net +200", () => {
    const r = drive(casinoWar, 100n, [play, war], ["6S", "6H", "5D", "6H", "JS", "KH", "KS"])
    expect(net(r)).toBe(200n)
    expect(readLog(r.logs[1]).outcome).toBe("TIE_AFTER_TIE")
  })
  it("3b: without the tie-after-tie bonus a war tie nets +100", () => {
    const r = drive(casinoWar, 100n, [{ _tag: "SetRules", tie_pays_11: false, tie_after_tie_bonus: false }, play, war], ["6S", "6H", "5D", "6H", "JS", "KH", "KS"])
    expect(net(r)).toBe(100n)
  })
  it("4: tie then war lost: ante and raise both lose (−200)", () => {
    const r = drive(casinoWar, 100n, [play, war], ["9S", "9D", "2C", "2D", "2H", "3H", "JC"])
    expect(r.credited).toBe(0n)
    expect(net(r)).toBe(-200n)
  })
  it("5: tie then surrender returns half the ante (−50)", () => {
    const r = drive(casinoWar, 100n, [play, { _tag: "Surrender" }], ["9S", "9D"])
    expect(net(r)).toBe(-50n)
    expect(r.complete).toBe(true)
  })
  it("dealer higher loses the ante; the tie bet pays 11:1 under tie_pays_11", () => {
    expect(net(drive(casinoWar, 100n, [play], ["2S", "AH"]))).toBe(-100n)
    const r = drive(casinoWar, 100n, [{ _tag: "SetRules", tie_pays_11: true, tie_after_tie_bonus: true }, tie(10n), play, { _tag: "Surrender" }], ["AS", "AH"])
    expect(r.credits).toEqual([0n, 0n, 120n, 50n])
  })
  it("G7: the one-move tie bet and deal sets the tie bet and deals", () => {
    const r = drive(casinoWar, 100n, [{ _tag: "TieBetAndPlay", amount: 10n }, war], ["6S", "6H", "2C", "9H", "JD", "QD", "4C"])
    expect(r.charged).toBe(100n + 10n + 100n)
    expect(net(r)).toBe(200n)
    const lower = drive(casinoWar, 100n, [tie(30n), { _tag: "TieBetAndPlay", amount: 10n }], ["KS", "7H"])
    expect(net(lower)).toBe(100n - 10n)
  })
  it("changing the tie bet refunds a decrease and charges an increase", () => {
    const r = drive(casinoWar, 100n, [tie(50n), tie(20n), tie(0n), play], ["KS", "7H"])
    expect(r.charged).toBe(150n)
    expect(r.credited).toBe(30n + 20n + 200n)
  })

  it("G10: every log's netPnl is the round's true net and equals the sum of its resolved bets", () => {
    const cases = [
      drive(casinoWar, 100n, [tie(10n), play, war], ["9S", "9D", "2C", "2D", "2H", "3H", "JC"]), // war lost with a winning tie bet
      drive(casinoWar, 100n, [tie(10n), play, war], ["6S", "6H", "5D", "6H", "JS", "KH", "KS"]), // tie after tie
      drive(casinoWar, 100n, [tie(10n), play, { _tag: "Surrender" }], ["QS", "QD"])
    ]
    for (const r of cases) {
      const last = readLog(r.logs[r.logs.length - 1])
      expect(BigInt(last.netPnl)).toBe(net(r))
      const resolved = last.resolvedBets.reduce((a, b) => a + BigInt(b.pnl), 0n)
      expect(resolved).toBe(net(r))
    }
  })
})

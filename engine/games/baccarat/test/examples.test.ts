/** The worked examples of games-a.md §2.8, with the cards scripted in dealing order. */
import { describe, expect, it } from "vitest"
import { baccarat, type BaccaratMove } from "../baccarat.ts"
import type { BetType } from "../bets.ts"
import { drive } from "../../test/drive.ts"
import { readLog } from "./log.ts"

const place = (type: BetType, amount: bigint): BaccaratMove => ({ _tag: "PlaceBet", bet: { type, amount } })
const deal: BaccaratMove = { _tag: "Deal" }

const coup = (bets: ReadonlyArray<readonly [BetType, bigint]>, cards: ReadonlyArray<string>) =>
  drive(baccarat, 0n, [...bets.map(([t, a]) => place(t, a)), deal], cards)

describe("baccarat worked examples (games-a.md §2.8)", () => {
  it("1: player draws to 7 and beats banker 6; banker pair pays 11:1", () => {
    const r = coup([["PLAYER", 100n], ["B_PAIR", 10n], ["TIE", 10n]], ["5H", "7S", "8C", "8H", "5C"])
    expect(r.complete).toBe(true)
    expect(r.charged).toBe(120n)
    expect(r.credited).toBe(320n)
    expect(r.state.player).toHaveLength(3)
    expect(r.state.banker).toHaveLength(2)
    expect(readLog(r.logs[0]).netPnl).toBe("200")
    expect(r.script.remaining).toBe(0)
  })
  it("2: banker natural 9; banker pays 95 %, banker dragon natural pays 1:1", () => {
    const r = coup([["BANKER", 100n], ["B_DRAGON", 50n], ["PLAYER", 20n]], ["KS", "3S", "4S", "5S"])
    expect(r.credited).toBe(295n)
    expect(r.script.remaining).toBe(0)
  })
  it("3: a 6–6 tie pushes Player and Banker; Tie pays 8:1", () => {
    expect(coup([["PLAYER", 100n], ["BANKER", 100n]], ["2S", "4S", "3S", "3H"]).credited).toBe(200n)
    expect(coup([["PLAYER", 100n], ["BANKER", 100n], ["TIE", 10n]], ["2S", "4S", "3S", "3H"]).credited).toBe(290n)
  })
  it("4: three-card Lucky 6 pays 23:1; banker dragon by one loses; banker pair A-A", () => {
    const r = coup([["LUCKY6", 10n], ["BANKER", 100n], ["B_DRAGON", 10n], ["B_PAIR", 10n]], ["TS", "TH", "AS", "AH", "5D", "4C"])
    expect(r.charged).toBe(130n)
    expect(r.credited).toBe(555n)
  })
  it("5: dragon margin 9 pays 30:1", () => {
    const r = coup([["P_DRAGON", 10n], ["PLAYER", 10n], ["PANDA8", 5n]], ["2S", "2H", "KS", "KH", "5S", "KD"])
    expect(r.credited).toBe(330n)
  })
  it("6: Panda 8 pays 25:1; a non-suited pair loses the perfect pair", () => {
    const r = coup([["PANDA8", 10n], ["PLAYER", 100n], ["P_PERFECT_PAIR", 10n]], ["TS", "3S", "2S", "4S", "5H"])
    expect(r.credited).toBe(460n)
  })
  it("7: a partial loss returns the winning bet", () => {
    // banker 9 beats player 3 with no draws
    const r = coup([["BANKER", 100n], ["TIE", 200n]], ["KS", "3S", "4S", "5S"])
    expect(r.credited).toBe(195n)
  })
  it("8: a banker win on a stake of 1 rounds to a push", () => {
    const r = coup([["BANKER", 1n]], ["KS", "3S", "4S", "5S"])
    expect(r.credited).toBe(1n)
    expect(readLog(r.logs[0]).bets[0]?.result).toBe("PUSH")
  })
  it("perfect pairs: a suited pair wins both the pair and the perfect pair", () => {
    // player 7H 7H = 4 → draws 2C = 6; banker KS 6S = 6, player's third 2 → banker stands: tie 6–6
    const r = coup([["P_PAIR", 10n], ["P_PERFECT_PAIR", 10n], ["B_PERFECT_PAIR", 10n]], ["7H", "7H", "KS", "6S", "2C"])
    expect(r.credited).toBe(120n + 260n)
  })
  it("dragon: equal naturals push; a natural win pays 1:1; a non-natural tie loses", () => {
    expect(coup([["P_DRAGON", 10n], ["B_DRAGON", 10n]], ["9S", "KS", "9H", "KH"]).credited).toBe(20n)
    expect(coup([["P_DRAGON", 10n]], ["8S", "KS", "2H", "KH"]).credited).toBe(20n)
    // player 2S 4S = 6 stands, banker 3S 3H = 6 stands: non-natural tie
    expect(coup([["P_DRAGON", 10n], ["B_DRAGON", 10n]], ["2S", "4S", "3S", "3H"]).credited).toBe(0n)
  })
  it("Lucky 6 with two cards pays 12:1", () => {
    // player KS 2S = 2 draws 2C = 4; banker 2H 4H = 6 stands on a third card of 2 and wins 6–4
    expect(coup([["LUCKY6", 10n]], ["KS", "2S", "2H", "4H", "2C"]).credited).toBe(130n)
  })
  it("a batch merges duplicates and settles like place-then-deal, charging its wager", () => {
    const r = drive(
      baccarat,
      0n,
      [{ _tag: "Batch", bets: [{ type: "PLAYER", amount: 60n }, { type: "B_PAIR", amount: 10n }, { type: "PLAYER", amount: 40n }, { type: "TIE", amount: 10n }] }],
      ["5H", "7S", "8C", "8H", "5C"]
    )
    expect(r.charged).toBe(120n)
    expect(r.credited).toBe(320n)
    expect(r.state.bets.map((b) => [b.type, b.amount])).toEqual([["PLAYER", 100n], ["B_PAIR", 10n], ["TIE", 10n]])
  })
})

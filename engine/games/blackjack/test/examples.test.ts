/** games-a.md §3.10 worked examples, on the engine's blackjack (bet 100, default rules unless stated). */
import { describe, expect, it } from "vitest"
import { blackjack, type BlackjackMove } from "../blackjack.ts"
import { DEFAULT_RULES } from "../rules.ts"
import { drive, logField } from "../../test/drive.ts"

const run = (moves: ReadonlyArray<BlackjackMove>, cards: ReadonlyArray<string>) => drive(blackjack, 100n, moves, cards)

describe("blackjack worked examples (games-a.md §3.10)", () => {
  it("1. a natural pays 3:2 and the dealer still plays; a losing 21+3 of 10 is taken", () => {
    const r = run([{ _tag: "Deal" }, { _tag: "Reveal" }], ["AH", "KD", "9S", "3H", "6S"])
    expect(r.complete).toBe(true)
    expect(r.credited).toBe(250n)
    expect(r.state.dealer).toHaveLength(3)
    const side = run([{ _tag: "AtomicDeal", side_bet: 10n }, { _tag: "Reveal" }], ["AH", "KD", "9S", "3H", "6S"])
    expect(side.charged).toBe(110n)
    expect(side.credited).toBe(250n)
    expect(logField(side.logs[0], "netPnl")).toBe("140")
  })

  it("2. 21+3 straight flush pays 30:1 when the only hand busts; no hole card is drawn", () => {
    const r = run([{ _tag: "AtomicDeal", side_bet: 10n }, { _tag: "Hit" }, { _tag: "Hit" }, { _tag: "Hit" }], ["2S", "3S", "4S", "TH", "5H", "KH"])
    expect(r.complete).toBe(true)
    expect(r.script.remaining).toBe(0)
    expect(r.state.dealer).toHaveLength(1)
    expect(r.credited).toBe(310n)
    expect(r.charged).toBe(110n)
  })

  it("3. split then double: 400 + 200 returned on 300 staked", () => {
    const r = run(
      [{ _tag: "Deal" }, { _tag: "Split" }, { _tag: "Double" }, { _tag: "Stand" }, { _tag: "Reveal" }],
      ["8S", "8H", "6D", "3C", "TS", "KH", "TD", "9C"]
    )
    expect(r.state.hands.map((h) => h.status)).toEqual(["standing", "standing"])
    expect(r.charged).toBe(300n)
    expect(r.credited).toBe(600n)
    expect(logField(r.logs[0], "netPnl")).toBe("300")
  })

  it("4. no peek: a dealer blackjack takes the doubled stake in full", () => {
    const r = run([{ _tag: "Deal" }, { _tag: "Double" }, { _tag: "Reveal" }], ["6S", "5H", "AC", "TS", "KD"])
    expect(r.charged).toBe(200n)
    expect(r.credited).toBe(0n)
    expect(r.complete).toBe(true)
  })

  it("5. soft 17: the dealer hits it under H17 and stands on it under S17", () => {
    const h17 = run([{ _tag: "Deal" }, { _tag: "Stand" }, { _tag: "Reveal" }], ["TS", "8H", "AS", "6S", "2S"])
    expect(h17.state.dealer).toHaveLength(3)
    expect(h17.credited).toBe(0n) // 18 against soft 19
    const s17 = run([{ _tag: "SetRules", rules: { ...DEFAULT_RULES, h17: false } }, { _tag: "Deal" }, { _tag: "Stand" }, { _tag: "Reveal" }], ["TS", "8H", "AS", "6S"])
    expect(s17.state.dealer).toHaveLength(2)
    expect(s17.credited).toBe(200n) // 18 beats 17
  })

  it("6. late surrender returns half, or nothing against a dealer blackjack", () => {
    const rules: BlackjackMove = { _tag: "SetRules", rules: { ...DEFAULT_RULES, surrender: true } }
    const half = run([rules, { _tag: "Deal" }, { _tag: "Surrender" }, { _tag: "Reveal" }], ["TS", "6H", "TD", "7C"])
    expect(half.credited).toBe(50n)
    const none = run([rules, { _tag: "Deal" }, { _tag: "Surrender" }, { _tag: "Reveal" }], ["TS", "6H", "TD", "AS"])
    expect(none.credited).toBe(0n)
  })

  it("6:5 pays floor(b × 11/5) on a natural; a natural against a dealer blackjack pushes", () => {
    const sixFive = run([{ _tag: "SetRules", rules: { ...DEFAULT_RULES, blackjack_pays_6_5: true } }, { _tag: "Deal" }, { _tag: "Reveal" }], ["AH", "KD", "9S", "8C"])
    expect(sixFive.credited).toBe(220n)
    const push = run([{ _tag: "Deal" }, { _tag: "Reveal" }], ["AH", "KD", "AS", "QC"])
    expect(push.credited).toBe(100n)
  })

  it("a split 21 in two cards is an ordinary 21 (pays 1:1, no auto-stand)", () => {
    const r = run([{ _tag: "Deal" }, { _tag: "Split" }, { _tag: "Stand" }, { _tag: "Stand" }, { _tag: "Reveal" }], ["AS", "AH", "9D", "KS", "7C", "9C"])
    expect(r.script.remaining).toBe(0)
    // hands: A+K = 21 (stays active until Stand), A+7 = soft 18; dealer 9 + 9 = 18
    expect(r.state.hands.map((h) => h.status)).toEqual(["standing", "standing"])
    expect(r.credited).toBe(200n + 100n)
  })

  it("split aces without hit-split-aces take one card each and stand", () => {
    const rules = { ...DEFAULT_RULES, hit_split_aces: false }
    const r = run([{ _tag: "SetRules", rules }, { _tag: "Deal" }, { _tag: "Split" }, { _tag: "Reveal" }], ["AS", "AH", "6D", "5S", "AC", "TC", "9C"])
    expect(r.state.hands.map((h) => [h.cards.length, h.status])).toEqual([
      [2, "standing"],
      [2, "standing"]
    ])
    expect(r.charged).toBe(200n)
    // 16 and soft 12 against a dealer 6 + T + 9 = 25: both win
    expect(r.credited).toBe(400n)
  })
})

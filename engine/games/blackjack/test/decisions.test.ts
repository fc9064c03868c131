/** Blackjack defect decisions (docs/games/decisions-b.md), through the real instruction path. */
import { describe, expect, it } from "vitest"
import { actor } from "../../../test/helpers.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../outcomes.ts"
import { casinoTable } from "../../test/table.ts"
import { blackjack, type BlackjackMove } from "../blackjack.ts"
import { DEFAULT_RULES } from "../rules.ts"

const BLACKJACK = 1
const who = actor("blackjack-player")

const table = () => casinoTable(who, "bj")

const session = (bet: bigint, moves: ReadonlyArray<BlackjackMove>, cards: ReadonlyArray<string>) => {
  const { d, chips } = table()
  const before = chips()
  const options = { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(cards)) }
  expect(d.run(who, { _tag: "StartGame", game_type: BLACKJACK, bet, session_id: 1n }, options).status).toBe("applied")
  const outs = moves.map((m) => d.run(who, { _tag: "GameMove", session_id: 1n, payload: blackjack.encodeMove(m) }, options))
  return { d, outs, before, chips, session: () => d.session(1n) }
}

describe("blackjack decisions", () => {
  it("G6: a double that busts the last hand charges the doubled stake and completes", () => {
    const r = session(100n, [{ _tag: "Deal" }, { _tag: "Double" }], ["TS", "2H", "9D", "KC"])
    expect(r.outs.map((o) => o.status)).toEqual(["applied", "applied"])
    expect(r.session()?.is_complete).toBe(true)
    expect(r.session()?.total_charged).toBe(200n)
    expect(r.chips()).toBe(r.before - 200n)
  })

  it("G6: that double is refused with InsufficientFunds when the player cannot cover it, changing nothing", () => {
    const { d, chips } = table()
    const all = chips()
    const options = { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(["TS", "2H", "9D", "KC"])) }
    expect(d.run(who, { _tag: "StartGame", game_type: BLACKJACK, bet: all, session_id: 1n }, options).status).toBe("applied")
    expect(d.run(who, { _tag: "GameMove", session_id: 1n, payload: blackjack.encodeMove({ _tag: "Deal" }) }, options).status).toBe("applied")
    const before = JSON.stringify(d.session(1n), (_, v) => (typeof v === "bigint" ? v.toString() : v))
    const out = d.run(who, { _tag: "GameMove", session_id: 1n, payload: blackjack.encodeMove({ _tag: "Double" }) }, options)
    expect(out.error?.tag).toBe("InsufficientFunds")
    expect(JSON.stringify(d.session(1n), (_, v) => (typeof v === "bigint" ? v.toString() : v))).toBe(before)
    expect(chips()).toBe(0n)
  })

  it("G4: rules are set in the betting stage; a 3:2 one- or two-deck table is refused, 6:5 is accepted", () => {
    const r = session(100n, [
      { _tag: "SetRules", rules: { ...DEFAULT_RULES, decks: 1 } },
      { _tag: "SetRules", rules: { ...DEFAULT_RULES, decks: 2 } },
      { _tag: "SetRules", rules: { ...DEFAULT_RULES, decks: 1, blackjack_pays_6_5: true } },
      { _tag: "SetRules", rules: { ...DEFAULT_RULES, decks: 4 } }
    ], [])
    expect(r.outs.map((o) => o.status)).toEqual(["failed", "failed", "applied", "applied"])
  })

  it("N18: a partial return (surrender) completes with a negative net payout", () => {
    const r = session(100n, [{ _tag: "SetRules", rules: { ...DEFAULT_RULES, surrender: true } }, { _tag: "Deal" }, { _tag: "Surrender" }, { _tag: "Reveal" }], ["TS", "6H", "TD", "7C"])
    const done = r.outs[3]?.events.find((e) => e._tag === "GameCompleted")
    expect(done?._tag === "GameCompleted" ? done.payout : undefined).toBe(-50n)
    expect(r.chips()).toBe(r.before - 50n)
  })

  it("N15: a loss keeps every stake charged (start bet and side bet) and credits nothing", () => {
    const r = session(100n, [{ _tag: "AtomicDeal", side_bet: 20n }, { _tag: "Stand" }, { _tag: "Reveal" }], ["TS", "6H", "TD", "7C"])
    const s = r.session()
    expect(s?.is_complete).toBe(true)
    expect(s?.total_charged).toBe(120n)
    expect(s?.total_credited).toBe(0n)
    expect(r.chips()).toBe(r.before - 120n)
  })

  it("a lowered side bet is refunded in a draw-free step; an atomic deal may not lower it", () => {
    const r = session(100n, [
      { _tag: "SetSideBet", amount: 50n },
      { _tag: "SetSideBet", amount: 20n },
      { _tag: "AtomicDeal", side_bet: 10n },
      { _tag: "AtomicDeal", side_bet: 20n }
    ], ["TS", "6H", "TD"])
    expect(r.outs.map((o) => o.status)).toEqual(["applied", "applied", "failed", "applied"])
    expect(r.chips()).toBe(r.before - 120n)
  })
})

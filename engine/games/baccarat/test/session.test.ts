/** Baccarat through the real instruction path: the start-bet rule (G1) and the batch wager (G2). */
import { describe, expect, it } from "vitest"
import { actor } from "../../../test/helpers.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../outcomes.ts"
import { casinoTable } from "../../test/table.ts"
import { baccarat } from "../baccarat.ts"

const BACCARAT = 0
const who = actor("baccarat-player")

const table = () => casinoTable(who, "b")

describe("baccarat sessions", () => {
  it("G1: a non-zero start bet is refused and nothing is taken", () => {
    const { d, chips } = table()
    const before = chips()
    const out = d.run(who, { _tag: "StartGame", game_type: BACCARAT, bet: 100n, session_id: 7n })
    expect(out.status).toBe("failed")
    expect(out.error?.tag).toBe("InvalidBet")
    expect(chips()).toBe(before)
    expect(d.session(7n)).toBeUndefined()
  })

  it("G2: a batch charges its whole wager — a losing batch costs the stake, a winning one nets the winnings", () => {
    for (const [cards, net] of [
      [["KS", "3S", "4S", "5S"], -100n], // banker natural 9: player loses
      [["5H", "7S", "8C", "8H", "5C"], 100n] // player 7 beats 6
    ] as const) {
      const { d, chips } = table()
      const before = chips()
      const outcomes = { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(cards)) }
      expect(d.run(who, { _tag: "StartGame", game_type: BACCARAT, bet: 0n, session_id: 1n }).status).toBe("applied")
      const payload = baccarat.encodeMove({ _tag: "Batch", bets: [{ type: "PLAYER", amount: 100n }] })
      expect(d.run(who, { _tag: "GameMove", session_id: 1n, payload }, outcomes).status).toBe("applied")
      expect(chips() - before).toBe(net)
      const s = d.session(1n)
      expect(s?.is_complete).toBe(true)
      expect(s?.total_charged).toBe(100n)
    }
  })

  it("a batch the player cannot cover is refused with nothing changed", () => {
    const { d, chips } = table()
    const before = chips()
    expect(d.run(who, { _tag: "StartGame", game_type: BACCARAT, bet: 0n, session_id: 1n }).status).toBe("applied")
    const payload = baccarat.encodeMove({ _tag: "Batch", bets: [{ type: "PLAYER", amount: before + 1n }] })
    const out = d.run(who, { _tag: "GameMove", session_id: 1n, payload }, { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(["5H", "7S", "8C", "8H", "5C"])) })
    expect(out.error?.tag).toBe("InsufficientFunds")
    expect(chips()).toBe(before)
    expect(d.session(1n)?.move_count).toBe(0)
  })
})

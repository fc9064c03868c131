/** Three Card through the real instruction path: N18 (a completion reports its signed net) and the play charge. */
import { describe, expect, it } from "vitest"
import { players } from "../../../casino/player.ts"
import { TestDriver, actor } from "../../../test/helpers.ts"
import { GAME_TYPES } from "../../../tx/instruction.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../outcomes.ts"
import { threeCard } from "../three-card.ts"

const THREE_CARD = GAME_TYPES.indexOf("three_card")
const who = actor("three-card-player")

const table = () => {
  const d = new TestDriver()
  expect(d.run(who, { _tag: "CasinoRegister", name: "t" }).status).toBe("applied")
  const chips = (): bigint => players.get(d.chain.store, who.public_key)?.chips ?? 0n
  const move = (payload: Uint8Array, script: ReadonlyArray<string> = []) =>
    d.run(who, { _tag: "GameMove", session_id: 1n, payload }, { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(script)) })
  return { d, chips, move }
}

describe("three card sessions", () => {
  it("N18: a fold that wins only a side bet completes with the signed net (−90), not as a win", () => {
    const { d, chips, move } = table()
    expect(d.run(who, { _tag: "StartGame", game_type: THREE_CARD, bet: 100n, session_id: 1n }).status).toBe("applied")
    expect(move(threeCard.encodeMove({ _tag: "SetSideBet", bet: "PAIR_PLUS", amount: 10n })).status).toBe("applied")
    expect(move(threeCard.encodeMove({ _tag: "Deal" }), ["5S", "5H", "2D"]).status).toBe("applied")
    const out = move(threeCard.encodeMove({ _tag: "Fold" }), ["KC", "9D", "3S"])
    expect(out.status).toBe("applied")
    const completed = out.events.find((e) => e._tag === "GameCompleted")
    expect(completed?._tag === "GameCompleted" ? completed.payout : null).toBe(-90n)
    expect(chips()).toBe(910n)
  })

  it("a play the player cannot cover is refused with nothing changed; fold stays available", () => {
    const { d, chips, move } = table()
    expect(d.run(who, { _tag: "StartGame", game_type: THREE_CARD, bet: 600n, session_id: 1n }).status).toBe("applied")
    expect(move(threeCard.encodeMove({ _tag: "Deal" }), ["AS", "AH", "2D"]).status).toBe("applied")
    expect(move(threeCard.encodeMove({ _tag: "Play" })).error?.tag).toBe("InsufficientFunds")
    expect(chips()).toBe(400n)
    expect(move(threeCard.encodeMove({ _tag: "Fold" }), ["KC", "9D", "3S"]).status).toBe("applied")
    expect(chips()).toBe(400n)
  })
})

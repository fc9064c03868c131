/** Three Card through the real instruction path: N18 (a completion reports its signed net) and the play charge. */
import { describe, expect, it } from "vitest"
import { actor } from "../../../test/helpers.ts"
import { GAME_TYPES } from "../../../tx/instruction.ts"
import { casinoTable } from "../../test/table.ts"
import { threeCard } from "../three-card.ts"

const THREE_CARD = GAME_TYPES.indexOf("three_card")
const who = actor("three-card-player")

const table = () => casinoTable(who, "t")

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

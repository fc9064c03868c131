/** Ultimate Hold'em through the real instruction path: N3 (the blind is charged at the start) and play bets. */
import { describe, expect, it } from "vitest"
import { actor } from "../../../test/helpers.ts"
import { GAME_TYPES } from "../../../tx/instruction.ts"
import { casinoTable } from "../../test/table.ts"
import { ultimateHoldem } from "../ultimate-holdem.ts"

const code = (name: (typeof GAME_TYPES)[number]): number => GAME_TYPES.indexOf(name)
const who = actor("c-games-player")

const table = () => casinoTable(who, "c")

describe("ultimate hold'em sessions", () => {
  it("N3: an ultimate hold'em start charges ante and blind; a blind the player cannot cover refuses the start", () => {
    const { d, chips } = table()
    expect(d.run(who, { _tag: "StartGame", game_type: code("ultimate_holdem"), bet: 600n, session_id: 1n }).error?.tag).toBe("InsufficientFunds")
    expect(chips()).toBe(1_000n)
    expect(d.session(1n)).toBeUndefined()
    expect(d.run(who, { _tag: "StartGame", game_type: code("ultimate_holdem"), bet: 300n, session_id: 1n }).status).toBe("applied")
    expect(chips()).toBe(400n)
    expect(d.session(1n)?.total_charged).toBe(600n)
  })
  it("a play bet the player cannot cover is refused and the hand waits for a legal move", () => {
    const { d, chips, move } = table()
    expect(d.run(who, { _tag: "StartGame", game_type: code("ultimate_holdem"), bet: 200n, session_id: 1n }).status).toBe("applied")
    expect(move(ultimateHoldem.encodeMove({ _tag: "Deal" }), ["AS", "AD"]).status).toBe("applied")
    expect(move(ultimateHoldem.encodeMove({ _tag: "Bet", multiplier: 4 })).error?.tag).toBe("InsufficientFunds")
    expect(chips()).toBe(600n)
    expect(move(ultimateHoldem.encodeMove({ _tag: "Bet", multiplier: 3 })).status).toBe("applied")
    expect(chips()).toBe(0n)
  })
})

/** Sic Bo through the real instruction path: N12 (no start bet), N10 (the 21st bet), N2 (batch wager). */
import { describe, expect, it } from "vitest"
import { actor } from "../../../test/helpers.ts"
import { GAME_TYPES } from "../../../tx/instruction.ts"
import { casinoTable } from "../../test/table.ts"
import { sicBo } from "../sic-bo.ts"

const SIC_BO = GAME_TYPES.indexOf("sic_bo")
const who = actor("sic-bo-player")

const table = () => casinoTable(who, "s")

describe("sic bo sessions", () => {
  it("N12: sic bo refuses a non-zero start bet and takes nothing", () => {
    const { d, chips } = table()
    expect(d.run(who, { _tag: "StartGame", game_type: SIC_BO, bet: 100n, session_id: 1n }).error?.tag).toBe("InvalidBet")
    expect(chips()).toBe(1_000n)
    expect(d.session(1n)).toBeUndefined()
  })

  it("N10: the 21st sic bo bet is refused with nothing charged; the round still rolls and settles", () => {
    const { d, chips, move } = table()
    expect(d.run(who, { _tag: "StartGame", game_type: SIC_BO, bet: 0n, session_id: 1n }).status).toBe("applied")
    const place = sicBo.encodeMove({ _tag: "PlaceBet", bet: { type: "BIG", number: 0, amount: 10n } })
    for (let i = 0; i < 20; i++) expect(move(place).status).toBe("applied")
    expect(chips()).toBe(800n)
    expect(move(place).error?.tag).toBe("InvalidMove")
    expect(chips()).toBe(800n)
    expect(move(sicBo.encodeMove({ _tag: "Roll" }), [6, 5, 4]).status).toBe("applied")
    expect(chips()).toBe(1_200n)
    expect(d.session(1n)?.is_complete).toBe(true)
  })

  it("N2: a sic bo batch charges its total; one the player cannot cover is refused with nothing changed", () => {
    const { d, chips, move } = table()
    expect(d.run(who, { _tag: "StartGame", game_type: SIC_BO, bet: 0n, session_id: 1n }).status).toBe("applied")
    const batch = (amount: bigint) => sicBo.encodeMove({ _tag: "Batch", bets: [{ type: "SMALL", number: 0, amount }] })
    expect(move(batch(1_001n), [1, 2, 3]).error?.tag).toBe("InsufficientFunds")
    expect(chips()).toBe(1_000n)
    expect(d.session(1n)?.move_count).toBe(0)
    expect(move(batch(100n), [6, 6, 5]).status).toBe("applied")
    expect(chips()).toBe(900n)
  })
})

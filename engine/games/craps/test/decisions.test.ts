/** The fixes of docs/games/decisions-a.md that concern craps: G3, G11, G12, G13, G15, G16. */
import { describe, expect, it } from "vitest"
import { players } from "../../../casino/player.ts"
import { TestDriver, actor } from "../../../test/helpers.ts"
import { isGameError } from "../../game.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../outcomes.ts"
import { craps, type CrapsMove, type PlacedBet } from "../craps.ts"
import { RIDE_LINE_PAYS, type BetType } from "../bets.ts"
import { initialCrapsState } from "../state.ts"
import { drive } from "../../test/drive.ts"

const bet = (type: BetType, amount: bigint, target = 0): PlacedBet => ({ type, target, amount })
const place = (type: BetType, amount: bigint, target = 0): CrapsMove => ({ _tag: "PlaceBet", bet: bet(type, amount, target) })
const roll: CrapsMove = { _tag: "Roll" }
const refusedOn = (moves: ReadonlyArray<CrapsMove>, dice: ReadonlyArray<number>, next: CrapsMove): string => {
  const s = drive(craps, 0n, moves, dice).state
  const r = craps.move(s, next, new ScriptedOutcomes([]))
  return isGameError(r) ? r._tag : "accepted"
}

describe("craps decisions", () => {
  it("G3: a batch after placing and clearing bets still charges its whole wager", () => {
    const d = new TestDriver()
    const who = actor("craps-g3")
    d.run(who, { _tag: "CasinoRegister", name: "c" })
    const chips = (): bigint => players.get(d.chain.store, who.public_key)?.chips ?? 0n
    const before = chips()
    const opts = { outcomes: scriptedOutcomeSources(new ScriptedOutcomes([3, 4])) }
    d.run(who, { _tag: "StartGame", game_type: 3, bet: 0n, session_id: 1n })
    d.run(who, { _tag: "GameMove", session_id: 1n, payload: craps.encodeMove(place("FIELD", 50n)) })
    d.run(who, { _tag: "GameMove", session_id: 1n, payload: craps.encodeMove({ _tag: "ClearBets" }) })
    expect(chips()).toBe(before)
    const out = d.run(who, { _tag: "GameMove", session_id: 1n, payload: craps.encodeMove({ _tag: "Batch", bets: [bet("FIELD", 100n)] }) }, opts)
    expect(out.status).toBe("applied")
    expect(chips()).toBe(before - 100n) // field loses on 7: the stake is gone
  })

  it("G1: a non-zero start bet is refused", () => {
    const d = new TestDriver()
    const who = actor("craps-g1")
    d.run(who, { _tag: "CasinoRegister", name: "c" })
    expect(d.run(who, { _tag: "StartGame", game_type: 3, bet: 10n, session_id: 1n }).error?.tag).toBe("InvalidBet")
  })

  it("G11: a batch applies every single-placement rule", () => {
    const batch = (bets: PlacedBet[]) => craps.move(initialCrapsState, { _tag: "Batch", bets }, new ScriptedOutcomes([]))
    expect(isGameError(batch([bet("HARDWAY_4", 10n, 5)]))).toBe(true) // wrong hardway target
    expect(isGameError(batch([bet("FIRE", 10n, 3)]))).toBe(true) // bonus bet with a target
    expect(isGameError(batch([bet("FIRE", 10n), bet("FIRE", 10n)]))).toBe(true) // a second Fire bet
    expect(isGameError(batch([bet("COME", 10n)]))).toBe(true) // Come without a point
    expect(isGameError(batch([bet("YES", 10n, 7)]))).toBe(true)
    const full = craps.move(initialCrapsState, { _tag: "Batch", bets: Array.from({ length: 20 }, () => bet("FIELD", 1n)) }, new ScriptedOutcomes([1, 1]))
    expect(isGameError(full) ? full.message : full.charge).toBe(20n)
  })

  it("G12: bonus bets open at the start of every shooter, also after a come-out 2, 3, 11 or 12", () => {
    expect(refusedOn([place("HARDWAY_4", 10n), roll], [1, 1], place("FIRE", 5n))).toBe("accepted") // after a come-out 2
    expect(refusedOn([place("FIELD", 10n), place("HARDWAY_4", 10n), roll], [5, 6], place("ATS_ALL", 5n))).toBe("accepted") // after a come-out 11
    expect(refusedOn([place("HARDWAY_4", 10n), roll], [3, 3], place("REPLAY", 5n))).toBe("InvalidMove") // point established
    // point 6 established then made: same shooter, window stays closed
    expect(refusedOn([place("HARDWAY_4", 10n), roll, roll], [3, 3, 4, 2], place("MUGGSY", 5n))).toBe("InvalidMove")
    // during the point phase it is closed
    expect(refusedOn([place("HARDWAY_4", 10n), place("HARDWAY_10", 10n), roll, roll], [3, 3, 2, 2], place("FIRE", 5n))).toBe("InvalidMove")
    // after a seven-out a new shooter comes out and the window opens again
    const sevenOut = drive(craps, 0n, [place("HARDWAY_4", 10n), place("NO", 10n, 4), roll, roll], [3, 3, 6, 1])
    expect(sevenOut.state.phase).toBe("come_out")
    expect(isGameError(craps.move(sevenOut.state, place("HOT_ROLLER", 5n), new ScriptedOutcomes([])))).toBe(false)
  })

  it("G13: Don't Pass is refused once a point is on; a Pass then is a put bet on the point and takes odds", () => {
    const point = drive(craps, 0n, [place("HARDWAY_4", 10n), roll], [5, 5])
    expect(point.state.point).toBe(10)
    const dp = craps.move(point.state, place("DONT_PASS", 10n), new ScriptedOutcomes([]))
    expect(isGameError(dp) ? dp._tag : "accepted").toBe("InvalidMove")
    const put = drive(craps, 0n, [place("HARDWAY_4", 10n), roll, place("PASS", 10n), { _tag: "AddOdds", amount: 10n }, roll], [5, 5, 6, 4])
    // 10 on the put bet, 10 odds at 2:1 → 20 + 10 + 20
    expect(put.credits[4]).toBe(50n)
  })

  it("G15: ATS loses on a come-out 7", () => {
    const r = drive(craps, 0n, [place("ATS_SMALL", 10n), roll, roll], [1, 1, 3, 4])
    expect(r.complete).toBe(true)
    expect(r.credited).toBe(0n)
  })

  it("G16: Ride the Line pays 1:1 for 3 wins, 2:1 for 4, and the reference table above", () => {
    expect(RIDE_LINE_PAYS.slice(3)).toEqual([1n, 2n, 5n, 8n, 12n, 18n, 25n, 40n, 100n])
  })
})

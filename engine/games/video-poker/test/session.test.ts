/** Video poker through the real instruction path: paid for 1 (N4), losses keep the stake (N15, N18). */
import { describe, expect, it } from "vitest"
import { players } from "../../../casino/player.ts"
import { TestDriver, actor } from "../../../test/helpers.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../outcomes.ts"
import { videoPoker, type VideoPokerMove } from "../video-poker.ts"

const VIDEO_POKER = 4
const who = actor("video-poker-player")

const session = (moves: ReadonlyArray<VideoPokerMove>, cards: ReadonlyArray<string>) => {
  const d = new TestDriver()
  expect(d.run(who, { _tag: "CasinoRegister", name: "vp" }).status).toBe("applied")
  const chips = (): bigint => players.get(d.chain.store, who.public_key)?.chips ?? 0n
  const before = chips()
  const options = { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(cards)) }
  expect(d.run(who, { _tag: "StartGame", game_type: VIDEO_POKER, bet: 100n, session_id: 1n }, options).status).toBe("applied")
  const outs = moves.map((m) => d.run(who, { _tag: "GameMove", session_id: 1n, payload: videoPoker.encodeMove(m) }, options))
  const completed = outs.flatMap((o) => o.events).find((e) => e._tag === "GameCompleted")
  return { net: chips() - before, outs, session: d.session(1n), payout: completed?._tag === "GameCompleted" ? completed.payout : undefined }
}

const HOLD_ALL: VideoPokerMove = { _tag: "Draw", hold: [true, true, true, true, true] }

describe("video poker sessions", () => {
  it("N4: jacks or better returns exactly the bet (net 0); two pair nets one bet", () => {
    expect(session([HOLD_ALL], ["JS", "JH", "2S", "3D", "4C"]).net).toBe(0n)
    expect(session([HOLD_ALL], ["JS", "JH", "2S", "2D", "4C"]).net).toBe(100n)
  })

  it("N15/N18: a losing hand keeps the stake charged and reports −bet", () => {
    const r = session([HOLD_ALL], ["2S", "2H", "4S", "5S", "6S"])
    expect(r.session?.total_charged).toBe(100n)
    expect(r.session?.total_credited).toBe(0n)
    expect(r.payout).toBe(-100n)
  })

  it("the paytable cannot change after the draw", () => {
    const r = session([HOLD_ALL, { _tag: "SetPaytable", paytable: "8/5" }], ["KS", "KH", "KD", "QS", "QH"])
    expect(r.outs.map((o) => o.status)).toEqual(["applied", "failed"])
    expect(r.net).toBe(800n)
  })
})

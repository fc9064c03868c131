/** Hi-Lo through the real instruction path: the loss path keeps the stake (N15), a tie loses (H1), completion reports the net (N18). */
import { describe, expect, it } from "vitest"
import { players } from "../../../casino/player.ts"
import { TestDriver, actor } from "../../../test/helpers.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../outcomes.ts"
import { hilo, type HiloMove } from "../hilo.ts"

const HILO = 5
const who = actor("hilo-player")

const session = (moves: ReadonlyArray<HiloMove>, cards: ReadonlyArray<string>) => {
  const d = new TestDriver()
  expect(d.run(who, { _tag: "CasinoRegister", name: "hl" }).status).toBe("applied")
  const chips = (): bigint => players.get(d.chain.store, who.public_key)?.chips ?? 0n
  const before = chips()
  const options = { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(cards)) }
  expect(d.run(who, { _tag: "StartGame", game_type: HILO, bet: 100n, session_id: 1n }, options).status).toBe("applied")
  const outs = moves.map((m) => d.run(who, { _tag: "GameMove", session_id: 1n, payload: hilo.encodeMove(m) }, options))
  const completed = outs.flatMap((o) => o.events).find((e) => e._tag === "GameCompleted")
  return { net: chips() - before, outs, session: d.session(1n), payout: completed?._tag === "GameCompleted" ? completed.payout : undefined }
}

describe("hi-lo sessions", () => {
  it("N15: a wrong guess keeps the stake charged, credits nothing and completes", () => {
    const r = session([{ _tag: "Higher" }], ["2S", "AH"])
    expect(r.session?.is_complete).toBe(true)
    expect(r.session?.total_charged).toBe(100n)
    expect(r.session?.total_credited).toBe(0n)
    expect(r.payout).toBe(-100n)
    expect(r.net).toBe(-100n)
  })

  it("N18: a cash out reports the true net; the smallest multiplier (Lower from a King, 1.0833x) still returns more than the stake", () => {
    const r = session([{ _tag: "Lower" }, { _tag: "CashOut" }], ["KD", "2C"])
    expect(r.payout).toBe(8n)
    expect(r.net).toBe(8n)
  })

  it("H1: an equal rank on Higher loses the stake through the instruction path", () => {
    const r = session([{ _tag: "Higher" }, { _tag: "CashOut" }], ["7S", "7D"])
    expect(r.outs.map((o) => o.status)).toEqual(["applied", "failed"])
    expect(r.payout).toBe(-100n)
    expect(r.net).toBe(-100n)
  })

  it("a refused guess changes nothing and the session can still cash out", () => {
    const r = session([{ _tag: "Higher" }, { _tag: "CashOut" }], ["KD"])
    expect(r.outs.map((o) => o.status)).toEqual(["failed", "applied"])
    expect(r.net).toBe(0n)
  })
})

/** Casino war through the real instruction path: the war raise is charged up front (G9). */
import { describe, expect, it } from "vitest"
import { players } from "../../../casino/player.ts"
import { TestDriver, actor } from "../../../test/helpers.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../outcomes.ts"
import { casinoWar } from "../casino-war.ts"

const WAR = 2
const who = actor("war-player")

describe("casino war sessions", () => {
  it("G9: a player who cannot cover the raise is refused at war whatever the cards, and can still surrender", () => {
    const d = new TestDriver()
    d.run(who, { _tag: "CasinoRegister", name: "w" })
    const chips = (): bigint => players.get(d.chain.store, who.public_key)?.chips ?? 0n
    const ante = chips() - 100n // leaves 100 < ante after the start
    const script = new ScriptedOutcomes(["9S", "9D", "2C", "2D", "2H", "KH", "3C", "2C", "2D", "2H", "3H", "KC"])
    const opts = { outcomes: scriptedOutcomeSources(script) }
    expect(d.run(who, { _tag: "StartGame", game_type: WAR, bet: ante, session_id: 1n }).status).toBe("applied")
    expect(d.run(who, { _tag: "GameMove", session_id: 1n, payload: casinoWar.encodeMove({ _tag: "Play" }) }, opts).status).toBe("applied")
    // a winning war card (KH vs 3C) and a losing one (3H vs KC) are both refused
    for (let i = 0; i < 2; i++) {
      const out = d.run(who, { _tag: "GameMove", session_id: 1n, payload: casinoWar.encodeMove({ _tag: "War" }) }, opts)
      expect(out.error?.tag).toBe("InsufficientFunds")
      expect(chips()).toBe(100n)
      expect(d.session(1n)?.is_complete).toBe(false)
    }
    const out = d.run(who, { _tag: "GameMove", session_id: 1n, payload: casinoWar.encodeMove({ _tag: "Surrender" }) }, opts)
    expect(out.status).toBe("applied")
    expect(chips()).toBe(100n + ante / 2n)
    expect(d.session(1n)?.is_complete).toBe(true)
  })

  it("a funded war charges the raise and settles", () => {
    const d = new TestDriver()
    d.run(who, { _tag: "CasinoRegister", name: "w" })
    const chips = (): bigint => players.get(d.chain.store, who.public_key)?.chips ?? 0n
    const before = chips()
    const opts = { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(["9S", "9D", "2C", "2D", "2H", "3H", "JC"])) }
    d.run(who, { _tag: "StartGame", game_type: WAR, bet: 100n, session_id: 1n })
    d.run(who, { _tag: "GameMove", session_id: 1n, payload: casinoWar.encodeMove({ _tag: "Play" }) }, opts)
    expect(d.run(who, { _tag: "GameMove", session_id: 1n, payload: casinoWar.encodeMove({ _tag: "War" }) }, opts).status).toBe("applied")
    expect(chips()).toBe(before - 200n)
    expect(d.session(1n)?.total_charged).toBe(200n)
  })

  it("G7: the one-move tie bet and deal (action 4) is accepted on chain and charges the tie bet", () => {
    const d = new TestDriver()
    d.run(who, { _tag: "CasinoRegister", name: "w" })
    const chips = (): bigint => players.get(d.chain.store, who.public_key)?.chips ?? 0n
    const before = chips()
    const opts = { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(["5S", "5D"])) }
    d.run(who, { _tag: "StartGame", game_type: WAR, bet: 100n, session_id: 1n })
    const payload = new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0, 10])
    expect(d.run(who, { _tag: "GameMove", session_id: 1n, payload }, opts).status).toBe("applied")
    // ante 100 and tie bet 10 taken, the tie pays 10:1 (110 back); the war is pending
    expect(chips()).toBe(before - 100n - 10n + 110n)
    expect(d.session(1n)?.is_complete).toBe(false)
  })
})

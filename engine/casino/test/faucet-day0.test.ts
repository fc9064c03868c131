/**
 * The faucet serves a never-claimed player on chain day 0: "never claimed" is the null sentinel
 * of `last_deposit_view`, not view 0, so a fresh player's first claim is never mistaken for a
 * claim made earlier the same day (economy.md §2.2 step 4 read with "≠ 0" meaning "claimed").
 */
import { describe, expect, it } from "vitest"
import { newPlayer, players } from "../player.ts"
import { roulette } from "../../games/roulette/roulette.ts"
import { actor, TestDriver } from "../../test/helpers.ts"

describe("faucet on chain day 0", () => {
  it("a registered player who never claimed gets the faucet on day 0, once", () => {
    const d = new TestDriver([], 0n)
    const bob = actor("bob")
    expect(d.run(bob, { _tag: "CasinoRegister", name: "bob" }).status).toBe("applied")
    expect(players.get(d.chain.store, bob.public_key)?.last_deposit_view).toBeNull()
    // unlock the faucet by three completed sessions (the account is younger than a day)
    for (let id = 1n; id <= 3n; id++) {
      expect(d.run(bob, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: id }).status).toBe("applied")
      const bets = [{ type: "RED" as const, number: 0, amount: 10n }]
      expect(d.run(bob, { _tag: "GameMove", session_id: id, payload: roulette.encodeMove({ _tag: "Batch", bets }) }).status).toBe("applied")
    }
    expect(d.chain.view).toBeLessThan(28_800n) // still chain day 0
    const before = players.get(d.chain.store, bob.public_key)?.chips ?? -1n
    const claim = d.run(bob, { _tag: "CasinoDeposit", amount: 1_000n })
    expect(claim.status).toBe("applied")
    expect(players.get(d.chain.store, bob.public_key)?.chips).toBe(before + 1_000n)
    expect(players.get(d.chain.store, bob.public_key)?.last_deposit_view).toBe(d.chain.view)
    // the daily gate still holds on day 0: 100+ views later the same day is refused
    const again = d.run(bob, { _tag: "CasinoDeposit", amount: 1_000n }, {}, 150n)
    expect(again.status).toBe("failed")
    expect(again.error?.message).toContain("Daily faucet already claimed")
  })

  it("a claim at view 0 is remembered as a claim (not as 'never claimed')", () => {
    const d = new TestDriver([], 0n)
    const bob = actor("bob")
    d.chain.store.begin()
    players.put(d.chain.store, bob.public_key, { ...newPlayer("bob", 0n, 0n), last_deposit_view: 0n, sessions_played: 3n })
    d.chain.store.commit()
    // view 0 is day 0: 150 views later is still day 0, so the earlier claim at view 0 blocks this one
    const out = d.run(bob, { _tag: "CasinoDeposit", amount: 1n }, {}, 150n)
    expect(out.status).toBe("failed")
    expect(out.error?.message).toContain("Daily faucet already claimed")
  })
})

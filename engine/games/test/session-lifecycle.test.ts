/**
 * Session lifecycle decisions (docs/economy.md S1, S2): a settled session leaves state and its
 * final record travels in GameCompleted; session ids strictly increase per player, so no settled
 * id is ever reused. The state-size check plays 40,000 sessions through the engine's dispatch
 * (the same handlers Chain.applyBlock runs, without signing 80,000 transactions).
 */
import { describe, expect, it } from "vitest"
import { clockAt } from "../../chain/clock.ts"
import { defaultChainConfig } from "../../chain/config.ts"
import { house } from "../../casino/house.ts"
import { newPlayer, players } from "../../casino/player.ts"
import type { TxContext } from "../../execute/context.ts"
import { dispatch } from "../../execute/dispatch.ts"
import type { Event } from "../../events.ts"
import { randomnessFromSeed } from "../../random/randomness.ts"
import { StateStore } from "../../state/store.ts"
import type { Instruction } from "../../tx/instruction.ts"
import { actor, TestDriver } from "../../test/helpers.ts"
import { outcomesFromRandomness } from "../outcomes.ts"
import { roulette } from "../roulette/roulette.ts"
import { GameSession, sessions } from "../session.ts"
import { Schema } from "effect"
import type { PublicKey } from "../../schema/primitives.ts"

const redBatch = (amount: bigint) => roulette.encodeMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount }] })

describe("S1: a settled session leaves state; GameCompleted carries its final record", () => {
  it("the completing move deletes the session and the event holds the whole record", () => {
    const d = new TestDriver()
    const alice = actor("alice")
    d.run(alice, { _tag: "CasinoRegister", name: "alice" })
    expect(d.run(alice, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 5n }).status).toBe("applied")
    expect(sessions.get(d.chain.store, "5")?.is_complete).toBe(false)
    const out = d.run(alice, { _tag: "GameMove", session_id: 5n, payload: redBatch(100n) })
    expect(sessions.get(d.chain.store, "5")).toBeUndefined()
    const done = out.events.find((e) => e._tag === "GameCompleted")
    if (done?._tag !== "GameCompleted") throw new Error("no GameCompleted")
    // the record decodes, is complete, and its totals are the event's and the balance's
    expect(Schema.is(GameSession)(done.session)).toBe(true)
    expect(done.session).toMatchObject({ id: 5n, player: alice.public_key, game_type: "roulette", is_complete: true, move_count: 1, tournament_id: null })
    expect(done.session.total_credited - done.session.total_charged).toBe(done.payout)
    expect(players.get(d.chain.store, alice.public_key)?.chips).toBe(1_000n + done.payout)
    expect(d.chain.store.tableSizes().session ?? 0).toBe(0)
  })
})

describe("S2: session ids strictly increase per player", () => {
  it("a settled id, a lower id and an equal id are refused; another player has its own sequence", () => {
    const d = new TestDriver()
    const [alice, bob] = [actor("alice"), actor("bob")]
    d.run(alice, { _tag: "CasinoRegister", name: "alice" })
    d.run(bob, { _tag: "CasinoRegister", name: "bob" })
    d.run(alice, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 10n })
    d.run(alice, { _tag: "GameMove", session_id: 10n, payload: redBatch(10n) })
    for (const id of [10n, 9n, 1n]) expect(d.run(alice, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: id }).error?.tag).toBe("SessionExists")
    expect(d.run(alice, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 11n }).status).toBe("applied")
    // bob may not take alice's open id, but starts his own sequence anywhere else
    expect(d.run(bob, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 11n }).error?.tag).toBe("SessionExists")
    expect(d.run(bob, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 3n }).status).toBe("applied")
    expect(players.get(d.chain.store, alice.public_key)?.last_session_id).toBe(11n)
    expect(players.get(d.chain.store, bob.public_key)?.last_session_id).toBe(3n)
  })
})

describe("S1: state grows with live sessions only", () => {
  const PLAYERS = 100
  const SESSIONS_PER_PLAYER = 400
  const LIVE_LEFT_OPEN = 25

  /** run `ix` for `who` atomically through the engine's dispatch, as applyTransaction does */
  const execute = (store: StateStore, view: bigint, who: PublicKey, ix: Instruction): Event[] => {
    const events: Event[] = []
    const randomness = randomnessFromSeed(Uint8Array.from([Number(view % 256n), 7, 7, 7]))
    const ctx: TxContext = {
      store,
      signer: who,
      isAdmin: false,
      clock: clockAt(view),
      randomness,
      outcomes: outcomesFromRandomness(randomness),
      config: defaultChainConfig([]),
      emit: (e) => events.push(e)
    }
    store.begin()
    const err = dispatch(ctx, ix)
    if (err !== undefined) {
      store.rollback()
      throw new Error(`${ix._tag} refused: ${err.message}`)
    }
    store.commit()
    return events
  }

  it("40,000 settled sessions leave the state the size it was after the first 100; open sessions are what it holds", () => {
    const store = new StateStore()
    const keys = Array.from({ length: PLAYERS }, (_, i) => actor(`load${i}`).public_key)
    store.begin()
    for (const k of keys) players.put(store, k, newPlayer("load", 1_000_000n, 0n))
    house.update(store, (h) => ({ ...h, chips_minted: h.chips_minted + 1_000_000n * BigInt(PLAYERS) }))
    store.commit()
    let view = 1n
    let completed = 0
    const round = (r: number): void => {
      for (const [i, k] of keys.entries()) {
        const session_id = BigInt(r + 1)
        execute(store, view, k, { _tag: "StartGame", game_type: 6, bet: 0n, session_id })
        const events = execute(store, view, k, { _tag: "GameMove", session_id, payload: redBatch(BigInt(1 + (i % 5))) })
        if (events.some((e) => e._tag === "GameCompleted")) completed++
      }
      view++
    }
    const sizeAfter = (): number => store.dumpJson().length
    round(0)
    const bytes_one_round = sizeAfter()
    for (let r = 1; r < SESSIONS_PER_PLAYER; r++) round(r)
    expect(completed).toBe(PLAYERS * SESSIONS_PER_PLAYER)
    const bytes_all = sizeAfter()
    expect(store.tableSizes().session ?? 0).toBe(0)
    // only counters and balances changed size (digits), not the number of records
    expect(bytes_all).toBeLessThan(bytes_one_round * 1.1)
    // open sessions are what the state holds
    for (const [i, k] of keys.slice(0, LIVE_LEFT_OPEN).entries())
      execute(store, view, k, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: BigInt(SESSIONS_PER_PLAYER + 1 + i) })
    expect(store.tableSizes().session).toBe(LIVE_LEFT_OPEN)
    const bytes_live = sizeAfter()
    expect(bytes_live).toBeGreaterThan(bytes_all)
    console.log(
      `[S1] state bytes: after ${PLAYERS} sessions ${bytes_one_round}, after ${completed} sessions ${bytes_all}, with ${LIVE_LEFT_OPEN} live ${bytes_live}`
    )
  })
})

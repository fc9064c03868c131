/**
 * Every rejection path of the instructions in this slice returns its typed error, emits one
 * CasinoError event, consumes the nonce and changes nothing else.
 */
import { describe, expect, it } from "vitest"
import { roulette, type RouletteMove } from "../games/roulette/roulette.ts"
import type { Instruction } from "../tx/instruction.ts"
import { DEFAULT_POLICY } from "../economy/policy.ts"
import { TestDriver, actor } from "./helpers.ts"

const alice = actor("alice")
const bob = actor("bob")
const move = (session_id: bigint, m: RouletteMove): Instruction => ({ _tag: "GameMove", session_id, payload: roulette.encodeMove(m) })
const raw = (session_id: bigint, bytes: number[]): Instruction => ({ _tag: "GameMove", session_id, payload: Uint8Array.from(bytes) })

/** apply `ix` and check: failed with `tag`, nothing but the signer's nonce changed */
const expectRejected = (d: TestDriver, who: typeof alice, ix: Instruction, tag: string) => {
  const before = d.chain.store.dumpJson(["account"])
  const nonce = d.chain.nonceOf(who.public_key)
  const out = d.run(who, ix)
  expect(out.status).toBe("failed")
  expect(out.error?.tag).toBe(tag)
  expect(out.events).toHaveLength(1)
  expect(out.events[0]?._tag).toBe("CasinoError")
  expect(d.chain.store.dumpJson(["account"])).toBe(before)
  expect(d.chain.nonceOf(who.public_key)).toBe(nonce + 1n)
}

const registered = () => {
  const d = new TestDriver()
  expect(d.run(alice, { _tag: "CasinoRegister", name: "alice" }).status).toBe("applied")
  return d
}

describe("register", () => {
  it("twice → PlayerAlreadyRegistered", () => expectRejected(registered(), alice, { _tag: "CasinoRegister", name: "again" }, "PlayerAlreadyRegistered"))
})

describe("faucet", () => {
  it("unregistered → PlayerNotFound", () => expectRejected(new TestDriver(), bob, { _tag: "CasinoDeposit", amount: 100n }, "PlayerNotFound"))
  it("amount 0 or above 1,000 → InvalidBet (B11: the faucet is bounded)", () => {
    const d = registered()
    expectRejected(d, alice, { _tag: "CasinoDeposit", amount: 0n }, "InvalidBet")
    expectRejected(d, alice, { _tag: "CasinoDeposit", amount: 1_001n }, "InvalidBet")
  })
  it("a new account with fewer than 3 sessions is locked → RateLimited", () =>
    expectRejected(registered(), alice, { _tag: "CasinoDeposit", amount: 1_000n }, "RateLimited"))
  it("after a day: one claim, then cooldown and once-a-day limits → RateLimited", () => {
    const d = registered()
    d.apply([], {}, 28_800n)
    expect(d.run(alice, { _tag: "CasinoDeposit", amount: 1_000n }).status).toBe("applied")
    expectRejected(d, alice, { _tag: "CasinoDeposit", amount: 1_000n }, "RateLimited")
    d.apply([], {}, 200n)
    expectRejected(d, alice, { _tag: "CasinoDeposit", amount: 1_000n }, "RateLimited")
    d.apply([], {}, 28_800n)
    expect(d.run(alice, { _tag: "CasinoDeposit", amount: 1_000n }).status).toBe("applied")
  })
})

describe("start game", () => {
  it("unregistered → PlayerNotFound", () => expectRejected(new TestDriver(), bob, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 1n }, "PlayerNotFound"))
  it("roulette with a non-zero start bet → InvalidBet (N12)", () =>
    expectRejected(registered(), alice, { _tag: "StartGame", game_type: 6, bet: 10n, session_id: 1n }, "InvalidBet"))
  it("an existing session id → SessionExists", () => {
    const d = registered()
    expect(d.run(alice, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 1n }).status).toBe("applied")
    expectRejected(d, alice, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 1n }, "SessionExists")
  })
})

describe("roulette moves", () => {
  const started = () => {
    const d = registered()
    expect(d.run(alice, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 7n }).status).toBe("applied")
    return d
  }
  const red = (amount: bigint) => ({ type: "RED" as const, number: 0, amount })

  it("unknown session → SessionNotFound; someone else's → SessionNotOwned", () => {
    const d = started()
    expectRejected(d, alice, move(8n, { _tag: "Spin" }), "SessionNotFound")
    expect(d.run(bob, { _tag: "CasinoRegister", name: "bob" }).status).toBe("applied")
    expectRejected(d, bob, move(7n, { _tag: "Spin" }), "SessionNotOwned")
  })
  it("malformed payloads → InvalidPayload", () => {
    const d = started()
    expectRejected(d, alice, raw(7n, []), "InvalidPayload")
    expectRejected(d, alice, raw(7n, [9]), "InvalidPayload")
    expectRejected(d, alice, raw(7n, [1, 0]), "InvalidPayload")
    expectRejected(d, alice, raw(7n, [0, 14, 0, 0, 0, 0, 0, 0, 0, 0, 10]), "InvalidPayload")
    expectRejected(d, alice, raw(7n, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), "InvalidPayload")
    expectRejected(d, alice, move(7n, { _tag: "PlaceBet", bet: { type: "STRAIGHT", number: 37, amount: 10n } }), "InvalidPayload")
    expectRejected(d, alice, move(7n, { _tag: "PlaceBet", bet: { type: "CORNER", number: 3, amount: 10n } }), "InvalidPayload")
    expectRejected(d, alice, move(7n, { _tag: "Batch", bets: [{ type: "SPLIT_H", number: 36, amount: 10n }] }), "InvalidPayload")
    expectRejected(d, alice, raw(7n, [3, 5]), "InvalidPayload")
  })
  it("illegal in the stage → InvalidMove", () => {
    const d = started()
    expectRejected(d, alice, move(7n, { _tag: "Spin" }), "InvalidMove")
    expectRejected(d, alice, move(7n, { _tag: "ClearBets" }), "InvalidMove")
    expect(d.run(alice, move(7n, { _tag: "PlaceBet", bet: red(10n) })).status).toBe("applied")
    expectRejected(d, alice, move(7n, { _tag: "SetRule", rule: "american" }), "InvalidMove")
    expectRejected(d, alice, move(7n, { _tag: "Batch", bets: [red(10n)] }), "InvalidMove")
    for (let i = 0; i < 19; i++) expect(d.run(alice, move(7n, { _tag: "PlaceBet", bet: red(1n) })).status).toBe("applied")
    expectRejected(d, alice, move(7n, { _tag: "PlaceBet", bet: red(1n) }), "InvalidMove")
  })
  it("a bet larger than the stack → InsufficientFunds", () => expectRejected(started(), alice, move(7n, { _tag: "PlaceBet", bet: red(1_001n) }), "InsufficientFunds"))
  it("a batch larger than the stack → InsufficientFunds (N2: batches are charged)", () =>
    expectRejected(started(), alice, move(7n, { _tag: "Batch", bets: [red(600n), red(401n)] }), "InsufficientFunds"))
  it("moving a settled session → SessionNotFound (a settled session has left state, S1)", () => {
    const d = started()
    expect(d.run(alice, move(7n, { _tag: "Batch", bets: [red(10n)] })).status).toBe("applied")
    expectRejected(d, alice, move(7n, { _tag: "Spin" }), "SessionNotFound")
  })
  it("restarting a settled session id → SessionExists (ids strictly increase per player, S2)", () => {
    const d = started()
    expect(d.run(alice, move(7n, { _tag: "Batch", bets: [red(10n)] })).status).toBe("applied")
    expectRejected(d, alice, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 7n }, "SessionExists")
    expectRejected(d, alice, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 3n }, "SessionExists")
  })
})

describe("authorisation", () => {
  it("an admin instruction from a non-admin → Unauthorized", () =>
    expectRejected(registered(), alice, { _tag: "SetPolicy", policy: DEFAULT_POLICY }, "Unauthorized"))
})

describe("transaction level", () => {
  it("a replayed or gapped nonce is skipped with a typed reason and changes nothing at all", () => {
    const d = registered()
    const before = d.chain.store.dumpJson()
    const replay = d.apply([{ ...d.sign(alice, { _tag: "CasinoRegister", name: "x" }), nonce: 0n }]).outputs[0]!
    expect([replay.status, replay.error?.tag]).toEqual(["skipped", "NonceReplay"])
    const gap = d.apply([{ ...d.sign(alice, { _tag: "CasinoRegister", name: "x" }), nonce: 5n }]).outputs[0]!
    expect([gap.status, gap.error?.tag]).toEqual(["skipped", "NonceGap"])
    expect(d.chain.store.dumpJson()).toBe(before)
  })
})

/**
 * Chain.applyBlock applies a whole block or nothing: a fault part-way (outcomes running out, a
 * handler throwing, a record violating its schema) leaves state, root, height, view and last
 * digest exactly as they were, and a correct block applied afterwards works.
 */
import { describe, expect, it } from "vitest"
import { OutcomeFailure, ScriptedOutcomes, scriptedOutcomeSources } from "../games/outcomes.ts"
import { roulette } from "../games/roulette/roulette.ts"
import { house, emptyHouse } from "../casino/house.ts"
import { INITIAL_CHIPS } from "../chain/constants.ts"
import { U64_MAX } from "../codec/bytes.ts"
import { FatalExecutionError } from "../errors.ts"
import { RecordInvalid } from "../state/store.ts"
import type { Instruction } from "../tx/instruction.ts"
import { TestDriver, actor, nextBlock } from "./helpers.ts"

const alice = actor("alice")
const bob = actor("bob")
const ROULETTE = 6

const batch = (session_id: bigint): Instruction => ({
  _tag: "GameMove",
  session_id,
  payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 5n }, { type: "STRAIGHT", number: 17, amount: 1n }] })
})

const snapshot = (d: TestDriver) => ({
  dump: d.chain.store.dumpJson(),
  root: d.chain.stateRoot(),
  height: d.chain.height,
  view: d.chain.view,
  digest: d.chain.last_digest
})

/** alice and bob registered, each with an open roulette session (ids 1 and 2) */
const twoPlayersAtTheTable = (): TestDriver => {
  const d = new TestDriver()
  d.apply([d.sign(alice, { _tag: "CasinoRegister", name: "alice" }), d.sign(bob, { _tag: "CasinoRegister", name: "bob" })])
  const r = d.apply([
    d.sign(alice, { _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id: 1n }),
    d.sign(bob, { _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id: 2n })
  ])
  expect(r.outputs.map((o) => o.status)).toEqual(["applied", "applied"])
  return d
}

describe("block atomicity", () => {
  it("a block whose second transaction runs out of scripted outcomes changes nothing; the corrected block then applies", () => {
    const d = twoPlayersAtTheTable()
    const txs = [d.sign(alice, batch(1n)), d.sign(bob, batch(2n))]
    const block = nextBlock(d.chain, txs)
    const before = snapshot(d)
    expect(() => d.chain.applyBlock(block, { outcomes: scriptedOutcomeSources(new ScriptedOutcomes([17])) })).toThrow(OutcomeFailure)
    expect(snapshot(d)).toEqual(before)
    expect(d.chain.nonceOf(alice.public_key)).toBe(2n)
    const r = d.chain.applyBlock(block, { outcomes: scriptedOutcomeSources(new ScriptedOutcomes([17, 3])) })
    expect(r.outputs.map((o) => o.status)).toEqual(["applied", "applied"])
    expect(d.chain.height).toBe(before.height + 1n)
    expect(r.state_root).not.toBe(before.root)
    expect(d.chain.nonceOf(alice.public_key)).toBe(3n)
  })

  it("a driver's persistence failing in before_commit aborts the block: nothing applied, nothing readable", () => {
    const d = twoPlayersAtTheTable()
    const block = nextBlock(d.chain, [d.sign(alice, batch(1n)), d.sign(bob, batch(2n))])
    const before = snapshot(d)
    const seen: string[] = []
    expect(() =>
      d.chain.applyBlock(block, {
        before_commit: (c) => {
          seen.push(c.state_root)
          throw new Error("disk full")
        }
      })
    ).toThrow(/disk full/)
    expect(snapshot(d)).toEqual(before)
    // the roots it was shown are the ones the block commits once persistence works
    let persisted: { height: bigint; state_root: string; events_root: string } | null = null
    const r = d.chain.applyBlock(block, { before_commit: (c) => (persisted = c) })
    expect(persisted).toEqual({ height: r.height, digest: d.chain.last_digest, state_root: r.state_root, events_root: r.events_root })
    expect(seen).toEqual([r.state_root])
  })

  it("a handler that throws aborts the whole block as a FatalExecutionError", () => {
    const d = twoPlayersAtTheTable()
    const block = nextBlock(d.chain, [d.sign(alice, batch(1n)), d.sign(bob, batch(2n))])
    const before = snapshot(d)
    let draws = 0
    const failing = {
      forMove: () => {
        draws++
        if (draws > 1) throw new Error("outcome device unplugged")
        return new ScriptedOutcomes([0])
      }
    }
    expect(() => d.chain.applyBlock(block, { outcomes: failing })).toThrow(FatalExecutionError)
    expect(draws).toBe(2)
    expect(snapshot(d)).toEqual(before)
    const r = d.chain.applyBlock(block)
    expect(r.outputs.map((o) => o.status)).toEqual(["applied", "applied"])
  })

  it("an out-of-range write (U64 overflow of chips minted) is refused at the write and rolls the block back", () => {
    const d = new TestDriver()
    // a chain whose house has minted so much that one more registration overflows U64
    d.chain.genesis((store) => house.put(store, { ...emptyHouse(), chips_minted: U64_MAX - INITIAL_CHIPS - 1n }))
    const block = nextBlock(d.chain, [d.sign(alice, { _tag: "CasinoRegister", name: "alice" }), d.sign(bob, { _tag: "CasinoRegister", name: "bob" })])
    const before = snapshot(d)
    let thrown: unknown = null
    try {
      d.chain.applyBlock(block)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(RecordInvalid)
    expect(thrown).toBeInstanceOf(FatalExecutionError)
    expect(snapshot(d)).toEqual(before)
    // the chain is still usable: a block with only the first registration applies
    const r = d.chain.applyBlock(nextBlock(d.chain, [block.transactions[0]!]))
    expect(r.outputs[0]?.status).toBe("applied")
    expect(house.get(d.chain.store).chips_minted).toBe(U64_MAX - 1n)
  })

  it("a block that does not extend the chain changes nothing", () => {
    const d = twoPlayersAtTheTable()
    const before = snapshot(d)
    const block = nextBlock(d.chain, [d.sign(alice, batch(1n))])
    expect(() => d.chain.applyBlock({ ...block, height: block.height + 1n })).toThrow(FatalExecutionError)
    expect(() => d.chain.applyBlock({ ...block, view: d.chain.view - 1n })).toThrow(FatalExecutionError)
    expect(snapshot(d)).toEqual(before)
  })

  // the failure after the root is taken (beginBlock, writes, root, rollbackBlock) is the rollback property of state-proof.test.ts
  it("a failed block leaves the authenticated tree as before: the same proof for every probed key, present or absent", () => {
    const d = twoPlayersAtTheTable()
    const probes = [
      ["player", alice.public_key],
      ["player", bob.public_key],
      ["session", "1"],
      ["session", "99"]
    ] as const
    const before = snapshot(d)
    const proofs = probes.map(([t, k]) => d.chain.store.prove(t, k))
    const block = nextBlock(d.chain, [d.sign(alice, batch(1n)), d.sign(bob, batch(2n))])
    expect(() => d.chain.applyBlock(block, { outcomes: scriptedOutcomeSources(new ScriptedOutcomes([17])) })).toThrow(OutcomeFailure)
    expect(snapshot(d)).toEqual(before)
    expect(probes.map(([t, k]) => d.chain.store.prove(t, k))).toEqual(proofs)
    expect(proofs.map((p) => p.value === null)).toEqual([false, false, false, true])
    const r = d.chain.applyBlock(block)
    expect(r.outputs.map((o) => o.status)).toEqual(["applied", "applied"])
    expect(r.state_root).not.toBe(before.root)
  })
})

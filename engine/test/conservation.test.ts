/**
 * Conservation under any random sequence of valid and invalid transactions from several
 * accounts: Σ player chips + house.game_balance = house.chips_minted after every block, and
 * every failed transaction changes nothing but its nonce.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { house } from "../casino/house.ts"
import { players } from "../casino/player.ts"
import { roulette, type RouletteBet } from "../games/roulette/roulette.ts"
import { BET_TYPES } from "../games/roulette/bets.ts"
import type { Instruction } from "../tx/instruction.ts"
import { TestDriver, actor } from "./helpers.ts"
import type { Chain } from "../chain/chain.ts"

const ACTORS = ["ann", "ben", "cat", "dan"].map(actor)

const amount = fc.oneof(fc.bigInt({ min: 0n, max: 1_500n }), fc.constantFrom(0n, 1n, 1_000n, 1_001n, 10n ** 19n))
const rouletteBet: fc.Arbitrary<RouletteBet> = fc.record({
  type: fc.constantFrom(...BET_TYPES),
  number: fc.integer({ min: 0, max: 40 }),
  amount: fc.bigInt({ min: 1n, max: 800n })
})
const session = fc.bigInt({ min: 1n, max: 4n })

const instruction: fc.Arbitrary<Instruction> = fc.oneof(
  fc.constant<Instruction>({ _tag: "CasinoRegister", name: "p" }),
  amount.map((a): Instruction => ({ _tag: "CasinoDeposit", amount: a })),
  fc.tuple(session, fc.constantFrom(0n, 5n)).map(([session_id, bet]): Instruction => ({ _tag: "StartGame", game_type: 6, bet, session_id })),
  fc.tuple(session, rouletteBet).map(([s, bet]): Instruction => ({ _tag: "GameMove", session_id: s, payload: roulette.encodeMove({ _tag: "PlaceBet", bet }) })),
  session.map((s): Instruction => ({ _tag: "GameMove", session_id: s, payload: roulette.encodeMove({ _tag: "Spin" }) })),
  session.map((s): Instruction => ({ _tag: "GameMove", session_id: s, payload: roulette.encodeMove({ _tag: "ClearBets" }) })),
  fc
    .tuple(session, fc.array(rouletteBet, { minLength: 1, maxLength: 4 }))
    .map(([s, bets]): Instruction => ({ _tag: "GameMove", session_id: s, payload: roulette.encodeMove({ _tag: "Batch", bets }) })),
  fc
    .tuple(session, fc.constantFrom("standard", "la_partage", "en_prison", "en_prison_double", "american" as const))
    .map(([s, rule]): Instruction => ({ _tag: "GameMove", session_id: s, payload: roulette.encodeMove({ _tag: "SetRule", rule }) })),
  fc.tuple(session, fc.uint8Array({ maxLength: 12 })).map(([s, payload]): Instruction => ({ _tag: "GameMove", session_id: s, payload }))
)

const step = fc.record({ who: fc.nat({ max: ACTORS.length - 1 }), ix: instruction, advance_views: fc.constantFrom(1n, 1n, 1n, 150n, 30_000n) })

const conserved = (chain: Chain): void => {
  let chips = 0n
  for (const p of players.values(chain.store)) chips += p.chips
  const h = house.get(chain.store)
  expect(chips + h.game_balance).toBe(h.chips_minted)
}

describe("chip conservation", () => {
  it("Σ chips + house game balance = chips minted, and failures change nothing but the nonce", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const d = new TestDriver()
        for (const s of steps) {
          const who = ACTORS[s.who]!
          const before = d.chain.store.dumpJson(["account"])
          const out = d.run(who, s.ix, {}, s.advance_views)
          if (out.status === "failed") expect(d.chain.store.dumpJson(["account"])).toBe(before)
          expect(out.status).not.toBe("skipped")
          conserved(d.chain)
        }
      }),
      { numRuns: 120 }
    )
  })

  it("many transactions in one block keep the law too", () => {
    fc.assert(
      fc.property(fc.array(fc.array(step, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 }), (blocks) => {
        const d = new TestDriver()
        for (const b of blocks) {
          d.apply(b.map((s) => d.sign(ACTORS[s.who]!, s.ix)))
          conserved(d.chain)
        }
      }),
      { numRuns: 60 }
    )
  })
})

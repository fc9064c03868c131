/**
 * A session replayed from its public inputs (replay.ts) is the session execution played: for
 * roulette sessions of random bets under random block seeds, executed through Chain.applyBlock,
 * the replay's charged/credited/logs per step equal the GameMoved events and its final state the
 * GameCompleted session's (keys compared sorted: the event codec stores records key-sorted); bad
 * inputs are typed refusals.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Chain } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { fromHex } from "../codec/bytes.ts"
import { ReplayRefused } from "../errors.ts"
import { replaySession } from "../games/replay.ts"
import { encodeRouletteMove } from "../games/roulette/roulette.ts"
import { GAME_TYPES } from "../tx/instruction.ts"
import { actorSigner, signTransaction } from "../tx/sign.ts"
import { nextBlock } from "./helpers.ts"

const ROULETTE = GAME_TYPES.indexOf("roulette")
const player = actorSigner("replay/ann")
const canonical = (u: unknown): string =>
  JSON.stringify(u, (_k, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v
  )

describe("session replay", () => {
  it("equals execution on random roulette sessions and seeds", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 36 }), fc.bigInt({ min: 1n, max: 50n }), (s1, s2, number, amount) => {
        const chain = new Chain(defaultChainConfig())
        chain.genesis(() => {})
        chain.applyBlock(nextBlock(chain, [signTransaction(player, 0n, { _tag: "CasinoRegister", name: "ann" })]))
        const seedHex = (b: Uint8Array) => Buffer.from(b).toString("hex")
        const startBlock = { ...nextBlock(chain, [signTransaction(player, 1n, { _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id: 5n })]), seed: seedHex(s1) }
        const start = chain.applyBlock(startBlock)
        const payload = encodeRouletteMove({ _tag: "Batch", bets: [{ type: "STRAIGHT", number, amount }, { type: "RED", number: 0, amount }] })
        const moveBlock = { ...nextBlock(chain, [signTransaction(player, 2n, { _tag: "GameMove", session_id: 5n, payload })]), seed: seedHex(s2) }
        const move = chain.applyBlock(moveBlock)
        const replayed = replaySession({ game_type: ROULETTE, bet: 0n, session_id: 5n, seed: fromHex(startBlock.seed) }, [{ payload, seed: fromHex(moveBlock.seed) }])
        if (!Array.isArray(replayed)) throw new Error("replay refused")
        const events = [...(start.outputs[0]?.events ?? []), ...(move.outputs[0]?.events ?? [])]
        const moved = events.filter((e) => e._tag === "GameMoved")
        expect(moved.map((e) => [e.move_number, e.charged, e.credited])).toEqual(replayed.map((r) => [r.move_number, r.charged, r.credited]))
        const done = events.find((e) => e._tag === "GameCompleted")
        if (done === undefined || done._tag !== "GameCompleted") throw new Error("the session completes in one batch")
        expect(replayed[1]?.complete).toBe(true)
        expect(done.logs).toEqual(replayed[1]?.logs)
        expect(canonical(done.session.state)).toBe(canonical(replayed[1]?.state))
      }),
      { numRuns: 40 }
    )
  })

  it("refuses what it cannot replay, as typed errors", () => {
    const seed = new Uint8Array(32)
    const unknown = replaySession({ game_type: 250, bet: 0n, session_id: 1n, seed }, [])
    expect(unknown).toBeInstanceOf(ReplayRefused)
    expect(unknown instanceof ReplayRefused ? unknown.code : 0).toBe(121)
    const payload = encodeRouletteMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 1n }] })
    const after = replaySession({ game_type: ROULETTE, bet: 0n, session_id: 1n, seed }, [{ payload, seed }, { payload, seed }])
    expect(after).toBeInstanceOf(ReplayRefused)
  })
})

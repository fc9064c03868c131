/**
 * Simulation mode (ApplyOptions.root = "skip") executes exactly as chain mode: the same blocks
 * give identical outputs and state, and a checkpoint root taken at any height equals the root
 * chain mode returned for the block at that height. Checking invariants after every
 * transaction changes nothing either.
 */
import { describe, expect, it } from "vitest"
import type { Block } from "../block.ts"
import { Chain } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { toHex } from "../codec/bytes.ts"
import { eventsRoot } from "../execute/events-root.ts"
import type { BlockResult } from "../execute/output.ts"
import { roulette } from "../games/roulette/roulette.ts"
import type { Instruction } from "../tx/instruction.ts"
import { signTransaction } from "../tx/sign.ts"
import { actor, nextBlock } from "./helpers.ts"

const PLAYERS = 24
const ROUNDS = 3
const ROULETTE = 6
const signers = Array.from({ length: PLAYERS }, (_, i) => actor(`sim-mode-${i}`))

const move = (session_id: bigint, i: number): Instruction => ({
  _tag: "GameMove",
  session_id,
  payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: BigInt(1 + (i % 7)) }, { type: "STRAIGHT", number: i % 37, amount: 1n }] })
})

/** a chain-mode run: every block and its result (register, then rounds of start + move, plus a faucet claim and a failing move) */
const chainModeRun = (): { blocks: Block[]; results: BlockResult[]; chain: Chain } => {
  const chain = new Chain(defaultChainConfig())
  chain.genesis(() => {}, 0n)
  const blocks: Block[] = []
  const results: BlockResult[] = []
  const apply = (ixs: (i: number) => Instruction, nonce: bigint) => {
    const block = nextBlock(chain, signers.map((s, i) => signTransaction(s, nonce, ixs(i))))
    blocks.push(block)
    results.push(chain.applyBlock(block))
  }
  apply(() => ({ _tag: "CasinoRegister", name: "p" }), 0n)
  let nonce = 1n
  for (let r = 0; r < ROUNDS; r++) {
    apply((i) => ({ _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id: BigInt(r * PLAYERS + i) }), nonce)
    apply((i) => move(BigInt(r * PLAYERS + i), i + r), nonce + 1n)
    nonce += 2n
  }
  // a move on a completed session fails (nonce consumed): failures must match too
  apply((i) => move(BigInt(i), i), nonce)
  return { blocks, results, chain }
}

describe("simulation mode", () => {
  it("same blocks: identical outputs and state; checkpoint roots equal chain-mode roots", () => {
    const run = chainModeRun()
    const sim = new Chain(defaultChainConfig())
    sim.genesis(() => {}, 0n)
    const checkpoint = 3
    run.blocks.forEach((block, h) => {
      const r = sim.applyBlock(block, { root: "skip", check_invariants: true })
      const { state_root, events_root, ...execution } = run.results[h]!
      expect(r).toEqual(execution)
      expect("state_root" in r).toBe(false)
      expect("events_root" in r).toBe(false)
      expect(events_root).toBe(toHex(eventsRoot(r.outputs)))
      if (h === checkpoint) expect(sim.checkpointRoot()).toBe(state_root)
    })
    expect(run.results.at(-1)!.outputs.every((o) => o.status === "failed")).toBe(true)
    expect(sim.store.dumpJson()).toBe(run.chain.store.dumpJson())
    expect(sim.checkpointRoot()).toBe(run.results.at(-1)!.state_root)
    expect([sim.height, sim.view, sim.last_digest]).toEqual([run.chain.height, run.chain.view, run.chain.last_digest])
  })
})

/**
 * Optimisations change no result: fixed-seed runs through the real engine (phase1-island with
 * every game and the economy, quickstart, and the apply benchmark's roulette blocks) give exactly
 * the roots and digests the engine gave before the throughput work of 2026-12-03. The recorded
 * values were computed by the code before that change (commit 0d60c47) and must never be
 * re-recorded to make a change pass: a different value means a rule or a result changed.
 * Per block, the digest, state root and events root (the binary encoding of every output and event)
 * are folded into one SHA-256, so one changed byte anywhere changes it.
 */
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { Chain } from "../../../engine/chain/chain.ts"
import { defaultChainConfig } from "../../../engine/chain/config.ts"
import { devSeed } from "../../../engine/chain/dev-seed.ts"
import { toHex, utf8 } from "../../../engine/codec/bytes.ts"
import { sha256 } from "../../../engine/crypto/sha256.ts"
import { eventsRoot } from "../../../engine/execute/events-root.ts"
import { roulette } from "../../../engine/games/roulette/roulette.ts"
import { actorSigner } from "../../../engine/tx/sign.ts"
import type { Transaction } from "../../../engine/tx/transaction.ts"
import { phase1Island } from "../../../scenarios/phase1-island/scenario.ts"
import { quickstart } from "../../../scenarios/quickstart/scenario.ts"
import { nodeSignTransaction } from "../../agents/node-signer.ts"
import type { ResolvedScenario } from "../../scenario.ts"
import { simulate, type SimulationResult } from "../simulate.ts"

/** the fold of every block's (digest, state root, events root), in order */
const foldBlocks = (run: SimulationResult): string => {
  let acc = ""
  for (const { result } of run.blocks) acc = toHex(sha256(utf8(`${acc}|${result.digest}|${result.state_root}|${result.events_root}`)))
  return acc
}

const resolve = (r: Either.Either<ResolvedScenario, string>): ResolvedScenario => {
  if (Either.isLeft(r)) throw new Error(r.left)
  return r.right
}

/** the apply benchmark's blocks (bench/apply.ts), smaller: register, then rounds of start + batch */
const rouletteBlocks = (players: number, rounds: number): Transaction[][] => {
  const signers = Array.from({ length: players }, (_, i) => actorSigner(`bench-${i}`))
  const blocks: Transaction[][] = [signers.map((s) => nodeSignTransaction(s, 0n, { _tag: "CasinoRegister", name: "b" }))]
  let nonce = 1n
  for (let r = 0; r < rounds; r++) {
    blocks.push(signers.map((s, i) => nodeSignTransaction(s, nonce, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: BigInt(r * players + i) })))
    blocks.push(
      signers.map((s, i) =>
        nodeSignTransaction(s, nonce + 1n, {
          _tag: "GameMove",
          session_id: BigInt(r * players + i),
          payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 5n }, { type: "STRAIGHT", number: (i + r) % 37, amount: 1n }] })
        })
      )
    )
    nonce += 2n
  }
  return blocks
}

describe("roots and digests of fixed-seed runs equal the pre-optimisation engine's", () => {
  it("phase1-island (every game, the economy, operators), a root per block", () => {
    const spec = resolve(
      phase1Island.resolve({ seed: "pre-optimisation", days: "2", agents: "24", freerolls_per_day: "1", daily_new_players: "1", retail: "4", tournament_grinders: "3", sybil_farmers: "2", sybils_per_farmer: "3", windows_per_day: "3" })
    ).spec
    const run = simulate({ ...spec, keep_blocks: true, roots: "block" })
    expect(run.blocks.length).toBeGreaterThan(50)
    // pre-optimisation values (commit 0d60c47)
    expect([run.final_state_root, foldBlocks(run), run.chain.last_digest]).toEqual([
      "048f79bc6cba84633704706e2ae610a46b10a6754d38f6fc40c16deeff88fff7",
      "ec532356fbf15698aa2d69d1f6cf7284c61523bc5798862615f86b244efc3141",
      "1952194903d959894b95c0d204671d14b8cb6ca6cbeb39c16fc98d5baeefa657"
    ])
  })

  it("quickstart in simulation mode (daily checkpoint roots)", () => {
    const spec = resolve(quickstart.resolve({ agents: "150", days: "4", seed: "pre-optimisation" })).spec
    const run = simulate({ ...spec, keep_blocks: false, roots: "day" })
    // pre-optimisation values (commit 0d60c47)
    expect(run.block_digests.length).toBe(4)
    expect([run.final_state_root, toHex(sha256(utf8(run.block_digests.map((b) => `${b.digest}:${b.state_root}`).join(","))))]).toEqual([
      "7d212a9ce0bd6ca84e7af6c6d1827b88f484e12054599888854ed2287840929e",
      "f77d39eeacc4197dbab7a01691e36106224b2393ca7857a2a59422c2d6ab1b67"
    ])
  })

  it("the apply benchmark's roulette blocks: chain mode and simulation mode", () => {
    const blocks = rouletteBlocks(60, 3)
    const roots: string[] = []
    for (const mode of ["block", "skip"] as const) {
      const chain = new Chain(defaultChainConfig())
      let acc = ""
      for (const txs of blocks) {
        const view = chain.view + 1n
        const r = chain.applyBlock({ parent: chain.last_digest, view, height: chain.height + 1n, seed: devSeed("pre-optimisation", view), transactions: txs }, { root: mode })
        expect(r.outputs.every((o) => o.status === "applied")).toBe(true)
        // simulation mode returns no roots: its outputs are committed to the same way (the events root)
        const events_root = "events_root" in r ? r.events_root : toHex(eventsRoot(r.outputs))
        acc = toHex(sha256(utf8(`${acc}|${r.digest}|${"state_root" in r ? r.state_root : ""}|${events_root}`)))
      }
      roots.push(chain.checkpointRoot(), acc)
    }
    // pre-optimisation values (commit 0d60c47)
    expect(roots).toEqual([
      "017e7f95eb6dd599ec38b97535a921b0eb1c5a6afe90e94381170245a04e668a",
      "1f10a2d502951899e1840a80952f647db606ad126212ce8139290c4ff05e4206",
      "017e7f95eb6dd599ec38b97535a921b0eb1c5a6afe90e94381170245a04e668a",
      "4e2c629be1bf81d1d3c0496a44273c7eca27f5737afc39fbe221703f58fead07"
    ])
  })
})

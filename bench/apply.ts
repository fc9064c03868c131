/**
 * Transactions applied per second through Chain.applyBlock (signed roulette: register, then
 * rounds of StartGame + a Batch move, one transaction per account per block, 500 per block), in
 * simulation mode (no root per block; one checkpoint root at the end of each iteration) and in
 * chain mode (a state root and an events root per block), against a raw loop of the same roulette math (spin +
 * settle, no transactions, no state) measured in the same run. Signatures are made before timing
 * and are not verified here (verifyBlock is its own benchmark). Each iteration starts a fresh
 * chain (inside the timing: it is cheap).
 */
import { Bench } from "tinybench"
import { Chain, type ApplyOptions } from "../engine/chain/chain.ts"
import { defaultChainConfig } from "../engine/chain/config.ts"
import { devSeed } from "../engine/chain/dev-seed.ts"
import { roulette } from "../engine/games/roulette/roulette.ts"
import { PAYS, covers } from "../engine/games/roulette/bets.ts"
import { deriveStream } from "../engine/random/stream.ts"
import { actorSigner, signTransaction } from "../engine/tx/sign.ts"
import type { Transaction } from "../engine/tx/transaction.ts"
import { utf8 } from "../engine/codec/bytes.ts"
import { ThroughputTable } from "./report.ts"

const PLAYERS = 500
const ROUNDS = 4
const ROULETTE = 6

/** blocks: register, then per round start + batch (one tx per account per block) */
export const prepare = (sign: typeof signTransaction = signTransaction): Transaction[][] => {
  const signers = Array.from({ length: PLAYERS }, (_, i) => actorSigner(`bench-${i}`))
  const blocks: Transaction[][] = [signers.map((s) => sign(s, 0n, { _tag: "CasinoRegister", name: "b" }))]
  let nonce = 1n
  for (let r = 0; r < ROUNDS; r++) {
    blocks.push(signers.map((s, i) => sign(s, nonce, { _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id: BigInt(r * PLAYERS + i) })))
    blocks.push(
      signers.map((s, i) =>
        sign(s, nonce + 1n, {
          _tag: "GameMove",
          session_id: BigInt(r * PLAYERS + i),
          payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 5n }, { type: "STRAIGHT", number: 17, amount: 1n }] })
        })
      )
    )
    nonce += 2n
  }
  return blocks
}

/** apply every block to a fresh chain; in simulation mode take one checkpoint root at the end */
export const applyAll = (blocks: ReadonlyArray<ReadonlyArray<Transaction>>, options: ApplyOptions): Chain => {
  const chain = new Chain(defaultChainConfig())
  for (const txs of blocks) {
    const view = chain.view + 1n
    const block = { parent: chain.last_digest, view, height: chain.height + 1n, seed: devSeed("bench", view), transactions: [...txs] }
    const r = chain.applyBlock(block, options)
    if (r.outputs.length !== txs.length || r.outputs.some((o) => o.status !== "applied")) throw new Error("a bench transaction was not applied")
  }
  if (options.root === "skip") chain.checkpointRoot()
  return chain
}

export const RAW_LOOP = "raw roulette loop (spin + settle, no state)"
export const SIM_MODE = "applyBlock, simulation mode (one checkpoint root per 4,500 tx)"
export const SIM_MODE_CHECKED = "applyBlock, simulation mode + invariants after every tx"
export const CHAIN_MODE = "applyBlock, chain mode (state root + events root per block of 500)"

/** the apply throughput table; other benchmarks add their rows with `table.addTask` */
export const benchApply = async (table = new ThroughputTable("applyBlock throughput (signed roulette, 500 tx per block)", RAW_LOOP)) => {
  const blocks = prepare()
  const txCount = blocks.reduce((n, b) => n + b.length, 0)
  const rounds = PLAYERS * ROUNDS
  const bench = new Bench({ iterations: 8, warmupIterations: 2, time: 2_000 })
  bench.add(RAW_LOOP, () => {
    const s = deriveStream(utf8("bench"), "raw", 0n, 0)
    let returned = 0n
    for (let i = 0; i < rounds; i++) {
      const pocket = s.bounded(37)
      if (covers("RED", 0, pocket)) returned += 5n * (PAYS.RED + 1n)
      if (covers("STRAIGHT", 17, pocket)) returned += PAYS.STRAIGHT + 1n
    }
    if (returned < 0n) throw new Error("unreachable")
  })
  bench.add(SIM_MODE, () => applyAll(blocks, { root: "skip" }))
  bench.add(SIM_MODE_CHECKED, () => applyAll(blocks, { root: "skip", check_invariants: true }))
  bench.add(CHAIN_MODE, () => applyAll(blocks, {}))
  await bench.run()
  const task = (name: string) => {
    const t = bench.getTask(name)
    if (t === undefined) throw new Error(`no task ${name}`)
    return t
  }
  table.addTask(RAW_LOOP, "round", rounds, task(RAW_LOOP))
  table.addTask(SIM_MODE, "tx", txCount, task(SIM_MODE))
  table.addTask(SIM_MODE_CHECKED, "tx", txCount, task(SIM_MODE_CHECKED))
  table.addTask(CHAIN_MODE, "tx", txCount, task(CHAIN_MODE))
  return table
}

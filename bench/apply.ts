/**
 * Transactions applied per second in simulation mode (signed roulette batches executed through
 * Chain.applyBlock, 500 per block) against a raw loop of the same roulette math (spin + settle,
 * no transactions, no state) measured in the same run.
 */
import { Bench } from "tinybench"
import { Chain } from "../engine/chain/chain.ts"
import { defaultChainConfig } from "../engine/chain/config.ts"
import { devSeed } from "../engine/chain/dev-seed.ts"
import { roulette } from "../engine/games/roulette/roulette.ts"
import { PAYS, covers } from "../engine/games/roulette/bets.ts"
import { deriveStream } from "../engine/random/stream.ts"
import { actorSigner, signTransaction } from "../engine/tx/sign.ts"
import type { Transaction } from "../engine/tx/transaction.ts"
import { utf8 } from "../engine/codec/bytes.ts"
import { meanMs, type BenchReport } from "./report.ts"

const PLAYERS = 500
const ROUNDS = 4

/** blocks: register, then per round start + batch (one tx per account per block) */
const prepare = (): Transaction[][] => {
  const signers = Array.from({ length: PLAYERS }, (_, i) => actorSigner(`bench-${i}`))
  const blocks: Transaction[][] = [signers.map((s) => signTransaction(s, 0n, { _tag: "CasinoRegister", name: "b" }))]
  let nonce = 1n
  for (let r = 0; r < ROUNDS; r++) {
    blocks.push(signers.map((s, i) => signTransaction(s, nonce, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: BigInt(r * PLAYERS + i) })))
    blocks.push(
      signers.map((s, i) =>
        signTransaction(s, nonce + 1n, {
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

export const benchApply = async (): Promise<BenchReport> => {
  const blocks = prepare()
  const txCount = blocks.reduce((n, b) => n + b.length, 0)
  const bench = new Bench({ iterations: 5, warmupIterations: 1 })
  bench.add("engine: apply signed roulette blocks", () => {
    const chain = new Chain(defaultChainConfig())
    for (const txs of blocks) {
      const view = chain.view + 1n
      chain.applyBlock({ parent: chain.last_digest, view, height: chain.height + 1n, seed: devSeed("bench", view), transactions: txs })
    }
  })
  const rounds = PLAYERS * ROUNDS
  bench.add("baseline: raw roulette math loop", () => {
    const s = deriveStream(utf8("bench"), "raw", 0n, 0)
    let returned = 0n
    for (let i = 0; i < rounds; i++) {
      const pocket = s.bounded(37)
      if (covers("RED", 0, pocket)) returned += 5n * (PAYS.RED + 1n)
      if (covers("STRAIGHT", 17, pocket)) returned += PAYS.STRAIGHT + 1n
    }
    if (returned < 0n) throw new Error("unreachable")
  })
  await bench.run()
  const [engine, raw] = bench.tasks.map(meanMs)
  const engineTxPerSec = (txCount / (engine ?? Number.NaN)) * 1000
  const rawRoundsPerSec = (rounds / (raw ?? Number.NaN)) * 1000
  const engineRoundsPerSec = (rounds / (engine ?? Number.NaN)) * 1000
  return {
    name: "simulation-mode apply",
    rows: [
      ["engine transactions/s (signed, 500 per block, state root per block)", engineTxPerSec],
      ["engine roulette rounds/s (start + batch)", engineRoundsPerSec],
      ["raw roulette math rounds/s (baseline)", rawRoundsPerSec],
      ["ratio engine rounds / raw rounds", engineRoundsPerSec / rawRoundsPerSec]
    ]
  }
}

import { Chain } from "./engine/chain/chain.ts"
import { defaultChainConfig } from "./engine/chain/config.ts"
import { devSeed } from "./engine/chain/dev-seed.ts"
import { roulette } from "./engine/games/roulette/roulette.ts"
import { actorSigner, signTransaction } from "./engine/tx/sign.ts"
import type { Transaction } from "./engine/tx/transaction.ts"
const PLAYERS = 500, ROUNDS = 4
const signers = Array.from({ length: PLAYERS }, (_, i) => actorSigner(`bench-${i}`))
const blocks: Transaction[][] = [signers.map((s) => signTransaction(s, 0n, { _tag: "CasinoRegister", name: "b" }))]
let nonce = 1n
for (let r = 0; r < ROUNDS; r++) {
  blocks.push(signers.map((s, i) => signTransaction(s, nonce, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: BigInt(r * PLAYERS + i) })))
  blocks.push(signers.map((s, i) => signTransaction(s, nonce + 1n, { _tag: "GameMove", session_id: BigInt(r * PLAYERS + i), payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 5n }, { type: "STRAIGHT", number: 17, amount: 1n }] }) })))
  nonce += 2n
}
const mode = process.argv[2] ?? "skip"
const iters = Number(process.argv[3] ?? "10")
const t0 = process.hrtime.bigint(); const c0 = process.cpuUsage()
for (let it = 0; it < iters; it++) {
  const chain = new Chain(defaultChainConfig())
  for (const txs of blocks) {
    const view = chain.view + 1n
    chain.applyBlock({ parent: chain.last_digest, view, height: chain.height + 1n, seed: devSeed("bench", view), transactions: [...txs] }, mode === "skip" ? { root: "skip" } : {})
  }
  if (mode === "skip") chain.checkpointRoot()
}
const s = Number(process.hrtime.bigint() - t0) / 1e9; const c = process.cpuUsage(c0)
console.log(mode, ((iters * 4500) / s).toFixed(0), "tx/s wall", ((iters * 4500) / ((c.user + c.system) / 1e6)).toFixed(0), "tx/CPU-s")

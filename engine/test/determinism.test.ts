/** Same seed and inputs ⇒ same events and state roots; a different seed ⇒ different outcomes. */
import { describe, expect, it } from "vitest"
import { Chain } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { devSeed } from "../chain/dev-seed.ts"
import { Mempool } from "../chain/mempool.ts"
import { produceBlock } from "../chain/produce.ts"
import { roulette } from "../games/roulette/roulette.ts"
import { actorSigner, signTransaction } from "../tx/sign.ts"
import type { Transaction } from "../tx/transaction.ts"
import { Schema } from "effect"
import { BlockResult } from "../execute/output.ts"

const script = (): Transaction[][] => {
  const players = Array.from({ length: 6 }, (_, i) => actorSigner(`det-${i}`))
  const rounds: Transaction[][] = [players.map((p) => signTransaction(p, 0n, { _tag: "CasinoRegister", name: "p" }))]
  rounds.push(players.map((p, i) => signTransaction(p, 1n, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: BigInt(100 + i) })))
  rounds.push(
    players.map((p, i) =>
      signTransaction(p, 2n, {
        _tag: "GameMove",
        session_id: BigInt(100 + i),
        payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "STRAIGHT", number: i, amount: 10n }, { type: "RED", number: 0, amount: 25n }] })
      })
    )
  )
  return rounds
}

const run = (secret: string) => {
  const chain = new Chain(defaultChainConfig())
  const mempool = new Mempool()
  const results = []
  for (const round of script()) {
    for (const tx of round) expect(mempool.add(tx, chain.nonceOf(tx.public_key))).toBe("added")
    results.push(produceBlock(chain, mempool, { view: chain.view + 1n, seed: devSeed(secret, chain.view + 1n) }).result)
  }
  return results.map((r) => Schema.encodeSync(BlockResult)(r))
}

describe("determinism", () => {
  it("the same seed and inputs give identical outputs and roots", () => {
    expect(run("s1")).toEqual(run("s1"))
  })
  it("another seed changes game outcomes and so the state root", () => {
    const a = run("s1")
    const b = run("s2")
    expect(a[0]!.state_root).toBe(b[0]!.state_root)
    expect(a[2]!.state_root).not.toBe(b[2]!.state_root)
  })
})

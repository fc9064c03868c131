/**
 * The nonce overlay a leader builds with on an unexecuted parent agrees with execution: for
 * random runs of blocks (one transaction per account per block, nonces right, replayed or ahead,
 * instructions that apply or fail), the overlay over the blocks on top of the state before them
 * gives every account the nonce the chain has after executing them; and a block built on the
 * overlay's view of an unexecuted parent is the block built on the executed parent.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Chain } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { Mempool } from "../chain/mempool.ts"
import { nonceOverlay } from "../chain/nonce-overlay.ts"
import { buildBlock, buildBlockOn } from "../chain/produce.ts"
import { parentOf } from "../chain/verify-block.ts"
import { blockDigest, type Block } from "../block.ts"
import { actorSigner, signTransaction } from "../tx/sign.ts"
import { nextBlock } from "./helpers.ts"

const players = Array.from({ length: 5 }, (_, i) => actorSigner(`nonce-overlay/${i}`))
const step = fc.record({ player: fc.integer({ min: 0, max: 4 }), nonce_shift: fc.integer({ min: -1, max: 1 }), fails: fc.boolean() })

describe("nonce overlay", () => {
  it("equals the nonces execution leaves, over random blocks of applied, failed and skipped transactions", () => {
    const statuses = new Set<string>()
    fc.assert(
      fc.property(fc.array(fc.array(step, { maxLength: 6 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 5 }), (plan, split) => {
        const chain = new Chain(defaultChainConfig())
        chain.genesis(() => {})
        const expected = new Map<string, bigint>()
        const blocks: Block[] = []
        for (const steps of plan) {
          const seen = new Set<number>()
          const txs = []
          for (const s of steps) {
            if (seen.has(s.player)) continue
            seen.add(s.player)
            const p = players[s.player]
            if (p === undefined) throw new Error("player")
            const next = expected.get(p.public_key) ?? 0n
            const nonce = next + BigInt(s.nonce_shift) < 0n ? next + 1n : next + BigInt(s.nonce_shift)
            // a savings deposit beyond any balance fails (the nonce is consumed); a registration applies
            txs.push(signTransaction(p, nonce, s.fails ? { _tag: "DepositSavings", amount: 10n ** 18n } : { _tag: "CasinoRegister", name: `p${s.player}-${nonce}` }))
            if (nonce === next) expected.set(p.public_key, next + 1n)
          }
          const block = nextBlock(chain, txs)
          blocks.push(block)
          for (const o of chain.applyBlock(block).outputs) statuses.add(o.status)
        }
        const replay = new Chain(defaultChainConfig())
        replay.genesis(() => {})
        const k = Math.min(split, blocks.length)
        for (const b of blocks.slice(0, k)) replay.applyBlock(b)
        const overlay = nonceOverlay(blocks.slice(k), (pk) => replay.nonceOf(pk))
        for (const p of players) {
          expect(overlay(p.public_key)).toBe(chain.nonceOf(p.public_key))
          expect(chain.nonceOf(p.public_key)).toBe(expected.get(p.public_key) ?? 0n)
        }
      })
    )
    expect([...statuses].sort()).toEqual(["applied", "failed", "skipped"])
  })

  it("builds on an unexecuted parent the block it would build once that parent is executed", () => {
    const chain = new Chain(defaultChainConfig())
    chain.genesis(() => {})
    const pool = new Mempool()
    const [a, b] = players
    if (a === undefined || b === undefined) throw new Error("players")
    const first = [signTransaction(a, 0n, { _tag: "CasinoRegister", name: "a" })]
    const later = [signTransaction(a, 1n, { _tag: "CasinoDeposit", amount: 1n }), signTransaction(b, 0n, { _tag: "CasinoRegister", name: "b" })]
    expect(pool.admitAll([...first, ...later], (pk) => chain.nonceOf(pk), chain.height)).toBe(null)
    const parent = buildBlock(chain, pool, { view: 1n, seed: nextBlock(chain, []).seed })
    expect(parent.transactions.map((t) => t.nonce)).toEqual([0n, 0n])
    const speculative = buildBlockOn({ digest: blockDigest(parent), height: parent.height, view: parent.view }, nonceOverlay([parent], (pk) => chain.nonceOf(pk)), pool, { view: 2n, seed: "" })
    chain.applyBlock(parent)
    pool.prune((pk) => chain.nonceOf(pk))
    const executed = buildBlock(chain, pool, { view: 2n, seed: "" })
    expect(parentOf(chain).digest).toBe(blockDigest(parent))
    expect(speculative).toEqual(executed)
    expect(speculative.transactions.map((t) => [t.public_key, t.nonce])).toEqual([[a.public_key, 1n]])
  })
})

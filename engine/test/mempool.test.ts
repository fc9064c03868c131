/** The mempool cannot be starved: reachable-only admission, bounded shares, expiry, round robin. */
import { describe, expect, it } from "vitest"
import { Chain } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { Mempool, MEMPOOL_NONCE_WINDOW, MempoolFull, type MempoolLimits } from "../chain/mempool.ts"
import { buildBlock, produceBlock } from "../chain/produce.ts"
import { toHex, utf8 } from "../codec/bytes.ts"
import { sha256Concat } from "../crypto/sha256.ts"
import { NonceGap, NonceReplay, WeakPublicKey } from "../errors.ts"
import { PublicKey, SignatureHex } from "../schema/primitives.ts"
import { actorSigner, signTransaction } from "../tx/sign.ts"
import type { Transaction } from "../tx/transaction.ts"
import { testSeed } from "./helpers.ts"

/** a fresh key that never signed anything: the flood's transactions are refused before any signature check */
const freshKey = (i: number): PublicKey => PublicKey.make(toHex(sha256Concat(utf8("mempool-test/flood/"), utf8(String(i)))))
const NO_SIGNATURE = SignatureHex.make("00".repeat(64))
const unsigned = (public_key: PublicKey, nonce: bigint): Transaction => ({
  nonce,
  instruction: { _tag: "CasinoDeposit", amount: 1n },
  public_key,
  signature: NO_SIGNATURE
})

const freshChain = () => {
  const chain = new Chain(defaultChainConfig())
  chain.genesis(() => {}, 0n)
  return chain
}

describe("mempool flood of never-executable nonce-gap transactions", () => {
  it("100,000 gap transactions from 1,600 fresh keys take no room; an honest transaction is in the next block", () => {
    const chain = freshChain()
    const mempool = new Mempool()
    const nonceOf = (pk: PublicKey) => chain.nonceOf(pk)
    const KEYS = 1_600
    const FLOOD = 100_000
    const refused = new Map<string, number>()
    const tally = (r: ReturnType<Mempool["admitAll"]>, n: number) => {
      expect(r).not.toBeNull()
      if (r !== null) refused.set(r.error._tag, (refused.get(r.error._tag) ?? 0) + n)
    }
    // per key nonces 1, 2, … (nonce 0 never comes): posted as the review's probe did, 128 per
    // submission, then the last 4,000 one per submission
    const flood: Transaction[] = []
    for (let i = 0; i < FLOOD; i++) flood.push(unsigned(freshKey(i % KEYS), BigInt(1 + Math.floor(i / KEYS))))
    const SINGLES = 4_000
    for (let i = 0; i < FLOOD - SINGLES; i += 128) {
      const batch = flood.slice(i, Math.min(i + 128, FLOOD - SINGLES))
      tally(mempool.admitAll(batch, nonceOf, chain.height), batch.length)
    }
    for (const tx of flood.slice(FLOOD - SINGLES)) tally(mempool.admitAll([tx], nonceOf, chain.height), 1)
    // batches too: 128 gap transactions in one submission are refused whole
    const batch = Array.from({ length: 128 }, (_, i) => unsigned(freshKey(i), 5n))
    expect(mempool.admitAll(batch, nonceOf, chain.height)?.error).toBeInstanceOf(NonceGap)
    expect(mempool.size).toBe(0)

    const honest = actorSigner("mempool-test/honest")
    const tx = signTransaction(honest, 0n, { _tag: "CasinoRegister", name: "honest" })
    expect(mempool.admitAll([tx], nonceOf, chain.height)).toBeNull()
    const block = buildBlock(chain, mempool, { view: 1n, seed: testSeed(1n) })
    expect(block.transactions).toEqual([tx])
    const result = chain.applyBlock(block)
    expect(result.outputs.map((o) => o.status)).toEqual(["applied"])
  })

  it("gap transactions behind a reachable prefix are refused too; each account's share is the nonce window", () => {
    const chain = freshChain()
    const mempool = new Mempool()
    const nonceOf = (pk: PublicKey) => chain.nonceOf(pk)
    const k = freshKey(1)
    const window = Array.from({ length: MEMPOOL_NONCE_WINDOW }, (_, i) => unsigned(k, BigInt(i)))
    expect(mempool.admitAll(window, nonceOf, 0n)).toBeNull()
    expect(mempool.pendingOf(k)).toBe(MEMPOOL_NONCE_WINDOW)
    const beyond = mempool.admitAll([unsigned(k, BigInt(MEMPOOL_NONCE_WINDOW))], nonceOf, 0n)
    expect(beyond?.error).toBeInstanceOf(NonceGap)
    expect(mempool.size).toBe(MEMPOOL_NONCE_WINDOW)
    const other = freshKey(2)
    const gap = mempool.admitAll([unsigned(other, 0n), unsigned(other, 1n), unsigned(other, 3n)], nonceOf, 0n)
    expect(gap?.error).toBeInstanceOf(NonceGap)
    expect(gap?.index).toBe(2)
    expect(mempool.size).toBe(MEMPOOL_NONCE_WINDOW) // all or nothing
  })
})

describe("mempool admission rules", () => {
  const limits: MempoolLimits = { transactions_max: 5, per_account_max: 4, ttl_blocks: 10 }
  const nonceOfZero = () => 0n

  it("check changes nothing; replay, duplicates and room are judged before any signature work", () => {
    const m = new Mempool(limits)
    const a = freshKey(10)
    expect(m.check([unsigned(a, 0n), unsigned(a, 1n)], nonceOfZero)).toBeNull()
    expect(m.size).toBe(0)
    expect(m.admitAll([unsigned(a, 0n)], nonceOfZero, 0n)).toBeNull()
    const again = m.check([unsigned(a, 0n)], nonceOfZero)
    expect(again?.error).toBeInstanceOf(NonceReplay)
    const twice = m.check([unsigned(a, 1n), unsigned(a, 1n)], nonceOfZero)
    expect(twice?.error).toBeInstanceOf(NonceReplay)
    expect(twice?.index).toBe(1)
    const used = m.check([unsigned(a, 0n)], () => 3n)
    expect(used?.error).toBeInstanceOf(NonceReplay)
    const full = m.check(
      [0n, 1n, 2n, 3n, 4n].map((n) => unsigned(freshKey(11), n)).slice(0, 4).concat([unsigned(freshKey(12), 0n)]),
      nonceOfZero
    )
    expect(full?.error).toBeInstanceOf(MempoolFull)
    expect(m.size).toBe(1)
  })

  it("refuses small-order and non-canonical keys", () => {
    const m = new Mempool(limits)
    for (const hex of ["01" + "00".repeat(31), "ec" + "ff".repeat(30) + "7f", "ee" + "ff".repeat(30) + "7f"]) {
      const r = m.admitAll([unsigned(PublicKey.make(hex), 0n)], nonceOfZero, 0n)
      expect(r?.error).toBeInstanceOf(WeakPublicKey)
      expect(m.add(unsigned(PublicKey.make(hex), 0n), 0n)).toBeInstanceOf(WeakPublicKey)
    }
    expect(m.size).toBe(0)
  })

  it("expires pending transactions by driver height, with the account's later nonces", () => {
    const m = new Mempool(limits)
    const a = freshKey(20)
    const b = freshKey(21)
    expect(m.admitAll([unsigned(a, 0n)], nonceOfZero, 0n)).toBeNull()
    expect(m.admitAll([unsigned(a, 1n), unsigned(b, 0n)], nonceOfZero, 5n)).toBeNull()
    expect(m.expire(10n)).toBe(0)
    expect(m.expire(11n)).toBe(2) // a:0 expired, so a:1 is no longer reachable
    expect(m.size).toBe(1)
    expect(m.has(b, 0n)).toBe(true)
    // a starts again from its next nonce
    expect(m.admitAll([unsigned(a, 0n)], nonceOfZero, 11n)).toBeNull()
    expect(m.expire(16n)).toBe(1)
    expect(m.size).toBe(1)
  })

  it("selects round robin, one per account per block; every account is served within ceil(accounts / block) blocks", () => {
    const chain = freshChain()
    const m = new Mempool()
    const signers = Array.from({ length: 9 }, (_, i) => actorSigner(`mempool-test/rr/${i}`))
    // the first 3 accounts queue 3 transactions each, the others one
    for (const [i, s] of signers.entries()) {
      const txs = Array.from({ length: i < 3 ? 3 : 1 }, (_, n) =>
        signTransaction(s, BigInt(n), n === 0 ? { _tag: "CasinoRegister", name: `p${i}` } : { _tag: "CasinoDeposit", amount: 0n })
      )
      expect(m.admitAll(txs, (pk) => chain.nonceOf(pk), chain.height)).toBeNull()
    }
    const served: string[][] = []
    for (let b = 0; b < 5 && m.size > 0; b++) {
      const { block } = produceBlock(chain, m, { view: chain.view + 1n, seed: testSeed(chain.view + 1n), transactions_max: 4 })
      const keys = block.transactions.map((t) => t.public_key)
      expect(new Set(keys).size).toBe(keys.length)
      served.push(keys)
    }
    const firstTurn = (pk: string) => served.findIndex((keys) => keys.includes(pk))
    for (const s of signers) expect(firstTurn(s.public_key)).toBeLessThanOrEqual(Math.ceil(signers.length / 4) - 1)
    expect(m.size).toBe(0)
    expect(served.flat()).toHaveLength(15)
  })
})

/**
 * Block and transaction codec properties: round trip, every truncation refused, trailing bytes
 * refused, for blocks of arbitrary transactions (every instruction tag can appear); the block
 * layout of chain-and-services.md §1.7 (plus Null/Space's seed) checked byte by byte; the digest
 * still commits to parent, view, height and every transaction.
 */
import { FastCheck as fc, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { BLOCK_CODEC, Block, GENESIS_DIGEST, blockDigest, decodeBlock, encodeBlock } from "../block.ts"
import { fromHex } from "../codec/bytes.ts"
import { actorSigner, signTransaction } from "../tx/sign.ts"
import { TRANSACTION_CODEC, Transaction, encodeTransaction } from "../tx/transaction.ts"
import { CODEC_SEED, arbitraryOf, checkLaws, printSeed, trailing } from "./codec-laws.ts"

printSeed("codec-blocks")
const isTransaction = Schema.is(Transaction)
const isBlock = Schema.is(Block)

describe("block and transaction codecs", () => {
  it("transactions: round trip, every truncation refused, trailing bytes refused", () => {
    fc.assert(
      fc.property(arbitraryOf(TRANSACTION_CODEC.domain), trailing, (tx, extra) => checkLaws(TRANSACTION_CODEC, tx, extra, isTransaction)),
      { seed: CODEC_SEED, numRuns: 150 }
    )
  })

  it("blocks: round trip, every truncation refused, trailing bytes refused", () => {
    let withTransactions = 0
    fc.assert(
      fc.property(arbitraryOf(BLOCK_CODEC.domain), trailing, (b, extra) => {
        if (BLOCK_CODEC.is(b) && b.transactions.length > 0) withTransactions++
        checkLaws(BLOCK_CODEC, b, extra, isBlock)
      }),
      { seed: CODEC_SEED, numRuns: 40 }
    )
    expect(withTransactions).toBeGreaterThan(5)
  })

  it("the wire layout: parent, varint view, varint height, seed bytes, varint count, transactions", () => {
    const tx = signTransaction(actorSigner("alice"), 0n, { _tag: "CasinoRegister", name: "alice" })
    const block = { parent: GENESIS_DIGEST, view: 300n, height: 1n, seed: "abcd", transactions: [tx] }
    const bytes = encodeBlock(block)
    expect([...bytes]).toEqual([...fromHex(GENESIS_DIGEST), 0xac, 0x02, 1, 2, 0xab, 0xcd, 1, ...encodeTransaction(tx)])
    expect(decodeBlock(bytes)).toEqual(block)
    const other = signTransaction(actorSigner("alice"), 0n, { _tag: "CasinoRegister", name: "alicia" })
    expect(blockDigest(block)).not.toBe(blockDigest({ ...block, transactions: [other] }))
    expect(blockDigest(block)).not.toBe(blockDigest({ ...block, view: 301n }))
    const reseeded = { ...block, seed: "" }
    expect(blockDigest(block)).toBe(blockDigest(reseeded))
  })

  it("a block of more than 500 transactions is refused before any is read", () => {
    expect(() => decodeBlock(Uint8Array.from([...fromHex(GENESIS_DIGEST), 0, 0, 0, 0xf5, 0x03]))).toThrow(/501 exceeds limit 500/)
  })
})

/**
 * Blocks (chain-and-services.md §1.7): `parent || view || height || transactions`, ≤ 500 transactions.
 * Digest = SHA-256(parent || view u64 || height u64 || tx digest …). The seed that randomises
 * execution arrives with the block but is not part of its digest (it is unknowable when the block
 * is built, so neither the leader nor a player can grind outcomes).
 */
import { Schema } from "effect"
import { ByteReader, ByteWriter, DecodeFailure, fromHex, toHex, utf8 } from "./codec/bytes.ts"
import { GENESIS_NAMESPACE, MAX_TRANSACTIONS_PER_BLOCK } from "./chain/constants.ts"
import { sha256, sha256Concat } from "./crypto/sha256.ts"
import { DigestHex, U64 } from "./schema/primitives.ts"
import { Transaction, readTransaction, transactionDigest, writeTransaction } from "./tx/transaction.ts"

export const Block = Schema.Struct({
  parent: DigestHex,
  view: U64,
  height: U64,
  /** the view's randomness seed (hex); execution's only source of chance */
  seed: Schema.String.pipe(Schema.pattern(/^[0-9a-f]*$/)),
  transactions: Schema.Array(Transaction).pipe(Schema.maxItems(MAX_TRANSACTIONS_PER_BLOCK))
})
export type Block = typeof Block.Type

export const GENESIS_DIGEST: DigestHex = DigestHex.make(toHex(sha256(utf8(GENESIS_NAMESPACE))))

export const blockDigest = (b: Pick<Block, "parent" | "view" | "height" | "transactions">): DigestHex =>
  blockDigestOf(b, b.transactions.map((tx) => transactionDigest(tx)))

/** the block digest from its header and its transactions' digests (already computed, in order) */
export const blockDigestOf = (b: Pick<Block, "parent" | "view" | "height">, tx_digests: ReadonlyArray<Uint8Array>): DigestHex =>
  DigestHex.make(toHex(sha256Concat(fromHex(b.parent), new ByteWriter(16).u64(b.view).u64(b.height).finish(), ...tx_digests)))

export const encodeBlock = (b: Block): Uint8Array => {
  const w = new ByteWriter(256)
  w.raw(fromHex(b.parent)).varint(b.view).varint(b.height).bytes(fromHex(b.seed)).varint(b.transactions.length)
  for (const tx of b.transactions) writeTransaction(w, tx)
  return w.finish()
}

export const decodeBlock = (bytes: Uint8Array): Block => {
  const r = new ByteReader(bytes)
  const parent = DigestHex.make(toHex(r.raw(32)))
  const view = r.varint()
  const height = r.varint()
  const seed = toHex(r.bytes(1024))
  const n = r.length(MAX_TRANSACTIONS_PER_BLOCK)
  const transactions: Transaction[] = []
  for (let i = 0; i < n; i++) transactions.push(readTransaction(r))
  r.end()
  if (view > (1n << 64n) - 1n) throw new DecodeFailure("view out of range", 0)
  return { parent, view, height, seed, transactions }
}

/**
 * Blocks (chain-and-services.md §1.7): `parent || view || height || transactions`, ≤ 500 transactions.
 * Digest = SHA-256(parent || view u64 || height u64 || tx digest …). The seed that randomises
 * execution arrives with the block but is not part of its digest (it is unknowable when the block
 * is built, so neither the leader nor a player can grind outcomes).
 */
import { Schema } from "effect"
import { ByteWriter, fromHex, toHex, utf8 } from "./codec/bytes.ts"
import { decodeExact, encode } from "./codec/codec.ts"
import { hexBytes, hexFixed, varint, vec } from "./codec/primitives.ts"
import { struct } from "./codec/struct.ts"
import { GENESIS_NAMESPACE, MAX_TRANSACTIONS_PER_BLOCK } from "./chain/constants.ts"
import { sha256, sha256Concat } from "./crypto/sha256.ts"
import { DigestHex, U64 } from "./schema/primitives.ts"
import { TRANSACTION_CODEC, Transaction, transactionDigest } from "./tx/transaction.ts"

export const Block = Schema.Struct({
  parent: DigestHex,
  view: U64,
  height: U64,
  /** the view's randomness seed (hex); execution's only source of chance */
  seed: Schema.String.pipe(Schema.pattern(/^[0-9a-f]*$/)),
  transactions: Schema.Array(Transaction).pipe(Schema.maxItems(MAX_TRANSACTIONS_PER_BLOCK))
})
export type Block = typeof Block.Type

/** the largest seed a block carries on the wire */
export const SEED_BYTES_MAX = 1024

export const GENESIS_DIGEST: DigestHex = DigestHex.make(toHex(sha256(utf8(GENESIS_NAMESPACE))))

export const blockDigest = (b: Pick<Block, "parent" | "view" | "height" | "transactions">): DigestHex =>
  blockDigestOf(b, b.transactions.map((tx) => transactionDigest(tx)))

/** the block digest from its header and its transactions' digests (already computed, in order) */
export const blockDigestOf = (b: Pick<Block, "parent" | "view" | "height">, tx_digests: ReadonlyArray<Uint8Array>): DigestHex =>
  DigestHex.make(toHex(sha256Concat(fromHex(b.parent), new ByteWriter(16).u64(b.view).u64(b.height).finish(), ...tx_digests)))

/** parent (32) · varint view · varint height · seed (varint length ≤ 1024, then bytes) · varint count ≤ 500 · transactions */
export const BLOCK_CODEC = struct("block", Block, {
  parent: hexFixed(32, DigestHex),
  view: varint,
  height: varint,
  seed: hexBytes(SEED_BYTES_MAX),
  transactions: vec(TRANSACTION_CODEC, { count: "varint", min: 0, max: MAX_TRANSACTIONS_PER_BLOCK })
})

export const encodeBlock = (b: Block): Uint8Array => encode(BLOCK_CODEC, b, 256)

/** Decode exactly one block; trailing bytes are an error. */
export const decodeBlock = (bytes: Uint8Array): Block => decodeExact(BLOCK_CODEC, bytes)

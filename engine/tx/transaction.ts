/**
 * Transactions (chain-and-services.md §2.1): `nonce || instruction || public key || signature`.
 * The signature covers `varint(len(ns)) || ns || nonce(u64 BE) || instruction bytes`; the digest
 * (the transaction id) is `SHA-256(nonce || instruction bytes || public key)` and excludes the signature.
 */
import { Schema } from "effect"
import { ByteWriter, fromHex, toHex, utf8, type ByteReader } from "../codec/bytes.ts"
import { encode } from "../codec/codec.ts"
import { hexFixed, u64 } from "../codec/primitives.ts"
import { struct } from "../codec/struct.ts"
import { TRANSACTION_NAMESPACE } from "../chain/constants.ts"
import { sha256 } from "../crypto/sha256.ts"
import { PublicKey, SignatureHex, U64 } from "../schema/primitives.ts"
import { Instruction } from "./instruction.ts"
import { INSTRUCTION_CODEC, encodeInstruction, writeInstruction } from "./instruction-codec.ts"

export const Transaction = Schema.Struct({
  nonce: U64,
  instruction: Instruction,
  public_key: PublicKey,
  signature: SignatureHex
})
export type Transaction = typeof Transaction.Type

/** `varint(len(ns)) || ns || payload`: the namespaced message every signature in the system signs. */
export const namespaced = (namespace: string, payload: Uint8Array): Uint8Array =>
  new ByteWriter(payload.length + namespace.length + 2).bytes(utf8(namespace)).raw(payload).finish()

export const nonceBytes = (nonce: bigint): Uint8Array => new ByteWriter(8).u64(nonce).finish()

export const signingMessage = (nonce: bigint, instruction: Instruction, namespace = TRANSACTION_NAMESPACE): Uint8Array =>
  namespaced(namespace, new ByteWriter(64).u64(nonce).raw(encodeInstruction(instruction)).finish())

/** one writer for every digest (hashing never re-enters; a throw part-way is reset by the next call) */
const digestWriter = new ByteWriter(256)

export const transactionDigest = (tx: Pick<Transaction, "nonce" | "instruction" | "public_key">): Uint8Array => {
  const w = digestWriter.reset()
  w.u64(tx.nonce)
  writeInstruction(w, tx.instruction)
  w.raw(fromHex(tx.public_key))
  return sha256(w.view())
}

export const transactionId = (tx: Pick<Transaction, "nonce" | "instruction" | "public_key">): string => toHex(transactionDigest(tx))

/** nonce u64 · instruction · public key (32) · signature (64) */
export const TRANSACTION_CODEC = struct("transaction", Transaction, {
  nonce: u64,
  instruction: INSTRUCTION_CODEC,
  public_key: hexFixed(32, PublicKey),
  signature: hexFixed(64, SignatureHex)
})

export const writeTransaction = (w: ByteWriter, tx: Transaction): void => TRANSACTION_CODEC.write(w, tx)

export const readTransaction = (r: ByteReader): Transaction => TRANSACTION_CODEC.read(r)

export const encodeTransaction = (tx: Transaction): Uint8Array => encode(TRANSACTION_CODEC, tx, 160)

/**
 * Primitive schemas shared by every state and wire type.
 * Amounts are bigint in memory and decimal strings on JSON wires, so they stay exact.
 */
import { Schema } from "effect"
import { U64_MAX } from "../codec/bytes.ts"

/** A 32-byte ed25519 public key as 64 lowercase hex characters. */
export const PublicKey = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{64}$/, { message: () => "a public key is 64 lowercase hex characters" }),
  Schema.brand("PublicKey")
)
export type PublicKey = typeof PublicKey.Type

/** A 64-byte ed25519 signature as 128 lowercase hex characters. */
export const SignatureHex = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{128}$/, { message: () => "a signature is 128 lowercase hex characters" }),
  Schema.brand("Signature")
)
export type SignatureHex = typeof SignatureHex.Type

/** A 32-byte SHA-256 digest as 64 lowercase hex characters. */
export const DigestHex = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/), Schema.brand("Digest"))
export type DigestHex = typeof DigestHex.Type

/** An unsigned 64-bit integer: bigint in memory, decimal string when encoded. */
export const U64 = Schema.BigInt.pipe(Schema.betweenBigInt(0n, U64_MAX, { message: () => "must be an integer in [0, 2^64-1]" }))
export type U64 = typeof U64.Type

/** Chips (RNG units), vUSDT units and shares are all u64 amounts. */
export const Amount = U64
export type Amount = U64

/** A signed 128-bit ledger figure (house PnL may go negative). */
export const I128 = Schema.BigInt.pipe(Schema.betweenBigInt(-(1n << 127n), (1n << 127n) - 1n))
export type I128 = typeof I128.Type

/** A u128 accumulator (voting power, reward-per-share). */
export const U128 = Schema.BigInt.pipe(Schema.betweenBigInt(0n, (1n << 128n) - 1n))

export const U8 = Schema.Int.pipe(Schema.between(0, 255))
export const U16 = Schema.Int.pipe(Schema.between(0, 0xffff))
export const U32 = Schema.Int.pipe(Schema.between(0, 0xffff_ffff))

/** Consensus view number; chain seconds are `3 × view` (chain-and-services.md §1.5). */
export const View = U64
export type View = U64

export const saturatingAdd = (a: bigint, b: bigint): bigint => (a + b > U64_MAX ? U64_MAX : a + b)
export const saturatingSub = (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n)

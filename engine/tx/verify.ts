/**
 * Ed25519 signature verification: ONE rule for every component, two implementations that give
 * identical answers (tested on RFC 8032 §7.1 and on the 12 edge cases of "Taming the many EdDSAs",
 * engine/test/vectors/).
 *
 * The rule ("strict", cofactorless). A signature (R, S) by public key A over message M verifies iff
 *   1. A is 32 bytes and the signature 64 bytes;
 *   2. A and R are canonical encodings: the 255-bit y is < p = 2^255 - 19, and the sign bit is not
 *      set when x = 0 (no "negative zero": 01 00…00 80 and ec ff…ff ff are refused);
 *   3. neither A nor R is one of the 8 small-order points (the torsion subgroup), refused by their
 *      (canonical) encodings — so the universal forgery "A = identity, R = identity, S = 0" and its
 *      cousins under the order-2, order-4 and order-8 points fail;
 *   4. S < L (the group order), so a signature has one encoding;
 *   5. A and R decode to curve points and [S]B = R + [k]A exactly (no multiplication by the
 *      cofactor), with k = SHA-512(R || A || M) mod L.
 * Points of mixed order that are not small (a torsion component plus a large one) are not refused
 * by 3; they verify only if the cofactorless equation 5 holds (speccheck case 3).
 *
 * Checks 1–4 are byte comparisons (`signatureProblem`): they run first, before any curve
 * arithmetic, in both implementations. Equation 5 is then:
 * - nobleVerifier (here): portable pure JS, the equation evaluated with @noble/ed25519 points;
 * - nodeVerifier (tx/verify-node.ts): node:crypto (OpenSSL), which evaluates the same cofactorless
 *   equation; the fast path on servers.
 * Keys that fail 1–3 are "weak" (`publicKeyProblem`): refused as admin keys (chain/config.ts), at
 * mempool admission and by verifyBlock, since nothing they sign can be valid.
 */
import * as ed from "@noble/ed25519"
import { sha512 } from "@noble/hashes/sha2"
import { Context, Layer } from "effect"
import { fromHex } from "../codec/bytes.ts"
import { signingMessage, type Transaction } from "./transaction.ts"
import "./sign.ts"

export interface SignatureVerifierShape {
  readonly name: string
  /** verify a raw ed25519 signature over a message under the rule above */
  readonly verify: (public_key: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean
}

export class SignatureVerifier extends Context.Tag("nullspace/SignatureVerifier")<SignatureVerifier, SignatureVerifierShape>() {}

// ---------------------------------------------------------------- byte-level pre-checks

export const PUBLIC_KEY_BYTES = 32
export const SIGNATURE_BYTES = 64

const hexBytes = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16))

/**
 * The canonical encodings of the 8 points of order dividing 8 (identity, the order-2 point, the
 * two order-4 points, the four order-8 points). A test recomputes that each has [8]P = identity.
 */
export const SMALL_ORDER_ENCODINGS: ReadonlyArray<Uint8Array> = [
  "0100000000000000000000000000000000000000000000000000000000000000",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0000000000000000000000000000000000000000000000000000000000000080",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"
].map(hexBytes)

/** the group order L = 2^252 + 27742317777372353535851937790883648493, little-endian */
const L_LE = hexBytes("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")

/** x = 0 happens only for y = 1 and y = p - 1; with the sign bit set those are "negative zero" */
const NEGATIVE_ZERO_ENCODINGS: ReadonlyArray<Uint8Array> = [
  "0100000000000000000000000000000000000000000000000000000000000080",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
].map(hexBytes)

const equalAt = (bytes: Uint8Array, offset: number, other: Uint8Array): boolean => {
  for (let i = 0; i < 32; i++) if (bytes[offset + i] !== other[i]) return false
  return true
}

/** y (the low 255 bits, little-endian) < p = 2^255 - 19 */
const yBelowP = (bytes: Uint8Array, offset: number): boolean => {
  // y >= p only when bits 8..254 are all ones and the low byte is >= 0xed
  if (((bytes[offset + 31] ?? 0) & 0x7f) !== 0x7f) return true
  for (let i = 30; i >= 1; i--) if (bytes[offset + i] !== 0xff) return true
  return (bytes[offset] ?? 0) < 0xed
}

export type PointProblem = "non_canonical" | "small_order"

/** why 32 bytes at `offset` are not an acceptable point encoding (canonical, not small order), or null */
export const pointProblem = (bytes: Uint8Array, offset = 0): PointProblem | null => {
  if (!yBelowP(bytes, offset)) return "non_canonical"
  for (const z of NEGATIVE_ZERO_ENCODINGS) if (equalAt(bytes, offset, z)) return "non_canonical"
  for (const s of SMALL_ORDER_ENCODINGS) if (equalAt(bytes, offset, s)) return "small_order"
  return null
}

export type PublicKeyProblem = "length" | PointProblem

/** why a public key can never carry a valid signature under the rule, or null (checks 1–3 for A) */
export const publicKeyProblem = (public_key: Uint8Array): PublicKeyProblem | null =>
  public_key.length !== PUBLIC_KEY_BYTES ? "length" : pointProblem(public_key)

export const isWeakPublicKey = (public_key: Uint8Array): boolean => publicKeyProblem(public_key) !== null

/** S (signature bytes 32..63, little-endian) < L */
const scalarBelowL = (signature: Uint8Array): boolean => {
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i] ?? 0
    const l = L_LE[i] ?? 0
    if (s !== l) return s < l
  }
  return false
}

export type SignatureProblem =
  | "length"
  | "key_non_canonical"
  | "key_small_order"
  | "r_non_canonical"
  | "r_small_order"
  | "s_out_of_range"

/** checks 1–4 of the rule, bytes only; null when the curve equation decides */
export const signatureProblem = (public_key: Uint8Array, signature: Uint8Array): SignatureProblem | null => {
  if (public_key.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES) return "length"
  const a = pointProblem(public_key)
  if (a !== null) return a === "non_canonical" ? "key_non_canonical" : "key_small_order"
  const r = pointProblem(signature)
  if (r !== null) return r === "non_canonical" ? "r_non_canonical" : "r_small_order"
  if (!scalarBelowL(signature)) return "s_out_of_range"
  return null
}

// ---------------------------------------------------------------- the portable implementation

const L = 2n ** 252n + 27742317777372353535851937790883648493n

const numberLE = (bytes: Uint8Array): bigint => {
  let n = 0n
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0)
  return n
}

/** equation 5 with noble points; assumes checks 1–4 passed */
const cofactorlessEquation = (public_key: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean => {
  let A: ed.Point
  let R: ed.Point
  try {
    A = ed.Point.fromBytes(public_key, false)
    R = ed.Point.fromBytes(signature.subarray(0, 32), false)
  } catch {
    return false // not on the curve
  }
  const s = numberLE(signature.subarray(32, 64))
  const k = numberLE(sha512(ed.etc.concatBytes(signature.subarray(0, 32), public_key, message))) % L
  const sB = ed.Point.BASE.multiply(s, false)
  const rkA = R.add(A.multiply(k, false))
  return sB.equals(rkA)
}

export const nobleVerifier: SignatureVerifierShape = {
  name: "noble",
  verify: (public_key, message, signature) =>
    signatureProblem(public_key, signature) === null && cofactorlessEquation(public_key, message, signature)
}

export const NobleVerifierLive = Layer.succeed(SignatureVerifier, nobleVerifier)

/** a transaction's signature under a network's transaction namespace */
export const verifyTransaction = (verifier: SignatureVerifierShape, tx: Transaction, namespace: string): boolean =>
  verifier.verify(fromHex(tx.public_key), signingMessage(tx.nonce, tx.instruction, namespace), fromHex(tx.signature))

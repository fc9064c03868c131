/**
 * Threshold BLS12-381, "min-sig" variant (chain-and-services.md §0): signatures in G1 (48 bytes
 * compressed), public keys in G2 (96 bytes compressed), hashed to G1 with the proof-of-possession
 * DST. Used for the per-view seed (consensus-protocol.md "seed").
 *
 * Key setup: a trusted dealer (dealSharing) draws a polynomial p of degree t − 1 over the scalar
 * field Fr, p(0) = the group secret. Validator i (0-based, its position in the sorted validator
 * list) receives the share s_i = p(i + 1). The public polynomial is the list of commitments
 * A_j = a_j·G2; the group key (the network identity) is A_0 = p(0)·G2, and the public key of share
 * i is Σ_j A_j·(i+1)^j, so anyone holding the commitments can check a partial signature.
 * Any t partial signatures σ_i = s_i·H(m) recover σ = p(0)·H(m) by Lagrange interpolation at 0
 * (σ = Σ λ_i·σ_i, λ_i = Π_{j≠i} x_j / (x_j − x_i)); fewer than t reveal nothing about σ, and σ is
 * the same whichever t shares are used (unique, so no one can choose among seeds).
 * The dealer's randomness is an input (32 bytes): tests and dev networks pass a fixed secret,
 * production must pass fresh entropy and then forget it. A DKG is a later improvement.
 *
 * Signing is "namespaced": the message is varint(len(ns)) || ns || payload.
 */
import { bls12_381 } from "@noble/curves/bls12-381"
import { ByteWriter, toHex, utf8 } from "../codec/bytes.ts"
import { sha256Concat } from "./sha256.ts"

const Fr = bls12_381.fields.Fr
const G1 = bls12_381.G1.Point
const G2 = bls12_381.G2.Point
const sigs = bls12_381.shortSignatures
export const BLS_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_"
export const BLS_SIGNATURE_BYTES = 48
export const BLS_PUBLIC_KEY_BYTES = 96
/** the largest validator set a sharing is dealt for */
export const SHARES_MAX = 1_024

export interface Sharing {
  /** the public polynomial: t commitments in G2 (96 bytes each); [0] is the group key */
  readonly commitments: ReadonlyArray<Uint8Array>
  /** the threshold: partial signatures needed to recover */
  readonly threshold: number
}

export interface DealtKeys {
  readonly sharing: Sharing
  /** one secret share per validator, index i holds p(i + 1) (32-byte big-endian scalar) */
  readonly shares: ReadonlyArray<Uint8Array>
}

const scalarBytes = (s: bigint): Uint8Array => {
  const out = new Uint8Array(32)
  let v = s
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}
const scalarOf = (bytes: Uint8Array): bigint => {
  let v = 0n
  for (const b of bytes) v = (v << 8n) | BigInt(b)
  return v
}

/** a nonzero scalar from 32 bytes of entropy and a label (reduction mod r of a 512-bit hash) */
const scalarFrom = (entropy: Uint8Array, label: string): bigint => {
  const wide = scalarOf(sha256Concat(entropy, utf8(label), utf8("/lo"))) * (1n << 256n) + scalarOf(sha256Concat(entropy, utf8(label), utf8("/hi")))
  const s = Fr.create(wide)
  return s === 0n ? 1n : s
}

/** Deal a t-of-n sharing from 32 bytes of dealer entropy. */
export const dealSharing = (entropy: Uint8Array, n: number, t: number): DealtKeys => {
  if (entropy.length !== 32) throw new RangeError("dealer entropy must be 32 bytes")
  if (!Number.isInteger(n) || n < 1 || n > SHARES_MAX) throw new RangeError(`n out of range: ${n}`)
  if (!Number.isInteger(t) || t < 1 || t > n) throw new RangeError(`threshold out of range: ${t}`)
  const coefficients = Array.from({ length: t }, (_, j) => scalarFrom(entropy, `nullspace/bls-dealer/coefficient/${j}`))
  const evaluate = (x: bigint): bigint => {
    let acc = 0n
    for (let j = coefficients.length - 1; j >= 0; j--) acc = Fr.add(Fr.mul(acc, x), coefficients[j] ?? 0n)
    return acc
  }
  return {
    sharing: { threshold: t, commitments: coefficients.map((a) => G2.BASE.multiply(a).toBytes(true)) },
    shares: Array.from({ length: n }, (_, i) => scalarBytes(evaluate(BigInt(i + 1))))
  }
}

export const groupKey = (sharing: Sharing): Uint8Array => {
  const key = sharing.commitments[0]
  if (key === undefined) throw new RangeError("a sharing without commitments")
  return key
}

/** the public key of share `index` (0-based): Σ_j A_j·(index+1)^j */
export const sharePublicKey = (sharing: Sharing, index: number): Uint8Array => {
  const x = BigInt(index + 1)
  let acc = G2.ZERO
  let power = 1n
  for (const c of sharing.commitments) {
    acc = acc.add(G2.fromBytes(c).multiply(power))
    power = Fr.mul(power, x)
  }
  return acc.toBytes(true)
}

export const namespaced = (namespace: string, payload: Uint8Array): Uint8Array => {
  const ns = utf8(namespace)
  return new ByteWriter(ns.length + payload.length + 4).varint(ns.length).raw(ns).raw(payload).finish()
}

const hashed = (namespace: string, payload: Uint8Array) => sigs.hash(namespaced(namespace, payload), BLS_DST)

type G1Point = ReturnType<typeof G1.fromBytes>
type G2Point = ReturnType<typeof G2.fromBytes>

/** entries each BlsCache map holds before dropping its oldest */
export const BLS_CACHE_ENTRIES_MAX = 256

const remember = <V>(map: Map<string, V>, key: string, value: V, entries_max: number): V => {
  map.set(key, value)
  for (let i = 0; map.size > entries_max && i < entries_max; i++) {
    const oldest = map.keys().next()
    if (oldest.done === true) break
    map.delete(oldest.value)
  }
  return value
}

/**
 * What repeated seed work can share, per holder (one validator: its signer and its verifier): the
 * decoded, subgroup-checked and negated public keys (group key and share keys), whose pairing
 * precomputations the curve library then memoizes per point, the hashes to G1 of recent
 * messages (one per view: its own share, each share check and the seed check hash the same
 * message), and the points of the signatures it recovered (checked next, so not decoded again).
 * Only public values are kept; bounded FIFO of `entries_max` per map.
 */
export class BlsCache {
  private readonly keys = new Map<string, G2Point>()
  private readonly messages = new Map<string, G1Point>()
  /** signatures this holder recovered itself: sums of subgroup-checked partials, so in G1 already */
  private readonly recovered = new Map<string, G1Point>()

  constructor(readonly entries_max: number = BLS_CACHE_ENTRIES_MAX) {
    if (!(entries_max >= 1)) throw new RangeError(`entries_max must be positive: ${entries_max}`)
  }

  /** −P for a 96-byte public key P (decoded and checked once; throws on a malformed key) */
  negatedKey(public_key: Uint8Array): G2Point {
    const k = toHex(public_key)
    return this.keys.get(k) ?? remember(this.keys, k, G2.fromBytes(public_key).negate(), this.entries_max)
  }

  /** the point of a 48-byte signature: one recovered here, or decoded with its subgroup check (throws when malformed) */
  signature(bytes: Uint8Array): G1Point {
    return this.recovered.get(toHex(bytes)) ?? G1.fromBytes(bytes)
  }

  rememberRecovered(bytes: Uint8Array, point: G1Point): void {
    remember(this.recovered, toHex(bytes), point, this.entries_max)
  }

  hash(namespace: string, payload: Uint8Array): G1Point {
    const k = `${namespace}/${toHex(payload)}`
    return this.messages.get(k) ?? remember(this.messages, k, hashed(namespace, payload), this.entries_max)
  }
}

/** a (partial or whole) signature with a secret scalar: 48 bytes */
export const blsSign = (secret: Uint8Array, namespace: string, payload: Uint8Array, cache?: BlsCache): Uint8Array =>
  sigs.sign(cache === undefined ? hashed(namespace, payload) : cache.hash(namespace, payload), scalarOf(secret)).toBytes(true)

/**
 * Verify a signature against a G2 public key (96 bytes); malformed input is false, never a throw.
 * The check e(H(m), −P) · e(S, G2) = 1 (the signature S decoded with its subgroup check every time).
 */
export const blsVerify = (public_key: Uint8Array, namespace: string, payload: Uint8Array, signature: Uint8Array, cache?: BlsCache): boolean => {
  if (signature.length !== BLS_SIGNATURE_BYTES || public_key.length !== BLS_PUBLIC_KEY_BYTES) return false
  try {
    const S = cache === undefined ? G1.fromBytes(signature) : cache.signature(signature)
    const negated = cache === undefined ? G2.fromBytes(public_key).negate() : cache.negatedKey(public_key)
    const Hm = cache === undefined ? hashed(namespace, payload) : cache.hash(namespace, payload)
    return bls12_381.fields.Fp12.eql(bls12_381.pairingBatch([{ g1: Hm, g2: negated }, { g1: S, g2: G2.BASE }]), bls12_381.fields.Fp12.ONE)
  } catch {
    return false
  }
}

/** Lagrange coefficient at 0 for x_i among xs */
const lagrangeAtZero = (xs: ReadonlyArray<bigint>, xi: bigint): bigint => {
  let num = 1n
  let den = 1n
  for (const xj of xs) {
    if (xj === xi) continue
    num = Fr.mul(num, xj)
    den = Fr.mul(den, Fr.sub(xj, xi))
  }
  return Fr.div(num, den)
}

export interface PartialSignature {
  /** 0-based share index */
  readonly index: number
  readonly signature: Uint8Array
}

/**
 * Recover the group signature from exactly `threshold` partials with distinct indices (the caller
 * picks which; the result is the same for any valid choice). Null if the input is malformed.
 * The result is not verified here: verify it with the group key (one pairing check for q partials);
 * with `cache`, that check reuses the point instead of decoding the bytes again.
 */
export const recoverSignature = (threshold: number, partials: ReadonlyArray<PartialSignature>, cache?: BlsCache): Uint8Array | null => {
  if (partials.length < threshold || threshold < 1) return null
  const chosen = partials.slice(0, threshold)
  const xs = chosen.map((p) => BigInt(p.index + 1))
  if (new Set(xs).size !== xs.length) return null
  try {
    let acc = G1.ZERO
    // the partials and the coefficients are public: the variable-time multiplication is safe here
    for (const p of chosen) acc = acc.add(G1.fromBytes(p.signature).multiplyUnsafe(lagrangeAtZero(xs, BigInt(p.index + 1))))
    const bytes = acc.toBytes(true)
    // its later check (blsVerify with the same cache) skips decoding it again
    cache?.rememberRecovered(bytes, acc)
    return bytes
  } catch {
    return null
  }
}

/** the compressed G1 identity (0xC0 then 47 zero bytes): the "seed" before view 1 */
export const G1_IDENTITY_BYTES: Uint8Array = G1.ZERO.toBytes(true)

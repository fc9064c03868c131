/**
 * SHA-256 for the engine (FIPS 180-4), the one implementation every engine hash goes through
 * (transaction and block digests, random streams, seeds, the tagged hashes of the authenticated
 * state and the events root). Portable JS (no node:crypto) so the same code runs in Node,
 * browsers and k6 bundles; every driver therefore computes identical digests.
 *
 * Speed: the state and message schedule are Int32Arrays reused across calls (hashing never
 * re-enters: no callbacks), full 64-byte blocks are compressed straight from the input, and only
 * the tail (at most 119 bytes with its padding) is copied. Checked against @noble/hashes at every
 * length 0..1,100 and on FIPS vectors in engine/test/sha256.test.ts.
 *
 * Low-level exports (`SHA256_IV`, `compressBlock`, `runRounds`, `expandSchedule`, `finishInto`,
 * `digestOf`) let crypto/tagged-hash.ts resume from a per-tag midstate without a second copy.
 */
import { assert } from "../assert.ts"
import { concatBytes, utf8 } from "../codec/bytes.ts"

// prettier-ignore
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])
/** the initial hash value H(0) */
// prettier-ignore
export const SHA256_IV: Readonly<Int32Array> = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])

/** the largest message hashed (bit lengths stay exact doubles far beyond it) */
export const SHA256_MESSAGE_BYTES_MAX = 2 ** 32

const TOO_LONG = `a SHA-256 message is at most ${SHA256_MESSAGE_BYTES_MAX} bytes`

/** the working message schedule (one per module: hashing never re-enters) */
const W = new Int32Array(64)

/** fill w[16..63] from w[0..15] */
export const expandSchedule = (w: Int32Array): void => {
  for (let i = 16; i < 64; i++) {
    const w15 = w[i - 15]!
    const w2 = w[i - 2]!
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10)
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0
  }
}

/** the 64 rounds of SHA-256 on `state` with the expanded schedule `w` */
export const runRounds = (state: Int32Array, w: Int32Array): void => {
  let a = state[0]!
  let b = state[1]!
  let c = state[2]!
  let d = state[3]!
  let e = state[4]!
  let f = state[5]!
  let g = state[6]!
  let h = state[7]!
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
    h = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  state[0] = (state[0]! + a) | 0
  state[1] = (state[1]! + b) | 0
  state[2] = (state[2]! + c) | 0
  state[3] = (state[3]! + d) | 0
  state[4] = (state[4]! + e) | 0
  state[5] = (state[5]! + f) | 0
  state[6] = (state[6]! + g) | 0
  state[7] = (state[7]! + h) | 0
}

/** compress the 64-byte block bytes[off..off+64) into `state` */
export const compressBlock = (state: Int32Array, bytes: Uint8Array, off: number): void => {
  for (let i = 0; i < 16; i++) {
    const j = off + 4 * i
    W[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!
  }
  expandSchedule(W)
  runRounds(state, W)
}

/** the big-endian digest of `state` */
export const digestOf = (state: Int32Array): Uint8Array => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 8; i++) {
    const v = state[i]!
    out[4 * i] = v >>> 24
    out[4 * i + 1] = (v >>> 16) & 0xff
    out[4 * i + 2] = (v >>> 8) & 0xff
    out[4 * i + 3] = v & 0xff
  }
  return out
}

/** the padded tail: at most 63 message bytes + 0x80 + zeros + 8 length bytes = 128 bytes */
const tail = new Uint8Array(128)

/**
 * Compress all of m[0..len) into `state` (already holding `prefixBytes` compressed bytes, a
 * multiple of 64), with its padding for a total of prefixBytes + len bytes.
 */
export const finishInto = (state: Int32Array, m: Uint8Array, len: number, prefixBytes: number): void => {
  assert(len >= 0 && len <= m.length && len + prefixBytes <= SHA256_MESSAGE_BYTES_MAX, TOO_LONG)
  const full = len - (len % 64)
  for (let off = 0; off < full; off += 64) compressBlock(state, m, off)
  const rest = len - full
  for (let i = 0; i < rest; i++) tail[i] = m[full + i]!
  tail[rest] = 0x80
  const padded = rest + 9 <= 64 ? 64 : 128
  tail.fill(0, rest + 1, padded - 8)
  const bits = (prefixBytes + len) * 8
  const hi = Math.floor(bits / 0x1_0000_0000)
  tail[padded - 8] = hi >>> 24
  tail[padded - 7] = (hi >>> 16) & 0xff
  tail[padded - 6] = (hi >>> 8) & 0xff
  tail[padded - 5] = hi & 0xff
  tail[padded - 4] = (bits >>> 24) & 0xff
  tail[padded - 3] = (bits >>> 16) & 0xff
  tail[padded - 2] = (bits >>> 8) & 0xff
  tail[padded - 1] = bits & 0xff
  compressBlock(state, tail, 0)
  if (padded === 128) compressBlock(state, tail, 64)
}

const state = new Int32Array(8)

export const sha256 = (data: Uint8Array): Uint8Array => {
  state.set(SHA256_IV)
  finishInto(state, data, data.length, 0)
  return digestOf(state)
}

/** a reusable buffer for the concatenation (grows to the largest one hashed) */
let joined = new Uint8Array(256)

/** SHA-256 of the concatenation of `parts` */
export const sha256Concat = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  let total = 0
  for (const p of parts) total += p.length
  assert(total <= SHA256_MESSAGE_BYTES_MAX, TOO_LONG)
  if (joined.length < total) joined = new Uint8Array(Math.max(total, 2 * joined.length))
  const buf = joined
  let off = 0
  for (const p of parts) {
    buf.set(p, off)
    off += p.length
  }
  state.set(SHA256_IV)
  finishInto(state, buf, total, 0)
  return digestOf(state)
}

export const sha256Text = (text: string): Uint8Array => sha256(utf8(text))

export { concatBytes }

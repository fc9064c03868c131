/**
 * Tagged SHA-256 (the BIP-340 construction): H_tag(m) = SHA-256(SHA-256(tag) ‖ SHA-256(tag) ‖ m).
 * Each use of a hash in the authenticated structures (state leaf, state node, value, key path,
 * events leaf, …) has its own tag, so a digest of one kind can never be read as another.
 *
 * Speed: the 64-byte prefix is one SHA-256 block, so its compression (the "midstate") is computed
 * once per tag; a hash then costs only the compressions of m and its padding. The two-child node
 * and the leaf hash 64 bytes (two 32-byte digests): the padding block of a 128-byte message is a
 * constant, so its message schedule is precomputed too. Portable JS (no node:crypto), checked
 * against @noble/hashes in engine/test/tagged-hash.test.ts and measured against it in bench/tree.ts.
 */
import { sha256 } from "@noble/hashes/sha2"
import { assert } from "../assert.ts"
import { utf8 } from "../codec/bytes.ts"

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
// prettier-ignore
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])

/** the working message schedule (one per module: hashing never re-enters) */
const W = new Int32Array(64)

const expand = (w: Int32Array): void => {
  for (let i = 16; i < 64; i++) {
    const w15 = w[i - 15]!
    const w2 = w[i - 2]!
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10)
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0
  }
}

/** the 64 rounds of SHA-256 on `state` with the expanded schedule `w` */
const rounds = (state: Int32Array, w: Int32Array): void => {
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

const loadBlock = (bytes: Uint8Array, off: number): void => {
  for (let i = 0; i < 16; i++) {
    const j = off + 4 * i
    W[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!
  }
}

const compress = (state: Int32Array, bytes: Uint8Array, off: number): void => {
  loadBlock(bytes, off)
  expand(W)
  rounds(state, W)
}

const digestOf = (state: Int32Array): Uint8Array => {
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

/** the padding block of a 128-byte message (tag prefix + 64 bytes), schedule expanded once */
const PAD_128 = (() => {
  const w = new Int32Array(64)
  w[0] = 0x80000000 | 0
  w[15] = 128 * 8
  expand(w)
  return w
})()

/** A hash tag: its name and the SHA-256 state after the 64-byte prefix SHA-256(tag) ‖ SHA-256(tag). */
export interface Tag {
  readonly name: string
  readonly midstate: Int32Array
}

export const makeTag = (name: string): Tag => {
  const t = sha256(utf8(name))
  const prefix = new Uint8Array(64)
  prefix.set(t, 0)
  prefix.set(t, 32)
  const midstate = new Int32Array(IV)
  compress(midstate, prefix, 0)
  return { name, midstate }
}

const state = new Int32Array(8)
const pair = new Uint8Array(64)

/** H_tag(a ‖ b) for two 32-byte digests: two compressions, the second on a precomputed schedule */
export const taggedHashPair = (tag: Tag, a: Uint8Array, b: Uint8Array): Uint8Array => {
  assert(a.length === 32 && b.length === 32, "taggedHashPair takes two 32-byte digests")
  pair.set(a, 0)
  pair.set(b, 32)
  state.set(tag.midstate)
  compress(state, pair, 0)
  rounds(state, PAD_128)
  return digestOf(state)
}

/** a reusable padded message buffer (grows to the largest message hashed) */
let scratch = new Uint8Array(256)

/** the largest message a tagged hash takes (state values and encoded events are far smaller) */
export const TAGGED_MESSAGE_BYTES_MAX = 1 << 26

/** H_tag(m) for any message */
export const taggedHash = (tag: Tag, m: Uint8Array): Uint8Array => {
  assert(m.length <= TAGGED_MESSAGE_BYTES_MAX, `a tagged hash message is at most ${TAGGED_MESSAGE_BYTES_MAX} bytes`)
  const padded = Math.ceil((m.length + 9) / 64) * 64
  if (scratch.length < padded) scratch = new Uint8Array(Math.max(padded, 2 * scratch.length))
  const buf = scratch
  buf.set(m, 0)
  buf[m.length] = 0x80
  buf.fill(0, m.length + 1, padded)
  const bits = (64 + m.length) * 8
  const hi = Math.floor(bits / 0x1_0000_0000)
  buf[padded - 8] = hi >>> 24
  buf[padded - 7] = (hi >>> 16) & 0xff
  buf[padded - 6] = (hi >>> 8) & 0xff
  buf[padded - 5] = hi & 0xff
  buf[padded - 4] = (bits >>> 24) & 0xff
  buf[padded - 3] = (bits >>> 16) & 0xff
  buf[padded - 2] = (bits >>> 8) & 0xff
  buf[padded - 1] = bits & 0xff
  state.set(tag.midstate)
  for (let off = 0; off < padded; off += 64) compress(state, buf, off)
  return digestOf(state)
}

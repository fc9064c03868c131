/**
 * Tagged SHA-256 (the BIP-340 construction): H_tag(m) = SHA-256(SHA-256(tag) ‖ SHA-256(tag) ‖ m).
 * Each use of a hash in the authenticated structures (state leaf, state node, value, key path,
 * events leaf, …) has its own tag, so a digest of one kind can never be read as another.
 *
 * Speed: the 64-byte prefix is one SHA-256 block, so its compression (the "midstate") is computed
 * once per tag; a hash then costs only the compressions of m and its padding. The two-child node
 * and the leaf hash 64 bytes (two 32-byte digests): the padding block of a 128-byte message is a
 * constant, so its message schedule is precomputed too. Built on the engine's one SHA-256 (crypto/sha256.ts), checked
 * against @noble/hashes in engine/test/tagged-hash.test.ts and measured against it in bench/tree.ts.
 */
import { assert } from "../assert.ts"
import { utf8 } from "../codec/bytes.ts"
import { SHA256_IV, compressBlock, digestOf, expandSchedule, finishInto, runRounds, sha256 } from "./sha256.ts"

/** the padding block of a 128-byte message (tag prefix + 64 bytes), schedule expanded once */
const PAD_128 = (() => {
  const w = new Int32Array(64)
  w[0] = 0x80000000 | 0
  w[15] = 128 * 8
  expandSchedule(w)
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
  const midstate = new Int32Array(SHA256_IV)
  compressBlock(midstate, prefix, 0)
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
  compressBlock(state, pair, 0)
  runRounds(state, PAD_128)
  return digestOf(state)
}

/** the largest message a tagged hash takes (state values and encoded events are far smaller) */
export const TAGGED_MESSAGE_BYTES_MAX = 1 << 26

const TOO_LONG = `a tagged hash message is at most ${TAGGED_MESSAGE_BYTES_MAX} bytes`

/** H_tag(m) for any message: resume from the tag's midstate (64 bytes already compressed) */
export const taggedHash = (tag: Tag, m: Uint8Array): Uint8Array => {
  assert(m.length <= TAGGED_MESSAGE_BYTES_MAX, TOO_LONG)
  state.set(tag.midstate)
  finishInto(state, m, m.length, 64)
  return digestOf(state)
}

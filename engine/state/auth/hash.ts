/**
 * The hashes of the authenticated state (tree.ts), each under its own tag (crypto/tagged-hash.ts):
 *   key path   P = H("nullspace/state/key",   varint(len table) ‖ table ‖ key)   (UTF-8)
 *   value      V = H("nullspace/state/value", canonical record bytes)            (state/canonical.ts)
 *   leaf         H("nullspace/state/leaf",  P ‖ V)
 *   node         H("nullspace/state/node",  u8 bit ‖ left ‖ right)
 *   empty tree   H("nullspace/state/empty", "")
 * The node commits to the bit it splits on, so the tree needs no one-child levels (tree.ts).
 * A verifier in another language needs only these five lines and SHA-256.
 */
import { utf8 } from "../../codec/bytes.ts"
import { makeTag, taggedHash, taggedHashPair } from "../../crypto/tagged-hash.ts"

const KEY = makeTag("nullspace/state/key")
const VALUE = makeTag("nullspace/state/value")
const LEAF = makeTag("nullspace/state/leaf")
const NODE = makeTag("nullspace/state/node")
const EMPTY_TAG = makeTag("nullspace/state/empty")

export const DIGEST_BYTES = 32
/** key paths are 256 bits: a node splits on a bit 0..255 (bit 0 = the high bit of byte 0) */
export const PATH_BITS = 256

export const EMPTY_ROOT: Uint8Array = taggedHash(EMPTY_TAG, new Uint8Array(0))

const varintBytes = (n: number): number[] => {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80)
    n >>>= 7
  }
  out.push(n)
  return out
}

/** the 256-bit path of (table, key) */
const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false
  return true
}

let asciiMessage = new Uint8Array(256)

export const keyPath = (table: string, key: string): Uint8Array => {
  if (table.length < 0x80 && isAscii(table) && isAscii(key)) {
    // the common case (hex keys, ASCII table names): the bytes are the char codes, one length byte
    const n = 1 + table.length + key.length
    if (asciiMessage.length < n) asciiMessage = new Uint8Array(2 * n)
    const m = asciiMessage
    m[0] = table.length
    for (let i = 0; i < table.length; i++) m[1 + i] = table.charCodeAt(i)
    for (let i = 0; i < key.length; i++) m[1 + table.length + i] = key.charCodeAt(i)
    return taggedHash(KEY, m.subarray(0, n))
  }
  const t = utf8(table)
  const k = utf8(key)
  const len = varintBytes(t.length)
  const m = new Uint8Array(len.length + t.length + k.length)
  m.set(len, 0)
  m.set(t, len.length)
  m.set(k, len.length + t.length)
  return taggedHash(KEY, m)
}

export const valueHash = (value: Uint8Array): Uint8Array => taggedHash(VALUE, value)

export const leafHash = (path: Uint8Array, value_hash: Uint8Array): Uint8Array => taggedHashPair(LEAF, path, value_hash)

const nodeMessage = new Uint8Array(1 + 2 * DIGEST_BYTES)
export const nodeHash = (bit: number, left: Uint8Array, right: Uint8Array): Uint8Array => {
  nodeMessage[0] = bit
  nodeMessage.set(left, 1)
  nodeMessage.set(right, 1 + DIGEST_BYTES)
  return taggedHash(NODE, nodeMessage)
}

/** bit `i` of a path (0 = the high bit of byte 0) */
export const bitAt = (path: Uint8Array, i: number): number => (path[i >> 3]! >> (7 - (i & 7))) & 1

/** the first bit where two paths differ, or -1 when they are equal */
export const firstDifference = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < DIGEST_BYTES; i++) {
    const x = a[i]! ^ b[i]!
    if (x !== 0) return i * 8 + Math.clz32(x) - 24
  }
  return -1
}

/**
 * A self-describing value codec, for the one wire field whose type is open: a game's own state
 * in its schema's encoded form (GameSession.state, carried by GameCompleted). One tag byte, then:
 *   0x01 null   0x02 false   0x03 true
 *   0x06 safe integer ≥ 0: varint(v)          0x07 safe integer < 0: varint(−v − 1)
 *   0x08 other number: IEEE-754 float64 big-endian (NaN as 0x7ff8000000000000; never a safe integer)
 *   0x09 string: varint(UTF-8 length ≤ 64 KiB) + UTF-8
 *   0x0a array: varint(count ≤ 4,096) + items
 *   0x0b plain object: varint(count ≤ 4,096) + (key as a 0x09 body, value) with keys strictly
 *        ascending (JS string order); keys whose value is undefined are left out
 *   0x0c byte string: varint(length ≤ 64 KiB) + bytes      0x04 / 0x05 bigint (as 0x06 / 0x07, u64 range)
 * (the tags of state/canonical.ts, from one table: value-tags.ts). Nesting is at most 32 deep. Encoding −0 writes 0. Decoding is
 * exact: a non-canonical form (unsorted or repeated keys, a float that is a safe integer, an
 * over-long varint) is a DecodeFailure.
 */
import { Schema } from "effect"
import { U64_MAX, decodeFailure, utf8, type ByteReader, type ByteWriter } from "./bytes.ts"
import { makeCodec, type Codec } from "./codec.ts"
import { VALUE_TAG, isPlainObject } from "./value-tags.ts"

export const VALUE_DEPTH_MAX = 32
export const VALUE_ITEMS_MAX = 4096
export const VALUE_BYTES_MAX = 65_536

const T_NULL = VALUE_TAG.null
const T_FALSE = VALUE_TAG.false
const T_TRUE = VALUE_TAG.true
const T_BIG = VALUE_TAG.bigint
const T_BIG_NEG = VALUE_TAG.bigint_neg
const T_INT = VALUE_TAG.int
const T_INT_NEG = VALUE_TAG.int_neg
const T_FLOAT = VALUE_TAG.float
const T_STRING = VALUE_TAG.string
const T_ARRAY = VALUE_TAG.array
const T_OBJECT = VALUE_TAG.object
const T_BYTES = VALUE_TAG.bytes

const LONE_SURROGATE = /\p{Cs}/u

/** a value this codec writes (and reads back equal) */
const isValue = (v: unknown, depth: number): boolean => {
  if (depth > VALUE_DEPTH_MAX) return false
  switch (typeof v) {
    case "boolean":
    case "number":
      return true
    case "bigint":
      return v >= -U64_MAX - 1n && v <= U64_MAX
    case "string":
      return !LONE_SURROGATE.test(v) && utf8(v).length <= VALUE_BYTES_MAX
    case "object":
      if (v === null) return true
      if (v instanceof Uint8Array) return v.length <= VALUE_BYTES_MAX
      if (Array.isArray(v)) return v.length <= VALUE_ITEMS_MAX && v.every((x) => isValue(x, depth + 1))
      if (!isPlainObject(v)) return false
      {
        const keys = Object.keys(v).filter((k) => v[k] !== undefined)
        return keys.length <= VALUE_ITEMS_MAX && keys.every((k) => isValue(k, depth + 1) && isValue(v[k], depth + 1))
      }
    default:
      return false
  }
}

const writeString = (w: ByteWriter, s: string): void => {
  const b = utf8(s)
  if (b.length > VALUE_BYTES_MAX) throw new RangeError(`a string of ${b.length} bytes exceeds ${VALUE_BYTES_MAX}`)
  w.bytes(b)
}

const float = new DataView(new ArrayBuffer(8))

const writeValue = (w: ByteWriter, v: unknown, depth: number): void => {
  if (depth > VALUE_DEPTH_MAX) throw new RangeError(`a value nested deeper than ${VALUE_DEPTH_MAX}`)
  switch (typeof v) {
    case "boolean":
      w.u8(v ? T_TRUE : T_FALSE)
      return
    case "number":
      if (Number.isSafeInteger(v)) {
        if (v >= 0) w.u8(T_INT).varint(v)
        else w.u8(T_INT_NEG).varint(-v - 1)
        return
      }
      float.setFloat64(0, Number.isNaN(v) ? Number.NaN : v, false)
      w.u8(T_FLOAT).raw(new Uint8Array(float.buffer.slice(0)))
      return
    case "bigint":
      if (v >= 0n) w.u8(T_BIG).varint(v)
      else w.u8(T_BIG_NEG).varint(-v - 1n)
      return
    case "string":
      w.u8(T_STRING)
      writeString(w, v)
      return
    case "object": {
      if (v === null) {
        w.u8(T_NULL)
        return
      }
      if (v instanceof Uint8Array) {
        if (v.length > VALUE_BYTES_MAX) throw new RangeError(`${v.length} bytes exceed ${VALUE_BYTES_MAX}`)
        w.u8(T_BYTES).bytes(v)
        return
      }
      if (Array.isArray(v)) {
        if (v.length > VALUE_ITEMS_MAX) throw new RangeError(`${v.length} items exceed ${VALUE_ITEMS_MAX}`)
        w.u8(T_ARRAY).varint(v.length)
        for (const x of v) writeValue(w, x, depth + 1)
        return
      }
      if (isPlainObject(v)) {
        const keys = Object.keys(v)
          .filter((k) => v[k] !== undefined)
          .sort()
        if (keys.length > VALUE_ITEMS_MAX) throw new RangeError(`${keys.length} keys exceed ${VALUE_ITEMS_MAX}`)
        w.u8(T_OBJECT).varint(keys.length)
        for (const k of keys) {
          writeString(w, k)
          writeValue(w, v[k], depth + 1)
        }
        return
      }
      break
    }
    default:
      break
  }
  throw new RangeError(`a ${typeof v} is not a wire value`)
}

const readString = (r: ByteReader): string => {
  const at = r.offset
  const raw = r.bytes(VALUE_BYTES_MAX)
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw)
  } catch {
    throw decodeFailure("invalid UTF-8", at)
  }
}

const readValue = (r: ByteReader, depth: number): unknown => {
  const at = r.offset
  if (depth > VALUE_DEPTH_MAX) throw decodeFailure(`a value nested deeper than ${VALUE_DEPTH_MAX}`, at)
  const tag = r.u8()
  switch (tag) {
    case T_NULL:
      return null
    case T_FALSE:
      return false
    case T_TRUE:
      return true
    case T_INT:
    case T_INT_NEG: {
      const n = r.varint()
      if (n > BigInt(Number.MAX_SAFE_INTEGER) || (tag === T_INT_NEG && n > BigInt(Number.MAX_SAFE_INTEGER) - 1n))
        throw decodeFailure("integer outside the safe range", at)
      return tag === T_INT ? Number(n) : -Number(n) - 1
    }
    case T_BIG:
      return r.varint()
    case T_BIG_NEG:
      return -r.varint() - 1n
    case T_FLOAT: {
      const b = r.raw(8)
      const v = new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, false)
      if (Number.isSafeInteger(v) || Object.is(v, -0)) throw decodeFailure("a float that is an integer", at)
      if (Number.isNaN(v) && !(b[0] === 0x7f && b[1] === 0xf8 && b.subarray(2).every((x) => x === 0))) throw decodeFailure("a non-canonical NaN", at)
      return v
    }
    case T_STRING:
      return readString(r)
    case T_BYTES:
      return r.bytes(VALUE_BYTES_MAX)
    case T_ARRAY: {
      const n = r.length(VALUE_ITEMS_MAX)
      const out: unknown[] = []
      for (let i = 0; i < n; i++) out.push(readValue(r, depth + 1))
      return out
    }
    case T_OBJECT: {
      const n = r.length(VALUE_ITEMS_MAX)
      const out: Record<string, unknown> = {}
      let last: string | null = null
      for (let i = 0; i < n; i++) {
        const kat = r.offset
        const k = readString(r)
        if (last !== null && !(k > last)) throw decodeFailure("object keys not strictly ascending", kat)
        last = k
        // defineProperty: a "__proto__" key is an own field, never the prototype
        Object.defineProperty(out, k, { value: readValue(r, depth + 1), enumerable: true, writable: true, configurable: true })
      }
      return out
    }
    default:
      throw decodeFailure(`unknown value tag ${tag}`, at)
  }
}

/** the open value (arbitraries: JSON-like trees of integers, strings, booleans and null) */
export const WIRE_VALUE: Codec<unknown> = makeCodec({
  name: "value",
  domain: Schema.Unknown.pipe(
    Schema.filter((u) => isValue(u, 0)),
    Schema.annotations({
      arbitrary: () => (fc) =>
        fc.letrec((tie) => ({
          leaf: fc.oneof(fc.constant(null), fc.boolean(), fc.maxSafeInteger(), fc.string({ maxLength: 8 })),
          node: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie("node"), { maxKeys: 4 }))
        })).node
    })
  ),
  is: (u): u is unknown => isValue(u, 0),
  write: (w, v) => writeValue(w, v, 0),
  read: (r) => readValue(r, 0)
})

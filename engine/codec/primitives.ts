/**
 * The leaf codecs of chain-and-services.md §0: fixed-width big-endian integers, LEB128 varints,
 * one-byte booleans, bounded byte vectors (varint or u32 length), the casino string (u32 length,
 * UTF-8, bounded), fixed-size keys and digests carried as lowercase hex, `Option<T>` (a bool byte,
 * then T), bounded vectors (a varint or u8 count, then the items) and one-byte enumerations. Every
 * length and count is checked against its limit before anything is read.
 */
import { Schema, type SchemaAST } from "effect"
import { U64_MAX, U32_MAX, decodeFailure, fromHex, toHex, utf8, type ByteReader, type ByteWriter } from "./bytes.ts"
import { makeCodec, type Codec } from "./codec.ts"

/**
 * Arbitraries of long strings, byte vectors and lists stay small (every truncation of a value is
 * decoded, so property cost grows with the square of the encoded size); short ones span their
 * whole range.
 */
const LONG = 256
const sizeFor = (max: number): "small" | "max" => (max > LONG ? "small" : "max")

const isInt = (u: unknown, max: number): u is number => typeof u === "number" && Number.isInteger(u) && u >= 0 && u <= max
const isBigIntIn = (u: unknown, min: bigint, max: bigint): u is bigint => typeof u === "bigint" && u >= min && u <= max

const intDomain = (max: number) => Schema.Int.pipe(Schema.between(0, max))
const bigDomain = (min: bigint, max: bigint) => Schema.BigIntFromSelf.pipe(Schema.betweenBigInt(min, max))

const uint = (name: string, max: number, write: (w: ByteWriter, a: number) => void, read: (r: ByteReader) => number): Codec<number> =>
  makeCodec({ name, domain: intDomain(max), is: (u): u is number => isInt(u, max), write, read })

const bigUint = (name: string, write: (w: ByteWriter, a: bigint) => void, read: (r: ByteReader) => bigint): Codec<bigint> =>
  makeCodec({ name, domain: bigDomain(0n, U64_MAX), is: (u): u is bigint => isBigIntIn(u, 0n, U64_MAX), write, read })

export const u8 = uint("u8", 0xff, (w, a) => void w.u8(a), (r) => r.u8())
export const u16 = uint("u16", 0xffff, (w, a) => void w.u16(a), (r) => r.u16())
export const u32 = uint("u32", U32_MAX, (w, a) => void w.u32(a), (r) => r.u32())
export const u64 = bigUint("u64", (w, a) => void w.u64(a), (r) => r.u64())
/** unsigned LEB128, canonical, at most u64 */
export const varint = bigUint("varint", (w, a) => void w.varint(a), (r) => r.varint())

const U128_MAX = (1n << 128n) - 1n
const I128_MIN = -(1n << 127n)
const I128_MAX = (1n << 127n) - 1n

/** 16 bytes big-endian */
export const u128: Codec<bigint> = makeCodec({
  name: "u128",
  domain: bigDomain(0n, U128_MAX),
  is: (u): u is bigint => isBigIntIn(u, 0n, U128_MAX),
  write: (w, a) => {
    if (!isBigIntIn(a, 0n, U128_MAX)) throw new RangeError(`u128 out of range: ${a}`)
    w.u64(a >> 64n).u64(a & U64_MAX)
  },
  read: (r) => (r.u64() << 64n) | r.u64()
})

/** 16 bytes big-endian two's complement */
export const i128: Codec<bigint> = makeCodec({
  name: "i128",
  domain: bigDomain(I128_MIN, I128_MAX),
  is: (u): u is bigint => isBigIntIn(u, I128_MIN, I128_MAX),
  write: (w, a) => {
    if (!isBigIntIn(a, I128_MIN, I128_MAX)) throw new RangeError(`i128 out of range: ${a}`)
    const bits = a < 0n ? a + (1n << 128n) : a
    w.u64(bits >> 64n).u64(bits & U64_MAX)
  },
  read: (r) => {
    const bits = (r.u64() << 64n) | r.u64()
    return bits > I128_MAX ? bits - (1n << 128n) : bits
  }
})

export const bool: Codec<boolean> = makeCodec({
  name: "bool",
  domain: Schema.Boolean,
  is: (u): u is boolean => typeof u === "boolean",
  write: (w, a) => void w.bool(a),
  read: (r) => r.bool()
})

const bytesDomain = (max_bytes: number) =>
  Schema.Uint8ArrayFromSelf.pipe(
    Schema.filter((b) => b.length <= max_bytes),
    Schema.annotations({ arbitrary: () => (fc) => fc.uint8Array({ maxLength: max_bytes, size: sizeFor(max_bytes) }) })
  )
const isBytes = (u: unknown, max_bytes: number): u is Uint8Array => u instanceof Uint8Array && u.length <= max_bytes

/** a byte vector: varint length ≤ max_bytes, then the bytes */
export const bytes = (max_bytes: number): Codec<Uint8Array> =>
  makeCodec({
    name: `bytes ≤ ${max_bytes}`,
    domain: bytesDomain(max_bytes),
    is: (u): u is Uint8Array => isBytes(u, max_bytes),
    write: (w, a) => {
      if (a.length > max_bytes) throw new RangeError(`${a.length} bytes exceed ${max_bytes}`)
      w.bytes(a)
    },
    read: (r) => r.bytes(max_bytes)
  })

/** a byte vector with a u32 big-endian length ≤ max_bytes (the game-move payload) */
export const bytesU32 = (max_bytes: number): Codec<Uint8Array> =>
  makeCodec({
    name: `u32-length bytes ≤ ${max_bytes}`,
    domain: bytesDomain(max_bytes),
    is: (u): u is Uint8Array => isBytes(u, max_bytes),
    write: (w, a) => {
      if (a.length > max_bytes) throw new RangeError(`${a.length} bytes exceed ${max_bytes}`)
      w.u32(a.length).raw(a)
    },
    read: (r) => {
      const at = r.offset
      const n = r.u32()
      if (n > max_bytes) throw decodeFailure(`${n} bytes exceed ${max_bytes}`, at)
      return r.raw(n)
    }
  })

/** a lone surrogate has no UTF-8 form (with the u flag, paired surrogates are one code point) */
const LONE_SURROGATE = /\p{Cs}/u
const fitsString = (s: string, max_bytes: number): boolean => !LONE_SURROGATE.test(s) && utf8(s).length <= max_bytes

/** u32 big-endian byte length ≤ max_bytes, then well-formed UTF-8 */
export const casinoString = (max_bytes: number): Codec<string> =>
  makeCodec({
    name: `string ≤ ${max_bytes} bytes`,
    domain: Schema.String.pipe(
      Schema.filter((s) => fitsString(s, max_bytes)),
      Schema.annotations({
        arbitrary: () => (fc) => fc.string({ unit: "binary", maxLength: max_bytes, size: sizeFor(max_bytes) }).filter((s) => fitsString(s, max_bytes))
      })
    ),
    is: (u): u is string => typeof u === "string" && fitsString(u, max_bytes),
    write: (w, a) => {
      if (!fitsString(a, max_bytes)) throw new RangeError(`a string of at most ${max_bytes} well-formed UTF-8 bytes is required`)
      w.casinoString(a)
    },
    read: (r) => r.casinoString(max_bytes)
  })

/**
 * `size` raw bytes carried as lowercase hex (a public key, signature or digest); `schema` is the
 * hex string's branded schema.
 */
export const hexFixed = <A extends string, I>(size: number, schema: Schema.Schema<A, I, never>): Codec<A> => {
  const pattern = new RegExp(`^[0-9a-f]{${2 * size}}$`)
  const matches = Schema.is(schema)
  if (!matches("00".repeat(size)) || matches("00".repeat(size + 1))) throw new TypeError(`hexFixed: the schema must be ${size}-byte lowercase hex`)
  /** the schema is exactly the pattern (checked above on both sides of the size) */
  const is = (u: unknown): u is A => typeof u === "string" && pattern.test(u)
  return makeCodec({
    name: `${size} bytes`,
    domain: Schema.typeSchema(schema),
    is,
    write: (w, a) => {
      const raw = fromHex(a)
      if (raw.length !== size) throw new RangeError(`${size} bytes required, got ${raw.length}`)
      w.raw(raw)
    },
    read: (r) => {
      const at = r.offset
      const hex = toHex(r.raw(size))
      if (!is(hex)) throw decodeFailure(`not ${size} bytes of hex`, at)
      return hex
    }
  })
}

const isHexOf = (u: unknown, max_bytes: number): u is string =>
  typeof u === "string" && u.length % 2 === 0 && u.length <= 2 * max_bytes && /^[0-9a-f]*$/.test(u)

/** a varint-length byte vector ≤ max_bytes carried as lowercase hex */
export const hexBytes = (max_bytes: number): Codec<string> =>
  makeCodec({
    name: `hex bytes ≤ ${max_bytes}`,
    domain: Schema.String.pipe(
      Schema.filter((s) => isHexOf(s, max_bytes)),
      Schema.annotations({ arbitrary: () => (fc) => fc.uint8Array({ maxLength: max_bytes, size: sizeFor(max_bytes) }).map(toHex) })
    ),
    is: (u): u is string => isHexOf(u, max_bytes),
    write: (w, a) => {
      const raw = fromHex(a)
      if (raw.length > max_bytes) throw new RangeError(`${raw.length} bytes exceed ${max_bytes}`)
      w.bytes(raw)
    },
    read: (r) => toHex(r.bytes(max_bytes))
  })

/** `Option<T>`: a bool byte, then T when it is 1; null in memory when absent */
export const option = <A>(item: Codec<A>): Codec<A | null> =>
  makeCodec({
    name: `option of ${item.name}`,
    domain: Schema.NullOr(item.domain),
    is: (u): u is A | null => u === null || item.is(u),
    write: (w, a) => {
      w.bool(a !== null)
      if (a !== null) item.write(w, a)
    },
    read: (r) => (r.bool() ? item.read(r) : null)
  })

export interface VecLimits {
  /** the count's encoding: a varint (§0 collections) or one byte (the games' bet batches) */
  readonly count: "varint" | "u8"
  readonly min: number
  readonly max: number
}

/** a count within [min, max], then that many items */
export const vec = <A>(item: Codec<A>, limits: VecLimits): Codec<ReadonlyArray<A>> => {
  if (!(Number.isInteger(limits.min) && limits.min >= 0 && limits.min <= limits.max)) throw new RangeError("vec limits: 0 ≤ min ≤ max")
  if (limits.count === "u8" && limits.max > 0xff) throw new RangeError("a u8 count holds at most 255")
  return makeCodec({
    name: `${limits.min}..${limits.max} × ${item.name}`,
    // minItems/maxItems (not a filter with an Arbitrary annotation): Arbitrary.make honours them, and
    // no value import of effect's Arbitrary (which bundles fast-check) reaches engine code
    domain:
      limits.min === 0
        ? Schema.Array(item.domain).pipe(Schema.maxItems(limits.max))
        : Schema.Array(item.domain).pipe(Schema.minItems(limits.min), Schema.maxItems(limits.max)),
    is: (u): u is ReadonlyArray<A> => Array.isArray(u) && u.length >= limits.min && u.length <= limits.max && u.every((x) => item.is(x)),
    write: (w, a) => {
      if (a.length < limits.min || a.length > limits.max) throw new RangeError(`${a.length} items outside ${limits.min}..${limits.max}`)
      if (limits.count === "u8") w.u8(a.length)
      else w.varint(a.length)
      for (const x of a) item.write(w, x)
    },
    read: (r) => {
      const at = r.offset
      const n = limits.count === "u8" ? r.u8() : r.length(limits.max)
      if (n < limits.min || n > limits.max) throw decodeFailure(`a list holds ${limits.min} to ${limits.max} items, got ${n}`, at)
      const out: A[] = []
      for (let i = 0; i < n; i++) out.push(item.read(r))
      return out
    }
  })
}

/** one byte naming one of `values`: `codes[i]` is the byte of `values[i]` (default: the index) */
export const enumU8 = <const V extends SchemaAST.LiteralValue>(
  name: string,
  values: ReadonlyArray<V>,
  codes: ReadonlyArray<number> = values.map((_, i) => i)
): Codec<V> => {
  if (values.length === 0 || codes.length !== values.length) throw new RangeError(`${name}: one code per value`)
  if (new Set(codes).size !== codes.length || !codes.every((c) => isInt(c, 0xff))) throw new RangeError(`${name}: distinct byte codes`)
  const is = (u: unknown): u is V => values.some((v) => v === u)
  return makeCodec({
    name,
    domain: Schema.Union(...values.map((v) => Schema.Literal(v))),
    is,
    write: (w, a) => {
      const i = values.indexOf(a)
      const code = codes[i]
      if (code === undefined) throw new RangeError(`${name}: no code for ${String(a)}`)
      w.u8(code)
    },
    read: (r) => {
      const at = r.offset
      const code = r.u8()
      const v = values[codes.indexOf(code)]
      if (v === undefined) throw decodeFailure(`unknown ${name} ${code}`, at)
      return v
    }
  })
}

/** a byte in [0, max]: a small code such as a game type or a treasury bucket */
export const u8Upto = (name: string, max: number): Codec<number> => {
  if (!isInt(max, 0xff)) throw new RangeError(`${name}: max must be a byte`)
  return makeCodec({
    name,
    domain: intDomain(max),
    is: (u): u is number => isInt(u, max),
    write: (w, a) => void w.u8(a),
    read: (r) => {
      const at = r.offset
      const v = r.u8()
      if (v > max) throw decodeFailure(`unknown ${name} ${v}`, at)
      return v
    }
  })
}

export interface FlagBit {
  /** the bit's mask in the byte */
  readonly mask: number
  /** the flag's value when the bit is set (default true; false for an "off" bit) */
  readonly whenSet?: boolean
}

/**
 * A byte of flag bits decoded to a struct of booleans (`schema`); bits outside the table must be 0.
 */
export const bitFlags = <A extends object, I>(
  name: string,
  schema: Schema.Schema<A, I, never>,
  bits: Readonly<Record<string, FlagBit>>
): Codec<A> => {
  const entries = Object.entries(bits)
  const known = entries.reduce((m, [, b]) => m | b.mask, 0)
  if (!isInt(known, 0xff)) throw new RangeError(`${name}: masks must fit a byte`)
  const is = Schema.is(schema)
  return makeCodec({
    name,
    domain: Schema.typeSchema(schema),
    is,
    write: (w, a) => {
      let byte = 0
      for (const [k, b] of entries) if (Reflect.get(a, k) === (b.whenSet ?? true)) byte |= b.mask
      w.u8(byte)
    },
    read: (r) => {
      const at = r.offset
      const byte = r.u8()
      if ((byte & ~known) !== 0) throw decodeFailure(`unknown ${name} bits ${byte}`, at)
      const out: Record<string, unknown> = {}
      for (const [k, b] of entries) out[k] = ((byte & b.mask) !== 0) === (b.whenSet ?? true)
      if (!is(out)) throw decodeFailure(`${name} violates its schema`, at)
      return out
    }
  })
}

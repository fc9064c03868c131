/**
 * Canonical binary encoding (chain-and-services.md §0): fixed-width big-endian integers,
 * unsigned LEB128 varints for lengths, one-byte booleans, length-prefixed byte strings.
 * Decoding never allocates from an unchecked length and never accepts trailing bytes
 * when `finish()` is called.
 */

import { Schema } from "effect"

export const U64_MAX = (1n << 64n) - 1n
export const U32_MAX = 0xffff_ffff

/** Bytes that are not the canonical encoding of a value: why, and at which byte. Code 117. */
export class DecodeFailure extends Schema.TaggedError<DecodeFailure>()("DecodeFailure", {
  reason: Schema.String,
  offset: Schema.Number
}) {
  readonly code = 117
  override get message(): string {
    return `${this.reason} at byte ${this.offset}`
  }
}

/** a DecodeFailure (its two fields are typed here, so the Schema check of the constructor is skipped) */
export const decodeFailure = (reason: string, offset: number): DecodeFailure => new DecodeFailure({ reason, offset }, { disableValidation: true })

const textEncoder = new TextEncoder()
const textDecoder = new TextDecoder("utf-8", { fatal: true })

/** strings up to this length that are all ASCII are encoded by a plain loop (no native call) */
const UTF8_ASCII_FAST_CHARS_MAX = 128

/**
 * UTF-8 bytes of `s`. Short ASCII strings (keys, hex, tags: the hot path, encoded per state key
 * and per event field) skip TextEncoder's native call; their bytes are the char codes, so the
 * result is identical; anything else goes to TextEncoder.
 */
export const utf8 = (s: string): Uint8Array => {
  const n = s.length
  if (n > UTF8_ASCII_FAST_CHARS_MAX) return textEncoder.encode(s)
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) return textEncoder.encode(s)
    out[i] = c
  }
  return out
}

export class ByteWriter {
  private buf: Uint8Array
  private len = 0
  constructor(capacity_bytes = 64) {
    this.buf = new Uint8Array(capacity_bytes)
  }
  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.len + extra) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
  }
  u8(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`u8 out of range: ${v}`)
    this.ensure(1)
    this.buf[this.len++] = v
    return this
  }
  u16(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RangeError(`u16 out of range: ${v}`)
    this.ensure(2)
    this.buf[this.len++] = v >>> 8
    this.buf[this.len++] = v & 0xff
    return this
  }
  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > U32_MAX) throw new RangeError(`u32 out of range: ${v}`)
    this.ensure(4)
    this.buf[this.len++] = (v >>> 24) & 0xff
    this.buf[this.len++] = (v >>> 16) & 0xff
    this.buf[this.len++] = (v >>> 8) & 0xff
    this.buf[this.len++] = v & 0xff
    return this
  }
  u64(v: bigint): this {
    if (v < 0n || v > U64_MAX) throw new RangeError(`u64 out of range: ${v}`)
    this.ensure(8)
    const small = v <= 0xffff_ffffn
    const hi = small ? 0 : Number(v >> 32n)
    const lo = small ? Number(v) : Number(v & 0xffff_ffffn)
    this.u32(hi)
    this.u32(lo)
    return this
  }
  varint(v: number | bigint): this {
    // fast path: a small non-negative safe integer (lengths, counts) without BigInt arithmetic
    if (typeof v === "number" ? Number.isInteger(v) && v >= 0 && v <= 0x7fff_ffff : v >= 0n && v <= 0x7fff_ffffn) {
      let n = Number(v)
      this.ensure(5)
      while (n >= 0x80) {
        this.buf[this.len++] = (n & 0x7f) | 0x80
        n >>>= 7
      }
      this.buf[this.len++] = n
      return this
    }
    let x = BigInt(v)
    if (x < 0n || x > U64_MAX) throw new RangeError(`varint out of range: ${v}`)
    do {
      let byte = Number(x & 0x7fn)
      x >>= 7n
      if (x > 0n) byte |= 0x80
      this.u8(byte)
    } while (x > 0n)
    return this
  }
  bool(v: boolean): this {
    return this.u8(v ? 1 : 0)
  }
  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length)
    this.buf.set(bytes, this.len)
    this.len += bytes.length
    return this
  }
  /** varint length, then the bytes */
  bytes(bytes: Uint8Array): this {
    return this.varint(bytes.length).raw(bytes)
  }
  /** u32 big-endian byte length, then UTF-8 (the casino-style string) */
  casinoString(s: string): this {
    const n = s.length
    let ascii = true
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) >= 0x80) {
        ascii = false
        break
      }
    }
    if (!ascii) {
      const b = utf8(s)
      return this.u32(b.length).raw(b)
    }
    // ASCII: the UTF-8 bytes are the char codes
    this.u32(n)
    this.ensure(n)
    for (let i = 0; i < n; i++) this.buf[this.len++] = s.charCodeAt(i)
    return this
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.len)
  }
  /** the bytes written so far, without a copy: valid until the next write or reset (hash them at once) */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len)
  }
  /** start over empty, keeping the buffer (after `finish`) */
  reset(): this {
    this.len = 0
    return this
  }
}

export class ByteReader {
  private pos = 0
  constructor(private readonly buf: Uint8Array) {}
  get offset(): number {
    return this.pos
  }
  get remaining(): number {
    return this.buf.length - this.pos
  }
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw decodeFailure(`need ${n} more bytes`, this.pos)
  }
  u8(): number {
    this.need(1)
    return this.buf[this.pos++]!
  }
  u16(): number {
    this.need(2)
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!
    this.pos += 2
    return v
  }
  u32(): number {
    this.need(4)
    const b = this.buf
    const p = this.pos
    this.pos += 4
    return ((b[p]! << 24) >>> 0) + (b[p + 1]! << 16) + (b[p + 2]! << 8) + b[p + 3]!
  }
  u64(): bigint {
    const hi = BigInt(this.u32())
    const lo = BigInt(this.u32())
    return (hi << 32n) | lo
  }
  varint(): bigint {
    let result = 0n
    let shift = 0n
    for (let i = 0; i < 10; i++) {
      const byte = this.u8()
      result |= BigInt(byte & 0x7f) << shift
      if ((byte & 0x80) === 0) {
        if (result > U64_MAX) throw decodeFailure("varint exceeds u64", this.pos)
        if (i > 0 && byte === 0) throw decodeFailure("non-canonical varint", this.pos)
        return result
      }
      shift += 7n
    }
    throw decodeFailure("varint too long", this.pos)
  }
  /** a varint that must fit the given bound (a length or a count) */
  length(max: number): number {
    const v = this.varint()
    if (v > BigInt(max)) throw decodeFailure(`length ${v} exceeds limit ${max}`, this.pos)
    return Number(v)
  }
  bool(): boolean {
    const v = this.u8()
    if (v > 1) throw decodeFailure(`invalid bool byte ${v}`, this.pos - 1)
    return v === 1
  }
  raw(n: number): Uint8Array {
    this.need(n)
    const out = this.buf.slice(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  bytes(max: number): Uint8Array {
    return this.raw(this.length(max))
  }
  casinoString(max_bytes: number): string {
    const n = this.u32()
    if (n > max_bytes) throw decodeFailure(`string of ${n} bytes exceeds ${max_bytes}`, this.pos)
    const raw = this.raw(n)
    try {
      return textDecoder.decode(raw)
    } catch {
      throw decodeFailure("invalid UTF-8", this.pos - n)
    }
  }
  rest(): Uint8Array {
    return this.raw(this.remaining)
  }
  /** decode exactly: fail on trailing bytes */
  end(): void {
    if (this.pos !== this.buf.length) throw decodeFailure(`${this.buf.length - this.pos} trailing bytes`, this.pos)
  }
}

export const concatBytes = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** the char codes of "0123456789abcdef" */
const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0))
/** bytes per String.fromCharCode call (2 arguments per byte, far below any engine's argument limit) */
const HEX_CHUNK_BYTES = 4096
/** reusable char-code buffer (toHex never re-enters) */
const hexCodes: number[] = []

/**
 * Lowercase hex. Built as one flat string per chunk from char codes (not by `+=` per byte, which
 * allocates a string piece per digit pair: a measured hot spot, tx ids and roots are hexed per tx).
 */
const hexChunk = (bytes: Uint8Array, start: number, end: number): string => {
  hexCodes.length = 2 * (end - start)
  for (let i = start, j = 0; i < end; i++, j += 2) {
    const b = bytes[i]!
    hexCodes[j] = HEX_CODES[b >> 4]!
    hexCodes[j + 1] = HEX_CODES[b & 15]!
  }
  return String.fromCharCode.apply(null, hexCodes)
}

export const toHex = (bytes: Uint8Array): string => {
  if (bytes.length <= HEX_CHUNK_BYTES) return hexChunk(bytes, 0, bytes.length)
  const parts: string[] = []
  for (let start = 0; start < bytes.length; start += HEX_CHUNK_BYTES) parts.push(hexChunk(bytes, start, Math.min(bytes.length, start + HEX_CHUNK_BYTES)))
  return parts.join("")
}

/** hex digit value by char code (−1: not a hex digit) */
const HEX_VALUE = (() => {
  const t = new Int8Array(128).fill(-1)
  for (let i = 0; i < 10; i++) t[48 + i] = i
  for (let i = 0; i < 6; i++) {
    t[97 + i] = 10 + i
    t[65 + i] = 10 + i
  }
  return t
})()

export const fromHex = (hex: string): Uint8Array => {
  const start = hex.startsWith("0x") || hex.startsWith("0X") ? 2 : 0
  const n = hex.length - start
  if (n % 2 !== 0) throw decodeFailure("invalid hex", 0)
  const out = new Uint8Array(n / 2)
  for (let i = 0; i < out.length; i++) {
    const a = hex.charCodeAt(start + 2 * i)
    const b = hex.charCodeAt(start + 2 * i + 1)
    const hi = a < 128 ? HEX_VALUE[a]! : -1
    const lo = b < 128 ? HEX_VALUE[b]! : -1
    if (hi < 0 || lo < 0) throw decodeFailure("invalid hex", 0)
    out[i] = (hi << 4) | lo
  }
  return out
}

export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

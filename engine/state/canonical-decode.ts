/**
 * Reading canonical record bytes (canonical.ts) back into the record: the inverse of
 * `recordEncoder` for one table schema, used to restore a state snapshot (chain/snapshot.ts).
 * It reads the same encoding — struct fields in ascending name order without names, optional
 * fields behind a 0x00/0x01 marker, every other value self-describing with the tags of
 * value-tags.ts — and introduces no format of its own.
 *
 * The reader is strict about framing (lengths within the input, tags known, UTF-8 valid, object
 * keys strictly ascending, varints minimal, nesting at most 64 deep) and throws DecodeFailure
 * otherwise. It does not judge the record: callers check the value against the table's schema
 * and that re-encoding it gives back exactly the bytes read (snapshot.ts does both), which makes
 * every accepted input the canonical form of a valid record.
 */
import { Schema, SchemaAST as AST } from "effect"
import { decodeFailure } from "../codec/bytes.ts"
import { VALUE_TAG } from "../codec/value-tags.ts"

/** nesting bound of a state value (canonical.ts writes no deeper) */
const DEPTH_MAX = 64

const textDecoder = new TextDecoder("utf-8", { fatal: true })

/** A cursor over one record's canonical bytes. */
export class CanonicalReader {
  private pos = 0
  constructor(private readonly buf: Uint8Array) {}

  get offset(): number {
    return this.pos
  }
  get remaining(): number {
    return this.buf.length - this.pos
  }
  private need(n: number): void {
    if (n > this.buf.length - this.pos) throw decodeFailure(`need ${n} more bytes`, this.pos)
  }
  byte(): number {
    this.need(1)
    return this.buf[this.pos++]!
  }
  /** unsigned LEB128, minimal (no trailing 0x00 group), of any size */
  varbig(): bigint {
    const at = this.pos
    let result = 0n
    let shift = 0n
    // a group per 7 bits, each one byte of the input: its length bounds the loop
    for (let i = 0; i <= this.buf.length; i++) {
      const b = this.byte()
      result |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) {
        if (b === 0 && this.pos - at > 1) throw decodeFailure("non-minimal varint", at)
        return result
      }
      shift += 7n
    }
    throw decodeFailure("varint runs past the input", at)
  }
  /** a varint that is a safe integer */
  varint(): number {
    const at = this.pos
    const v = this.varbig()
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw decodeFailure("varint beyond the safe integers", at)
    return Number(v)
  }
  /** a length or count: at most the bytes left (every item takes at least one byte) */
  length(): number {
    const at = this.pos
    const n = this.varint()
    if (n > this.remaining) throw decodeFailure(`length ${n} exceeds the ${this.remaining} bytes left`, at)
    return n
  }
  float64(): number {
    this.need(8)
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, false)
    this.pos += 8
    return v
  }
  bytes(): Uint8Array {
    const n = this.length()
    const out = this.buf.slice(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  string(): string {
    const at = this.pos
    const raw = this.bytes()
    try {
      return textDecoder.decode(raw)
    } catch {
      throw decodeFailure("invalid UTF-8", at)
    }
  }
  /** fail on bytes left over */
  end(): void {
    if (this.pos !== this.buf.length) throw decodeFailure(`${this.buf.length - this.pos} trailing bytes`, this.pos)
  }
}

/** one self-describing value (canonical.ts `writeValue`) */
const readValue = (r: CanonicalReader, depth: number): unknown => {
  const at = r.offset
  if (depth > DEPTH_MAX) throw decodeFailure(`a value nested deeper than ${DEPTH_MAX}`, at)
  const tag = r.byte()
  switch (tag) {
    case VALUE_TAG.undefined:
      return undefined
    case VALUE_TAG.null:
      return null
    case VALUE_TAG.false:
      return false
    case VALUE_TAG.true:
      return true
    case VALUE_TAG.bigint:
      return r.varbig()
    case VALUE_TAG.bigint_neg:
      return -r.varbig() - 1n
    case VALUE_TAG.int:
      return r.varint()
    case VALUE_TAG.int_neg: {
      const n = r.varint()
      return -n - 1
    }
    case VALUE_TAG.float:
      return r.float64()
    case VALUE_TAG.string:
      return r.string()
    case VALUE_TAG.bytes:
      return r.bytes()
    case VALUE_TAG.array: {
      const n = r.length()
      const out: unknown[] = []
      for (let i = 0; i < n; i++) out.push(readValue(r, depth + 1))
      return out
    }
    case VALUE_TAG.object: {
      const n = r.length()
      const out: Record<string, unknown> = {}
      let last: string | null = null
      for (let i = 0; i < n; i++) {
        const kat = r.offset
        const k = r.string()
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

/** reads one value of a known schema */
type Decoder = (r: CanonicalReader, depth: number) => unknown

const structDecoder = (ast: AST.TypeLiteral): Decoder => {
  const declared = ast.propertySignatures.map((p) => String(p.name))
  const fields = ast.propertySignatures
    .map((p) => ({ name: String(p.name), optional: p.isOptional, decode: compileDecoder(p.type) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return (r, depth) => {
    if (depth > DEPTH_MAX) throw decodeFailure(`a value nested deeper than ${DEPTH_MAX}`, r.offset)
    const read = new Map<string, unknown>()
    for (const f of fields) {
      if (f.optional) {
        const at = r.offset
        const marker = r.byte()
        if (marker === 0x00) continue
        if (marker !== 0x01) throw decodeFailure(`optional field marker ${marker}`, at)
      }
      read.set(f.name, f.decode(r, depth + 1))
    }
    // the record's own key order is its declaration order (the encoding does not depend on it)
    const out: Record<string, unknown> = {}
    for (const name of declared)
      if (read.has(name)) Object.defineProperty(out, name, { value: read.get(name), enumerable: true, writable: true, configurable: true })
    return out
  }
}

const compileDecoder = (ast: AST.AST): Decoder => {
  if (AST.isRefinement(ast)) return compileDecoder(ast.from)
  if (AST.isTransformation(ast)) return compileDecoder(AST.typeAST(ast))
  if (AST.isSuspend(ast)) {
    let inner: Decoder | null = null
    return (r, depth) => {
      if (inner === null) inner = compileDecoder(ast.f())
      return inner(r, depth)
    }
  }
  if (AST.isTypeLiteral(ast) && ast.indexSignatures.length === 0 && ast.propertySignatures.every((p) => typeof p.name === "string"))
    return structDecoder(ast)
  return readValue
}

/**
 * Decoder of one record schema's canonical bytes (compile once per table): the value the bytes
 * encode, unchecked (see the module comment). Throws DecodeFailure on malformed bytes.
 */
export const recordDecoder = <A, I, R>(schema: Schema.Schema<A, I, R>): ((bytes: Uint8Array) => unknown) => {
  const decode = compileDecoder(AST.typeAST(schema.ast))
  return (bytes) => {
    const r = new CanonicalReader(bytes)
    const v = decode(r, 0)
    r.end()
    return v
  }
}

/**
 * Canonical bytes of a state record — what the state root commits to for each (table, key).
 *
 * Encoding (deterministic, injective for the records of one table schema):
 *  - A record whose schema (Type side, through refinements and suspensions) is a struct is
 *    written field by field in ascending order of field name (JS string order), without names:
 *    a required field is its value; an optional field is 0x00 when absent, else 0x01 + value.
 *    Nested struct-typed fields are written the same way. Keys outside the schema are not
 *    written (as Schema.encode drops them).
 *  - Every other value is self-describing, one tag byte then its body (varint = unsigned LEB128):
 *      0x00 undefined            0x01 null           0x02 false          0x03 true
 *      0x04 bigint ≥ 0: varint(v)                    0x05 bigint < 0: varint(−v − 1)
 *      0x06 safe integer ≥ 0: varint(v)              0x07 safe integer < 0: varint(−v − 1)
 *      0x08 other number: IEEE-754 float64 big-endian (every NaN as 0x7ff8000000000000; −0 as 0)
 *      0x09 string: varint(UTF-8 length) + UTF-8     0x0a array: varint(length) + items
 *      0x0b plain object: varint(n) + n × (string key without tag, value), keys ascending,
 *           keys whose value is undefined left out
 *      0x0c Uint8Array: varint(length) + bytes
 *    Any other value (Map, class instance, symbol, function) is an engine bug: AssertionFailed.
 * Records are schema-validated when written (store.ts), so encoding never meets an out-of-range
 * field. `canonicalJson` (Schema encode, sorted keys) remains for dumps and diagnostics only.
 */
import { Schema, SchemaAST as AST } from "effect"
import { AssertionFailed } from "../assert.ts"
import { VALUE_TAG, isPlainObject } from "../codec/value-tags.ts"

// ---------------------------------------------------------------------------------- writer

/** A growable byte buffer reused across records (one per store); `take` copies out the bytes. */
export class CanonicalWriter {
  private buf = new Uint8Array(1024)
  private len = 0
  private view = new DataView(this.buf.buffer)

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.len + extra) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
    this.view = new DataView(next.buffer)
  }
  byte(b: number): void {
    this.ensure(1)
    this.buf[this.len++] = b
  }
  /** unsigned LEB128 of a non-negative safe integer */
  varint(n: number): void {
    this.ensure(8)
    while (n >= 0x80) {
      this.buf[this.len++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    this.buf[this.len++] = n
  }
  /** unsigned LEB128 of a non-negative bigint */
  varbig(n: bigint): void {
    if (n <= 0xffff_ffffn) return this.varint(Number(n))
    this.ensure(24)
    while (n >= 0x80n) {
      this.buf[this.len++] = Number(n & 0x7fn) | 0x80
      n >>= 7n
    }
    this.buf[this.len++] = Number(n)
  }
  float64(x: number): void {
    this.ensure(8)
    this.view.setFloat64(this.len, Number.isNaN(x) ? Number.NaN : x === 0 ? 0 : x, false)
    this.len += 8
  }
  /** varint(UTF-8 length) + UTF-8 */
  string(s: string): void {
    const n = s.length
    let ascii = true
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) >= 0x80) {
        ascii = false
        break
      }
    }
    if (!ascii) return this.bytes(textEncoder.encode(s))
    this.varint(n)
    this.ensure(n)
    for (let i = 0; i < n; i++) this.buf[this.len++] = s.charCodeAt(i)
  }
  /** varint(length) + bytes */
  bytes(b: Uint8Array): void {
    this.varint(b.length)
    this.ensure(b.length)
    this.buf.set(b, this.len)
    this.len += b.length
  }
  /** the bytes written since the last take, as a fresh array; the writer restarts empty */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.len)
    this.len = 0
    return out
  }
}

const textEncoder = new TextEncoder()

// -------------------------------------------------------------------- self-describing values

const TAG_UNDEFINED = VALUE_TAG.undefined
const TAG_NULL = VALUE_TAG.null
const TAG_FALSE = VALUE_TAG.false
const TAG_TRUE = VALUE_TAG.true
const TAG_BIGINT = VALUE_TAG.bigint
const TAG_BIGINT_NEG = VALUE_TAG.bigint_neg
const TAG_INT = VALUE_TAG.int
const TAG_INT_NEG = VALUE_TAG.int_neg
const TAG_FLOAT = VALUE_TAG.float
const TAG_STRING = VALUE_TAG.string
const TAG_ARRAY = VALUE_TAG.array
const TAG_OBJECT = VALUE_TAG.object
const TAG_BYTES = VALUE_TAG.bytes

/** nesting bound of a state value (a deeper value is an engine bug) */
const DEPTH_MAX = 64

const writeValue = (w: CanonicalWriter, v: unknown, depth: number): void => {
  if (depth > DEPTH_MAX) throw new AssertionFailed({ message: `assertion failed: state value nested deeper than ${DEPTH_MAX}` })
  switch (typeof v) {
    case "undefined":
      return w.byte(TAG_UNDEFINED)
    case "boolean":
      return w.byte(v ? TAG_TRUE : TAG_FALSE)
    case "bigint":
      if (v >= 0n) {
        w.byte(TAG_BIGINT)
        return w.varbig(v)
      }
      w.byte(TAG_BIGINT_NEG)
      return w.varbig(-v - 1n)
    case "number":
      if (Number.isSafeInteger(v)) {
        if (v >= 0) {
          w.byte(TAG_INT)
          return w.varint(v)
        }
        w.byte(TAG_INT_NEG)
        return w.varint(-v - 1)
      }
      w.byte(TAG_FLOAT)
      return w.float64(v)
    case "string":
      w.byte(TAG_STRING)
      return w.string(v)
    case "object": {
      if (v === null) return w.byte(TAG_NULL)
      if (Array.isArray(v)) {
        w.byte(TAG_ARRAY)
        w.varint(v.length)
        for (const x of v) writeValue(w, x, depth + 1)
        return
      }
      if (v instanceof Uint8Array) {
        w.byte(TAG_BYTES)
        return w.bytes(v)
      }
      if (isPlainObject(v)) {
        const keys = Object.keys(v)
          .filter((k) => v[k] !== undefined)
          .sort()
        w.byte(TAG_OBJECT)
        w.varint(keys.length)
        for (const k of keys) {
          w.string(k)
          writeValue(w, v[k], depth + 1)
        }
        return
      }
      break
    }
    default:
      break
  }
  throw new AssertionFailed({ message: `assertion failed: a ${typeof v} is not a state value` })
}

// ------------------------------------------------------------------------ schema-directed

/** writes one value of a known schema */
type Encoder = (w: CanonicalWriter, v: unknown, depth: number) => void

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null

const structEncoder = (ast: AST.TypeLiteral): Encoder => {
  const fields = ast.propertySignatures
    .map((p) => ({ name: String(p.name), optional: p.isOptional, encode: compileEncoder(p.type) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return (w, v, depth) => {
    if (!isRecord(v)) return writeValue(w, v, depth)
    for (const f of fields) {
      if (f.optional) {
        if (!Object.prototype.hasOwnProperty.call(v, f.name)) {
          w.byte(0x00)
          continue
        }
        w.byte(0x01)
      }
      f.encode(w, v[f.name], depth + 1)
    }
  }
}

const compileEncoder = (ast: AST.AST): Encoder => {
  if (AST.isRefinement(ast)) return compileEncoder(ast.from)
  if (AST.isTransformation(ast)) return compileEncoder(AST.typeAST(ast))
  if (AST.isSuspend(ast)) {
    let inner: Encoder | null = null
    return (w, v, depth) => {
      if (inner === null) inner = compileEncoder(ast.f())
      inner(w, v, depth)
    }
  }
  if (AST.isTypeLiteral(ast) && ast.indexSignatures.length === 0 && ast.propertySignatures.every((p) => typeof p.name === "string"))
    return structEncoder(ast)
  return writeValue
}

/** Canonical encoder of one record schema (compile once per table). */
export const recordEncoder = <A, I, R>(schema: Schema.Schema<A, I, R>): ((w: CanonicalWriter, value: A) => Uint8Array) => {
  const encode = compileEncoder(AST.typeAST(schema.ast))
  return (w, value) => {
    encode(w, value, 0)
    return w.take()
  }
}

/** canonical bytes of one value (compiles the encoder each call: tests and tools, not hot paths) */
export const canonicalBytes = <A, I>(schema: Schema.Schema<A, I>, value: A): Uint8Array => recordEncoder(schema)(new CanonicalWriter(), value)

// ------------------------------------------------------------------------ JSON for dumps

const stable = (v: unknown): string => {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null"
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`
  const entries = Object.entries(v)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`).join(",")}}`
}

/** the record's Schema-encoded JSON with keys sorted: equal iff records are equal (dumps, tests) */
export const canonicalJson = <A, I>(schema: Schema.Schema<A, I>, value: A): string => stable(Schema.encodeSync(schema)(value))

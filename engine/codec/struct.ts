/**
 * A struct codec: the fields, one codec each, written back to back in the order given (the wire
 * order). The table must name exactly the Schema's fields; a decoded value is checked field by
 * field before it is returned.
 */
import { Schema } from "effect"
import { decodeFailure, type ByteReader, type ByteWriter } from "./bytes.ts"
import { makeCodec, type AnyCodec, type Codec } from "./codec.ts"
import { sameKeys, shapeOf } from "./shape.ts"

/** field name → codec, in wire order */
export type FieldTable = Readonly<Record<string, AnyCodec>>

export const fieldDomains = (fields: FieldTable): Record<string, Schema.Schema.AnyNoContext> => {
  const out: Record<string, Schema.Schema.AnyNoContext> = {}
  for (const [k, c] of Object.entries(fields)) out[k] = c.domain
  return out
}

/** the entries of each field table, listed once (tables are built once and never change) */
const entriesOf = new WeakMap<FieldTable, ReadonlyArray<readonly [string, AnyCodec]>>()
const fieldEntries = (fields: FieldTable): ReadonlyArray<readonly [string, AnyCodec]> => {
  let e = entriesOf.get(fields)
  if (e === undefined) entriesOf.set(fields, (e = Object.entries(fields)))
  return e
}

/** every field of the table is present on `u` and a value of its codec */
export const fieldsAre = (fields: FieldTable, u: object): boolean => {
  for (const [k, c] of fieldEntries(fields)) if (!Object.prototype.hasOwnProperty.call(u, k) || !c.is(Reflect.get(u, k))) return false
  return true
}

/** write the fields of `a` in table order */
export const writeFields = (w: ByteWriter, fields: FieldTable, a: object): void => {
  for (const [k, c] of fieldEntries(fields)) {
    if (!Object.prototype.hasOwnProperty.call(a, k)) throw new TypeError(`missing field ${k}`)
    const v: unknown = Reflect.get(a, k)
    c.write(w, v)
  }
}

/** read the fields in table order onto `into` */
export const readFields = (r: ByteReader, fields: FieldTable, into: Record<string, unknown>): void => {
  for (const [k, c] of fieldEntries(fields)) into[k] = c.read(r)
}

export const struct = <A extends object, I>(name: string, schema: Schema.Schema<A, I, never>, fields: FieldTable): Codec<A> => {
  const shape = shapeOf(schema.ast)
  const only = shape[0]
  if (shape.length !== 1 || only === undefined || only.tag !== undefined) throw new TypeError(`${name}: struct() takes a plain struct Schema`)
  if (!sameKeys(only.keys, Object.keys(fields))) throw new TypeError(`${name}: the table must name exactly the fields ${only.keys.join(", ")}`)
  /**
   * The structural guard: every field a value of its codec. That each field codec's values are
   * values of the Schema's field is what the codec tests check (Schema.is on every generated and
   * decoded value), so the guard stays cheap on the decoding path.
   */
  const is = (u: unknown): u is A => typeof u === "object" && u !== null && fieldsAre(fields, u)
  return makeCodec({
    name,
    domain: Schema.Struct(fieldDomains(fields)),
    is,
    write: (w, a) => writeFields(w, fields, a),
    read: (r) => {
      const at = r.offset
      const out: Record<string, unknown> = {}
      readFields(r, fields, out)
      if (!is(out)) throw decodeFailure(`${name} violates its schema`, at)
      return out
    }
  })
}

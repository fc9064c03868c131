/**
 * A tagged-union codec (chain-and-services.md §0 "enum"): one code byte, then the variant's fields.
 * The table is the whole definition, used by both directions:
 *   code → (Schema `_tag`, constant fields implied by the code, wire fields in order).
 * Rules the table is checked against when it is built:
 *  - every Schema member has at least one entry and every entry names a Schema member;
 *  - an entry's constant and wire fields are exactly the member's fields;
 *  - a code has one entry, or two where one has no wire fields: that bare entry is chosen when the
 *    input ends right after the code byte (blackjack's [7] surrender vs [7, u64] atomic deal);
 *  - a tag with several entries (a multiplier or bet fixed by the code) is told apart by its
 *    constants; encoding uses the first entry whose constants match.
 * Unknown codes are DecodeFailures; a decoded value is checked field by field.
 */
import { Schema } from "effect"
import { decodeFailure } from "./bytes.ts"
import { type Codec } from "./codec.ts"
import { sameKeys, shapeOf } from "./shape.ts"
import { fieldDomains, fieldsAre, readFields, writeFields, type FieldTable } from "./struct.ts"

const NO_FIELDS: FieldTable = {}

export type ConstValue = string | number | boolean | bigint | ReadonlyArray<ConstValue>

/** several fields carried together by one codec (a byte of flags); its value is spread into the variant */
export interface Packed {
  readonly keys: ReadonlyArray<string>
  readonly codec: Codec<object>
}

export interface Variant {
  readonly code: number
  readonly tag: string
  /** wire fields in order (default none) */
  readonly fields?: FieldTable
  /** after the wire fields: fields packed into one codec */
  readonly packed?: Packed
  /** fields fixed by the code, not on the wire */
  readonly consts?: Readonly<Record<string, ConstValue>>
}

const sameConst = (a: unknown, b: ConstValue): boolean => {
  if (Array.isArray(b)) return Array.isArray(a) && a.length === b.length && b.every((x, i) => sameConst(a[i], x))
  return a === b
}

const constDomain = (v: ConstValue): Schema.Schema.AnyNoContext =>
  typeof v === "object" ? Schema.Tuple(...v.map(constDomain)) : Schema.Literal(v)

const variantDomain = (v: Variant): Schema.Schema.AnyNoContext => {
  const consts: Record<string, Schema.Schema.AnyNoContext> = {}
  for (const [k, c] of Object.entries(v.consts ?? {})) consts[k] = constDomain(c)
  const base = Schema.Struct({ _tag: Schema.Literal(v.tag), ...consts, ...fieldDomains(v.fields ?? {}) })
  return v.packed === undefined ? base : Schema.extend(base, v.packed.codec.domain)
}

const fieldCount = (v: Variant): number => Object.keys(v.fields ?? {}).length + (v.packed?.keys.length ?? 0)

const checkTable = (name: string, schema: Schema.Schema.AnyNoContext, variants: ReadonlyArray<Variant>): void => {
  const members = new Map<string, ReadonlyArray<string>>()
  for (const m of shapeOf(schema.ast)) {
    if (m.tag === undefined) throw new TypeError(`${name}: every member needs a _tag`)
    members.set(m.tag, m.keys)
  }
  const byCode = new Map<number, Variant[]>()
  for (const v of variants) {
    if (!Number.isInteger(v.code) || v.code < 0 || v.code > 0xff) throw new RangeError(`${name}: code ${v.code} is not a byte`)
    const keys = members.get(v.tag)
    if (keys === undefined) throw new TypeError(`${name}: ${v.tag} is not a member of the schema`)
    const named = [...Object.keys(v.consts ?? {}), ...Object.keys(v.fields ?? {}), ...(v.packed?.keys ?? [])]
    if (!sameKeys(keys, named)) throw new TypeError(`${name}: ${v.tag} has fields ${keys.join(", ")}, the table names ${named.join(", ")}`)
    byCode.set(v.code, [...(byCode.get(v.code) ?? []), v])
  }
  for (const tag of members.keys()) if (!variants.some((v) => v.tag === tag)) throw new TypeError(`${name}: no code for ${tag}`)
  for (const [code, vs] of byCode) {
    if (vs.length > 2) throw new TypeError(`${name}: code ${code} has ${vs.length} entries`)
    if (vs.length === 2 && vs.filter((v) => fieldCount(v) === 0).length !== 1)
      throw new TypeError(`${name}: a shared code ${code} needs exactly one entry without wire fields`)
  }
}

export interface UnionCodec<A> extends Codec<A> {
  /** the wire type's Schema the table was checked against */
  readonly schema: Schema.Schema.AnyNoContext
  /** the table the codec was built from */
  readonly variants: ReadonlyArray<Variant>
  /** per tag: the values of that tag this codec round-trips (the union's domain gives each tag equal weight) */
  readonly tagDomains: ReadonlyMap<string, Schema.Schema.AnyNoContext>
}

export const taggedUnion = <A extends { readonly _tag: string }, I>(
  name: string,
  schema: Schema.Schema<A, I, never>,
  variants: ReadonlyArray<Variant>
): UnionCodec<A> => {
  checkTable(name, schema, variants)
  const byCode = new Map<number, Variant[]>()
  const byTag = new Map<string, Variant[]>()
  for (const v of variants) {
    byCode.set(v.code, [...(byCode.get(v.code) ?? []), v])
    byTag.set(v.tag, [...(byTag.get(v.tag) ?? []), v])
  }
  /** each variant's constants, listed once */
  const constsOf = new Map<Variant, ReadonlyArray<readonly [string, ConstValue]>>(variants.map((v) => [v, Object.entries(v.consts ?? {})]))
  /** the structural guard (see struct.ts): a known tag, its constants, every field a value of its codec */
  const matches = (v: Variant, u: object): boolean => {
    for (const [k, x] of constsOf.get(v) ?? []) if (!sameConst(Reflect.get(u, k), x)) return false
    return fieldsAre(v.fields ?? NO_FIELDS, u) && (v.packed === undefined || v.packed.codec.is(u))
  }
  const is = (u: unknown): u is A => {
    if (typeof u !== "object" || u === null) return false
    const tag: unknown = Reflect.get(u, "_tag")
    if (typeof tag !== "string") return false
    const vs = byTag.get(tag)
    if (vs === undefined) return false
    for (const v of vs) if (matches(v, u)) return true
    return false
  }
  const pick = (code: number, atEnd: boolean): Variant | undefined => {
    const vs = byCode.get(code)
    if (vs === undefined || vs.length === 1) return vs?.[0]
    return vs.find((v) => (fieldCount(v) === 0) === atEnd)
  }
  const tagDomains = new Map<string, Schema.Schema.AnyNoContext>()
  for (const [tag, vs] of byTag) tagDomains.set(tag, Schema.Union(...vs.map(variantDomain)))
  return {
    schema,
    variants,
    tagDomains,
    name,
    domain: Schema.Union(...tagDomains.values()),
    is,
    write: (w, a) => {
      const vs = byTag.get(a._tag) ?? []
      // one entry without constants (most tags): no search
      const only = vs.length === 1 && vs[0]!.consts === undefined ? vs[0] : undefined
      const v = only ?? vs.find((c) => Object.entries(c.consts ?? {}).every(([k, x]) => sameConst(Reflect.get(a, k), x)))
      if (v === undefined) throw new RangeError(`${name}: no code for this ${a._tag}`)
      w.u8(v.code)
      writeFields(w, v.fields ?? NO_FIELDS, a)
      v.packed?.codec.write(w, a)
    },
    read: (r) => {
      const at = r.offset
      const code = r.u8()
      const v = pick(code, r.remaining === 0)
      if (v === undefined) throw decodeFailure(`unknown ${name} code ${code}`, at)
      const out: Record<string, unknown> = { _tag: v.tag, ...v.consts }
      readFields(r, v.fields ?? NO_FIELDS, out)
      if (v.packed !== undefined) Object.assign(out, v.packed.codec.read(r))
      if (!is(out)) throw decodeFailure(`${name} ${v.tag} violates its schema`, at)
      return out
    }
  }
}

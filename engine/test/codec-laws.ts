/**
 * The laws every codec obeys, checked by the codec-*.test.ts properties:
 *  - round trip: decode(encode(x)) equals x, and x is a value of the codec's type;
 *  - truncation: every strict prefix of encode(x) is refused with a DecodeFailure (code 117),
 *    except where a tagged union shares a code between a bare entry and a fielded one: then the
 *    1-byte prefix decodes to the bare entry (blackjack [7], video poker [0xFF]);
 *  - trailing bytes: encode(x) followed by any bytes is refused with a DecodeFailure, except that
 *    a bare entry followed by its fielded sibling's fields decodes to the sibling.
 * Arbitraries come from the codecs' domain Schemas through Effect's `Arbitrary.make`, so these
 * properties use the fast-check that Effect bundles (`FastCheck`), with a fixed printed seed.
 */
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { expect } from "vitest"
import { DecodeFailure } from "../codec/bytes.ts"
import { decodeEither, decodeExact, encode, type Codec } from "../codec/codec.ts"
import { shapeOf } from "../codec/shape.ts"
import type { UnionCodec, Variant } from "../codec/union.ts"

/** the fixed seed of every codec property (printed once per file) */
export const CODEC_SEED = 20_261_202

export const printSeed = (file: string): void => {
  console.log(`${file}: fast-check seed ${CODEC_SEED}`)
}

export const arbitraryOf = (domain: Schema.Schema.AnyNoContext): fc.Arbitrary<unknown> => Arbitrary.make(domain)

/** the values of one tag of a union codec */
export const tagArbitrary = <A>(codec: UnionCodec<A>, tag: string): fc.Arbitrary<unknown> => {
  const domain = codec.tagDomains.get(tag)
  if (domain === undefined) throw new Error(`no ${tag} in ${codec.name}`)
  return arbitraryOf(domain)
}

export const tagOf = (u: unknown): unknown => (typeof u === "object" && u !== null ? Reflect.get(u, "_tag") : undefined)

/** the bare entry a 1-byte input decodes to, when the code is shared */
const bareSibling = (variants: ReadonlyArray<Variant> | undefined, code: number | undefined): Variant | undefined => {
  if (variants === undefined || code === undefined) return undefined
  const same = variants.filter((v) => v.code === code)
  if (same.length !== 2) return undefined
  return same.find((v) => Object.keys(v.fields ?? {}).length === 0 && v.packed === undefined)
}

export const expectDecodeFailure = (r: unknown): void => {
  expect(r).toBeInstanceOf(DecodeFailure)
  if (r instanceof DecodeFailure) {
    expect(r._tag).toBe("DecodeFailure")
    expect(r.code).toBe(117)
  }
}

/** the three laws for one value; `variants` is the union table when the codec is a tagged union */
export const checkLaws = <A>(
  codec: Codec<A>,
  x: unknown,
  extra: Uint8Array,
  inSchema: (u: unknown) => boolean,
  variants?: ReadonlyArray<Variant>
): void => {
  if (!codec.is(x)) throw new Error(`${codec.name}: the domain produced a value outside the codec's type: ${String(x)}`)
  // the codec's values are values of the wire type's Schema (what makes the structural guards sound)
  expect(inSchema(x)).toBe(true)
  const bytes = encode(codec, x)
  // round trip
  const back = decodeExact(codec, bytes)
  expect(back).toEqual(x)
  expect(inSchema(back)).toBe(true)
  // truncation
  const bare = bareSibling(variants, bytes[0])
  for (let n = 0; n < bytes.length; n++) {
    const r = decodeEither(codec, bytes.subarray(0, n))
    if (n === 1 && bare !== undefined) expect(tagOf(r)).toBe(bare.tag)
    else expectDecodeFailure(r)
  }
  // trailing bytes
  const longer = new Uint8Array(bytes.length + extra.length)
  longer.set(bytes)
  longer.set(extra, bytes.length)
  const r = decodeEither(codec, longer)
  if (bytes.length === 1 && bare !== undefined && bare.tag === tagOf(x) && !(r instanceof DecodeFailure)) {
    // the bare entry's fielded sibling, read back exactly
    expect(tagOf(r)).not.toBe(bare.tag)
    expect(encode(codec, r)).toEqual(longer)
  } else expectDecodeFailure(r)
}

export const trailing = fc.uint8Array({ minLength: 1, maxLength: 12 })

/** the property for one tag of a union codec: the laws hold for every value of that tag */
export const assertLawsForTag = <A>(codec: UnionCodec<A>, tag: string, numRuns: number): void => {
  const inSchema = Schema.is(codec.schema)
  fc.assert(
    fc.property(tagArbitrary(codec, tag), trailing, (x, extra) => {
      expect(tagOf(x)).toBe(tag)
      checkLaws(codec, x, extra, inSchema, codec.variants)
    }),
    { seed: CODEC_SEED, numRuns }
  )
}

/** the tags of a union Schema's members */
export const schemaTags = (schema: Schema.Schema.AnyNoContext): ReadonlyArray<string> =>
  shapeOf(schema.ast).flatMap((m) => (m.tag === undefined ? [] : [m.tag]))

/** the field names of one member, in Schema declaration order */
export const schemaKeys = (schema: Schema.Schema.AnyNoContext, tag: string): ReadonlyArray<string> => {
  const m = shapeOf(schema.ast).find((s) => s.tag === tag)
  if (m === undefined) throw new Error(`no member ${tag}`)
  return m.keys
}

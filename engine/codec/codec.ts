/**
 * A binary codec: one definition that both writes and reads a wire type (chain-and-services.md §0),
 * so the two directions cannot drift apart. A codec carries
 *  - `domain`: an Effect Schema of exactly the values it encodes and decodes back (the properties in
 *    engine/test/codec-*.test.ts draw their arbitraries from it with `Arbitrary.make`);
 *  - `is`: a guard for the codec's value type (composites check the wire type's own Schema, so a
 *    decoded value is validated right after reading);
 *  - `write` / `read` on the bounded ByteWriter / ByteReader.
 * `encode` and `decodeExact` are the top-level entry points: decoding is exact (trailing bytes are a
 * DecodeFailure) and every failure is a DecodeFailure.
 */
import { Schema } from "effect"
import { ByteReader, ByteWriter, DecodeFailure, decodeFailure } from "./bytes.ts"

export interface Codec<A> {
  /** what the bytes are, for error messages */
  readonly name: string
  /** exactly the values this codec round-trips */
  readonly domain: Schema.Schema.AnyNoContext
  readonly is: (u: unknown) => u is A
  write(w: ByteWriter, a: A): void
  read(r: ByteReader): A
}

/** A codec whose value type is not tracked (fields of structs and variants). */
export type AnyCodec = Codec<unknown>

export type CodecType<C> = C extends Codec<infer A> ? A : never

export const makeCodec = <A>(c: Codec<A>): Codec<A> => c

export const encode = <A>(codec: Codec<A>, a: A, capacity_bytes = 64): Uint8Array => {
  const w = new ByteWriter(capacity_bytes)
  codec.write(w, a)
  return w.finish()
}

/** Decode exactly one value: truncation, bad fields and trailing bytes are DecodeFailures. */
export const decodeExact = <A>(codec: Codec<A>, bytes: Uint8Array): A => {
  const r = new ByteReader(bytes)
  const a = codec.read(r)
  r.end()
  return a
}

/** The same, as a value or the failure (never throws a DecodeFailure). */
export const decodeEither = <A>(codec: Codec<A>, bytes: Uint8Array): A | DecodeFailure => {
  try {
    return decodeExact(codec, bytes)
  } catch (e) {
    if (e instanceof DecodeFailure) return e
    throw e
  }
}

/**
 * Narrow a codec's domain: decoding fails at the field when `check` returns a reason. Encoding
 * writes any value of the base codec (callers may encode a value the decoder will refuse).
 */
export const refine = <A>(
  base: Codec<A>,
  domain: Schema.Schema.AnyNoContext,
  check: (a: A) => string | undefined
): Codec<A> =>
  makeCodec({
    name: base.name,
    domain,
    is: base.is,
    write: (w, a) => base.write(w, a),
    read: (r) => {
      const at = r.offset
      const a = base.read(r)
      const why = check(a)
      if (why !== undefined) throw decodeFailure(why, at)
      return a
    }
  })

/**
 * A codec for B carried by a codec for A: `to` turns the decoded A into a B or a reason to refuse
 * it; `from` gives the A to write.
 */
export const mapCodec = <A, B extends object>(
  base: Codec<A>,
  spec: {
    readonly name: string
    readonly domain: Schema.Schema.AnyNoContext
    readonly is: (u: unknown) => u is B
    readonly to: (a: A) => B | string
    readonly from: (b: B) => A
  }
): Codec<B> =>
  makeCodec({
    name: spec.name,
    domain: spec.domain,
    is: spec.is,
    write: (w, b) => base.write(w, spec.from(b)),
    read: (r) => {
      const at = r.offset
      const b = spec.to(base.read(r))
      if (typeof b === "string") throw decodeFailure(b, at)
      return b
    }
  })

/**
 * The tag bytes of the engine's self-describing values, shared by the canonical state encoding
 * (state/canonical.ts, what the state root hashes) and the wire value codec (codec/value.ts, a
 * game's state inside GameCompleted): one table, so the two encodings cannot drift apart.
 */
export const VALUE_TAG = {
  undefined: 0x00,
  null: 0x01,
  false: 0x02,
  true: 0x03,
  bigint: 0x04,
  bigint_neg: 0x05,
  int: 0x06,
  int_neg: 0x07,
  float: 0x08,
  string: 0x09,
  array: 0x0a,
  object: 0x0b,
  bytes: 0x0c
} as const

/** an object literal's shape (no class instance, Map, Date, …): what both encodings write as an object */
export const isPlainObject = (v: object): v is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

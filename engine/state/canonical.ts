/** Canonical bytes of a schema-typed value: its JSON encoding with keys in sorted order. */
import { Schema } from "effect"
import { utf8 } from "../codec/bytes.ts"

const stable = (v: unknown): string => {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null"
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`
  const entries = Object.entries(v)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`).join(",")}}`
}

export const canonicalJson = <A, I>(schema: Schema.Schema<A, I>, value: A): string => stable(Schema.encodeSync(schema)(value))

export const canonicalBytes = <A, I>(schema: Schema.Schema<A, I>, value: A): Uint8Array => utf8(canonicalJson(schema, value))

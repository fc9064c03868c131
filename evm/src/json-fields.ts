/** Reading loosely spelled JSON inputs (evm.md §5.1) without casts: the first present field wins. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }

export const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === "object" && v !== null && !Array.isArray(v)

export const field = (o: Readonly<Record<string, unknown>>, names: ReadonlyArray<string>): unknown => {
  for (const n of names) if (n in o && o[n] !== undefined && o[n] !== null) return o[n]
  return undefined
}

/** a non-negative integer from a number (safe) or a decimal string, else null */
export const bigintOf = (v: unknown): bigint | null => {
  if (typeof v === "bigint") return v >= 0n ? v : null
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : null
  if (typeof v === "string" && /^\d{1,78}$/.test(v.trim())) return BigInt(v.trim())
  return null
}

export const arrayOf = (v: unknown): ReadonlyArray<unknown> => (Array.isArray(v) ? v : [])

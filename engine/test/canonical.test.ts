/**
 * Canonical record bytes (state/canonical.ts): deterministic (a record with its keys in another
 * order, or rebuilt, gives the same bytes) and injective on records (two records of a table have
 * equal bytes exactly when their canonical JSON is equal).
 */
import { describe, expect, it } from "vitest"
// Arbitrary.make builds arbitraries of the fast-check bundled with effect: run them on it
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { players } from "../casino/player.ts"
import { house } from "../casino/house.ts"
import { vaults } from "../economy/vault/vault.ts"
import { tournaments } from "../economy/tournament/tournament.ts"
import { creditTranches } from "../economy/tournament/credits.ts"
import { sessions } from "../games/session.ts"
import { CanonicalWriter, canonicalJson, recordEncoder } from "../state/canonical.ts"
import { bytesEqual } from "../codec/bytes.ts"
import type { TableDef } from "../state/store.ts"

const SEED = 20261204
console.log(`canonical fast-check seed ${SEED}`)

/** the same record with its keys inserted in reverse order, recursively */
const reordered = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(reordered)
  if (typeof v !== "object" || v === null || v instanceof Uint8Array) return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v).reverse()) out[k] = reordered(x)
  return out
}

const property = <A, I>(table: TableDef<A, I>, json: boolean) => () => {
  const encode = recordEncoder(table.schema)
  const w = new CanonicalWriter()
  const is = Schema.is(table.schema)
  let distinct = 0
  fc.assert(
    fc.property(Arbitrary.make(table.schema), Arbitrary.make(table.schema), (a, b) => {
      const bytes = encode(w, a)
      const again = reordered(a)
      expect(is(again)).toBe(true)
      if (is(again)) expect(encode(w, again)).toEqual(bytes)
      const other = encode(w, b)
      if (json) expect(bytesEqual(bytes, other)).toBe(canonicalJson(table.schema, a) === canonicalJson(table.schema, b))
      if (!bytesEqual(bytes, other)) distinct++
    }),
    { seed: SEED, numRuns: 200 }
  )
  expect(distinct).toBeGreaterThan(150)
}

describe("canonical record bytes", () => {
  it("player", property(players, true))
  it("house", property(house.table, true))
  it("vault", property(vaults, true))
  it("tournament", property(tournaments, true))
  it("credit tranches", property(creditTranches, true))
  // the session's game state is Unknown (any value): determinism only
  it("session", property(sessions, false))
})

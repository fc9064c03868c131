/**
 * Records are validated when written: the compiled validator of every engine table agrees with
 * Schema.is on generated records (Arbitrary.make) and on the same records with one field pushed
 * out of range or out of type; an invalid put throws RecordInvalid and writes nothing. A put over
 * an existing row checks only the fields that may have changed (compileChangeValidator): it
 * answers as Schema.is on records mixed from two valid ones and corrupted, and an object field
 * mutated in place (not a primitive) is always re-checked.
 */
import { describe, expect, it } from "vitest"
// Arbitrary.make builds arbitraries of the fast-check that effect bundles, so the properties
// here run on that same fast-check (mixing it with the project's fast-check 4 fails)
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { players } from "../casino/player.ts"
import { house } from "../casino/house.ts"
import { sessions } from "../games/session.ts"
import { accounts } from "../state/account.ts"
import { ammPool, lpBalances } from "../economy/amm/pool.ts"
import { creditTranches } from "../economy/tournament/credits.ts"
import { tournaments } from "../economy/tournament/tournament.ts"
import { policyState } from "../economy/policy-state.ts"
import { stakers } from "../economy/staking/staker.ts"
import { vaults } from "../economy/vault/vault.ts"
import { oracleState } from "../economy/oracle/oracle.ts"
import { treasury, treasuryVesting } from "../economy/treasury/treasury.ts"
import { bridgeDepositSources, bridgeState, bridgeWithdrawals } from "../economy/bridge/bridge.ts"
import { savingsBalances, savingsPool } from "../economy/savings/savings.ts"
import { I128, PublicKey, U64, U8 } from "../schema/primitives.ts"
import { U64_MAX } from "../codec/bytes.ts"
import { RecordInvalid, StateStore, TableDef, defineTable } from "../state/store.ts"
import { compileChangeValidator, compileValidator } from "../state/validate.ts"

const SEED = 20261202
console.log(`validated-writes fast-check seed ${SEED}`)

/** schemas beyond the engine's tables, to reach every compiled node kind */
const Extra = Schema.Struct({
  maybe: Schema.optional(U64),
  maybe_exact: Schema.optionalWith(Schema.String, { exact: true }),
  either: Schema.Union(Schema.Struct({ kind: Schema.Literal("a"), n: U8 }), Schema.Struct({ kind: Schema.Literal("b"), s: Schema.String })),
  nullable: Schema.NullOr(I128),
  pair: Schema.Tuple(Schema.Boolean, Schema.optionalElement(Schema.Number)),
  by_key: Schema.Record({ key: Schema.String, value: U64 }),
  list: Schema.Array(Schema.Int).pipe(Schema.maxItems(3)),
  owner: PublicKey,
  bytes: Schema.Uint8ArrayFromSelf,
  tag: Schema.Literal(1, 2, 3n, "x", null)
})
const extra = defineTable("test-extra", Extra)

interface Case {
  readonly name: string
  readonly arbitrary: fc.Arbitrary<unknown>
  readonly is: (v: unknown) => boolean
  readonly compiled: (v: unknown) => boolean
  readonly put: (v: unknown) => boolean
  /** the put check over a valid previous row (TableDef.isValidChange) */
  readonly change: (previous: unknown, v: unknown) => boolean
}
const caseOf = <A, I>(t: TableDef<A, I>): Case => ({
  name: t.name,
  arbitrary: Arbitrary.make(t.schema),
  is: Schema.is(t.schema),
  compiled: compileValidator(t.schema),
  put: (v) => t.isValid(v),
  change: (previous, v) => {
    if (!t.isValid(previous)) throw new Error("the previous row of a change must be valid")
    return t.isValidChange(previous, v)
  }
})

/** the fields of `a` and `b` mixed by the bits of `mask` (a record with fields of both) */
const mix = (a: unknown, b: unknown, mask: number): unknown => {
  if (!isRecord(a) || !isRecord(b)) return b
  const out: Record<string, unknown> = {}
  Object.keys(a).forEach((k, i) => {
    out[k] = (mask >> i % 30) & 1 && k in b ? b[k] : a[k]
  })
  return out
}

const TABLES: ReadonlyArray<Case> = [
  caseOf(players),
  caseOf(house.table),
  caseOf(sessions),
  caseOf(accounts),
  caseOf(ammPool.table),
  caseOf(lpBalances),
  caseOf(creditTranches),
  caseOf(tournaments),
  caseOf(policyState.table),
  caseOf(stakers),
  caseOf(vaults),
  caseOf(oracleState.table),
  caseOf(treasury.table),
  caseOf(treasuryVesting.table),
  caseOf(bridgeState.table),
  caseOf(bridgeWithdrawals),
  caseOf(bridgeDepositSources),
  caseOf(savingsPool.table),
  caseOf(savingsBalances),
  caseOf(extra)
]

/** values a corrupted field may take: out of every range and type the schemas use */
const BAD: ReadonlyArray<unknown> = [-1n, U64_MAX + 1n, 1n << 127n, -(1n << 128n), 1.5, -1, 2 ** 53, Number.NaN, "", "zz", null, undefined, true, [], {}, [1n]]

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/** the record with one field (by index) replaced (or removed), recursing one level into objects */
const corrupt = (value: unknown, field: number, bad: number, nested: boolean): unknown => {
  if (!isRecord(value)) return BAD[bad % BAD.length]
  const keys = Object.keys(value)
  if (keys.length === 0) return { ...value, extra: BAD[bad % BAD.length] }
  const k = keys[field % keys.length]!
  const inner = value[k]
  if (nested && isRecord(inner)) return { ...value, [k]: corrupt(inner, field >> 3, bad, false) }
  if (bad % (BAD.length + 1) === BAD.length) {
    const { [k]: _gone, ...rest } = value
    return rest
  }
  return { ...value, [k]: BAD[bad % BAD.length] }
}

describe("validated writes", () => {
  for (const table of TABLES) {
    it(`compiled validator of ${table.name} agrees with Schema.is`, () => {
      const { is, compiled } = table
      let valid = 0
      let invalid = 0
      fc.assert(
        fc.property(table.arbitrary, fc.nat(), fc.nat(), fc.boolean(), (record, field, bad, nested) => {
          expect(compiled(record)).toBe(true)
          expect(is(record)).toBe(true)
          expect(table.put(record)).toBe(true)
          valid++
          const broken = corrupt(record, field, bad, nested)
          const verdict = is(broken)
          expect(compiled(broken)).toBe(verdict)
          if (!verdict) invalid++
        }),
        { seed: SEED, numRuns: 200 }
      )
      // coverage: the generated records were checked, and corruption produced rejections
      expect(valid).toBe(200)
      expect(invalid).toBeGreaterThan(50)
    })
  }

  for (const table of TABLES) {
    it(`change validator of ${table.name} agrees with Schema.is over a valid previous row`, () => {
      const { is, change } = table
      let rejected = 0
      let kept = 0
      fc.assert(
        fc.property(table.arbitrary, table.arbitrary, fc.nat(), fc.nat(), fc.nat(), fc.boolean(), fc.boolean(), (previous, other, mask, field, bad, nested, broken) => {
          const mixed = mix(previous, other, mask)
          const next = broken ? corrupt(mixed, field, bad, nested) : mixed
          const verdict = is(next)
          expect(change(previous, next)).toBe(verdict)
          // the same record over itself (unchanged fields only) and a fresh copy of the previous row
          expect(change(previous, previous)).toBe(true)
          if (isRecord(previous)) expect(change(previous, { ...previous })).toBe(true)
          if (verdict) kept++
          else rejected++
        }),
        { seed: SEED, numRuns: 200 }
      )
      expect(kept).toBeGreaterThan(50)
      expect(rejected).toBeGreaterThan(20)
    })
  }

  it("a put over a row re-checks changed fields and objects mutated in place, and writes nothing when invalid", () => {
    const Row = Schema.Struct({ n: U64, label: Schema.String, inner: Schema.Struct({ k: U8 }) })
    const rows = defineTable("test-change", Row)
    const store = new StateStore()
    const inner = { k: 1 }
    store.begin()
    rows.put(store, "r", { n: 1n, label: "a", inner })
    store.commit()
    const dump = store.dumpJson()
    const previous = rows.get(store, "r")!
    // a changed primitive field out of range
    store.begin()
    expect(() => rows.put(store, "r", { ...previous, n: -1n })).toThrow(RecordInvalid)
    expect(() => rows.put(store, "r", { ...previous, label: "b", n: U64_MAX + 1n })).toThrow(RecordInvalid)
    // the nested object, shared with the stored row, mutated in place: still re-checked
    inner.k = 300
    expect(() => rows.put(store, "r", { ...previous, label: "c" })).toThrow(RecordInvalid)
    expect(() => rows.put(store, "r", previous)).toThrow(RecordInvalid)
    inner.k = 2
    store.commit()
    expect(rows.get(store, "r")).toBe(previous)
    expect(store.dumpJson()).not.toBe(dump) // the in-place mutation itself shows (the store never copies)
    store.begin()
    rows.put(store, "r", { ...previous, label: "d" })
    store.commit()
    expect(rows.get(store, "r")).toEqual({ n: 1n, label: "d", inner: { k: 2 } })
  })

  it("an out-of-range put throws RecordInvalid and writes nothing", () => {
    const store = new StateStore()
    const pk = PublicKey.make("ab".repeat(32))
    store.begin()
    accounts.put(store, pk, { nonce: 1n })
    store.commit()
    const dump = store.dumpJson()
    const root = store.root()
    for (const nonce of [-1n, U64_MAX + 1n]) {
      store.begin()
      expect(() => accounts.put(store, pk, { nonce })).toThrow(RecordInvalid)
      store.commit()
      expect(store.dumpJson()).toBe(dump)
      expect(store.root()).toEqual(root)
    }
  })

  it("a schema that is not a plain struct has no change validator (puts validate it in full)", () => {
    expect(compileChangeValidator(Schema.Struct({ a: U64 }))).not.toBeNull()
    expect(compileChangeValidator(Schema.Struct({ a: U64, b: U64 }).pipe(Schema.filter((r) => r.a <= r.b)))).toBeNull()
    expect(compileChangeValidator(Schema.Union(Schema.Struct({ a: U64 }), Schema.Struct({ b: U64 })))).toBeNull()
    expect(compileChangeValidator(Schema.Record({ key: Schema.String, value: U64 }))).toBeNull()
    // a record-level filter spanning two fields is checked on every put, even when one field changes
    const Ordered = Schema.Struct({ a: U64, b: U64 }).pipe(Schema.filter((r) => r.a <= r.b))
    const ordered = defineTable("test-ordered", Ordered)
    const store = new StateStore()
    store.begin()
    ordered.put(store, "x", { a: 1n, b: 2n })
    expect(() => ordered.put(store, "x", { a: 3n, b: 2n })).toThrow(RecordInvalid)
    store.commit()
    expect(ordered.get(store, "x")).toEqual({ a: 1n, b: 2n })
  })

  it("a struct or a record refuses an array and an empty struct is `{}`, as in Schema.is (found by the change-validator property)", () => {
    const schemas: ReadonlyArray<Schema.Schema.AnyNoContext> = [Schema.Record({ key: Schema.String, value: U64 }), Schema.Struct({ length: Schema.Number }), Schema.Struct({})]
    for (const schema of schemas) for (const v of [[], [1], {}, 1, "", null, undefined]) expect(compileValidator(schema)(v), `${String(schema)} at ${String(v)}`).toBe(Schema.is(schema)(v))
    expect(compileValidator(Schema.Struct({ length: Schema.Number }))([1])).toBe(false)
  })

  it("fields are own properties: inherited values and shadowed names are refused as Schema.is refuses them, plain or not", () => {
    const Row = Schema.Struct({ a: U64, constructor: Schema.optional(Schema.Unknown), toString: Schema.Unknown })
    const full = compileValidator(Row)
    const change = compileChangeValidator(Row)!
    const is = Schema.is(Row)
    const valid = { a: 1n, toString: 1 }
    class Instance {
      a = 2n
      toString = 3
    }
    const candidates: unknown[] = [
      valid,
      { a: 1n },
      { a: 1n, toString: undefined },
      { a: 1n, toString: 1, constructor: undefined },
      Object.create({ a: 1n, toString: 1 }),
      Object.assign(Object.create({ a: 1n }), { toString: 1 }),
      Object.assign(Object.create(null), { a: 1n, toString: 1 }),
      Object.assign(Object.create(null), { a: 1n }),
      new Instance()
    ]
    for (const v of candidates) {
      expect(full(v)).toBe(is(v))
      expect(change(valid, v)).toBe(is(v))
      expect(change(new Instance(), v)).toBe(is(v))
    }
    expect(candidates.filter((v) => is(v)).length).toBe(5)
  })

  it("U64 accepts exactly [0, 2^64 − 1]", () => {
    const v = compileValidator(U64)
    expect([0n, U64_MAX].map(v)).toEqual([true, true])
    expect([-1n, U64_MAX + 1n, 0, "0"].map(v)).toEqual([false, false, false, false])
  })

  it("numeric range refinements checked inline agree with Schema.is, and an overridden bound falls back", () => {
    const ranges = [
      Schema.Int.pipe(Schema.between(0, 51)),
      Schema.Number.pipe(Schema.between(-2.5, 7)),
      Schema.Number.pipe(Schema.greaterThanOrEqualTo(3)),
      Schema.Number.pipe(Schema.lessThanOrEqualTo(-1)),
      Schema.Number.pipe(Schema.greaterThan(0)),
      Schema.Number.pipe(Schema.lessThan(100)),
      Schema.NonNegative,
      Schema.Positive,
      // the JSON Schema annotation lies about the bound: the inline check must not trust it
      Schema.Number.pipe(Schema.between(0, 10, { jsonSchema: { minimum: 0, maximum: 1000 } }))
    ]
    const edges = [Number.NaN, -1, -0.5, 0, 0.5, 1, 2.5, 3, 7, 7.5, 10, 11, 51, 52, 99.5, 100, 1000, -3, 1.5, Infinity, -Infinity, "1", 1n, null]
    for (const r of ranges) {
      const is = Schema.is(r)
      const compiled = compileValidator(r)
      for (const v of edges) expect(compiled(v), `${String(r)} at ${String(v)}`).toBe(is(v))
      fc.assert(
        fc.property(fc.double(), (v) => compiled(v) === is(v)),
        { seed: SEED, numRuns: 300 }
      )
    }
  })
})

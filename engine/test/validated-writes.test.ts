/**
 * Records are validated when written: the compiled validator of every engine table agrees with
 * Schema.is on generated records (Arbitrary.make) and on the same records with one field pushed
 * out of range or out of type; an invalid put throws RecordInvalid and writes nothing.
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
import { compileValidator } from "../state/validate.ts"

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
}
const caseOf = <A, I>(t: TableDef<A, I>): Case => ({
  name: t.name,
  arbitrary: Arbitrary.make(t.schema),
  is: Schema.is(t.schema),
  compiled: compileValidator(t.schema),
  put: (v) => t.isValid(v)
})

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

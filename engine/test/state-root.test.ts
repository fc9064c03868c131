import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Schema } from "effect"
import { StateStore, defineTable } from "../state/store.ts"
import { U64 } from "../schema/primitives.ts"

const balances = defineTable("test-balance", Schema.Struct({ amount: U64 }))
const notes = defineTable("test-note", Schema.Struct({ text: Schema.String }))

const write = (store: StateStore, rows: ReadonlyArray<readonly [string, bigint]>) => {
  store.begin()
  for (const [k, v] of rows) balances.put(store, k, { amount: v })
  store.commit()
}

describe("state root", () => {
  const rows = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.bigInt({ min: 0n, max: 10n ** 12n })), {
    selector: ([k]) => k,
    minLength: 1,
    maxLength: 40
  })

  it("equal states have equal roots whatever the order and batching of writes", () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 5 }), (rs, chunk) => {
        const a = new StateStore()
        write(a, rs)
        const b = new StateStore()
        const reversed = [...rs].reverse()
        for (let i = 0; i < reversed.length; i += chunk) {
          write(b, reversed.slice(i, i + chunk))
          b.root()
        }
        expect(b.root()).toEqual(a.root())
      }),
      { numRuns: 100 }
    )
  })

  it("any difference (a value, a key, a table, a deletion) changes the root", () => {
    fc.assert(
      fc.property(rows, fc.nat(), (rs, pick) => {
        const base = new StateStore()
        write(base, rs)
        const root = base.root()
        const [k, v] = rs[pick % rs.length]!
        const changed = new StateStore()
        write(changed, rs.map(([kk, vv]) => [kk, kk === k ? v + 1n : vv] as const))
        expect(changed.root()).not.toEqual(root)
        const deleted = new StateStore()
        write(deleted, rs)
        deleted.begin()
        balances.delete(deleted, k)
        deleted.commit()
        expect(deleted.root()).not.toEqual(root)
        const otherTable = new StateStore()
        write(otherTable, rs)
        otherTable.begin()
        notes.put(otherTable, k, { text: v.toString() })
        otherTable.commit()
        expect(otherTable.root()).not.toEqual(root)
      }),
      { numRuns: 100 }
    )
  })

  it("a rolled-back transaction leaves state and root exactly as before", () => {
    const s = new StateStore()
    write(s, [["a", 1n], ["b", 2n]])
    const root = s.root()
    const dump = s.dumpJson()
    s.begin()
    balances.put(s, "a", { amount: 99n })
    balances.delete(s, "b")
    balances.put(s, "c", { amount: 3n })
    s.rollback()
    expect(s.dumpJson()).toBe(dump)
    expect(s.root()).toEqual(root)
  })

  it("writes outside a transaction are refused", () => {
    const s = new StateStore()
    expect(() => balances.put(s, "a", { amount: 1n })).toThrow(/outside a state transaction/)
  })
})

/**
 * The incremental root equals the root of the state built from scratch, whatever happened in
 * between: random puts and deletes in transactions that commit or roll back, blocks that commit
 * or roll back (with a root taken inside the block first, as chain mode does), roots taken at
 * random points, keys created and deleted between two roots (which the store skips, store.ts).
 */
import fc from "fast-check"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { StateStore, defineTable } from "../state/store.ts"
import { U64 } from "../schema/primitives.ts"

const cells = defineTable("test-cell", Schema.Struct({ v: U64 }))
const marks = defineTable("test-mark", Schema.Struct({ on: Schema.Boolean }))

const Op = fc.oneof(
  fc.record({ kind: fc.constant("put" as const), key: fc.integer({ min: 0, max: 7 }), v: fc.bigInt({ min: 0n, max: 3n }) }),
  fc.record({ kind: fc.constant("delete" as const), key: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("mark" as const), key: fc.integer({ min: 0, max: 3 }) })
)
const Tx = fc.record({ ops: fc.array(Op, { maxLength: 6 }), commit: fc.boolean(), root_after: fc.boolean() })
const BlockOf = fc.record({ txs: fc.array(Tx, { maxLength: 4 }), root_inside: fc.boolean(), commit: fc.boolean() })

describe("incremental state root", () => {
  it("equals the root of the final state written at once, after any history of commits, rollbacks and roots", () => {
    let skippedKeys = 0
    fc.assert(
      fc.property(fc.array(BlockOf, { minLength: 1, maxLength: 8 }), (blocks) => {
        const s = new StateStore()
        for (const b of blocks) {
          s.beginBlock()
          for (const tx of b.txs) {
            s.begin()
            for (const op of tx.ops) {
              const key = `k${op.key}`
              if (op.kind === "put") cells.put(s, key, { v: op.v })
              else if (op.kind === "delete") {
                if (cells.has(s, key) && !tx.commit) skippedKeys++
                cells.delete(s, key)
              } else if (marks.has(s, key)) marks.delete(s, key)
              else marks.put(s, key, { on: true })
            }
            if (tx.commit) s.commit()
            else s.rollback()
            if (tx.root_after) s.root()
          }
          if (b.root_inside) s.root()
          if (b.commit) s.commitBlock()
          else s.rollbackBlock()
        }
        const fresh = new StateStore()
        fresh.begin()
        for (const [k, row] of cells.entries(s)) cells.put(fresh, k, row)
        for (const [k, row] of marks.entries(s)) marks.put(fresh, k, row)
        fresh.commit()
        expect(s.root()).toEqual(fresh.root())
        expect(s.dumpJson()).toBe(fresh.dumpJson())
        // and proofs agree with the fresh tree for every key, present or absent
        for (let k = 0; k < 8; k++) expect(s.prove("test-cell", `k${k}`)).toEqual(fresh.prove("test-cell", `k${k}`))
      }),
      { numRuns: 120 }
    )
    expect(skippedKeys).toBeGreaterThan(20)
  })
})

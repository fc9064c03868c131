/**
 * The authenticated state (state/auth/): after random write/delete sequences every key, present
 * or absent, has a proof that the standalone verifier accepts; any flipped bit in the proof, the
 * value or the root is refused; the root is independent of write order, equals a from-scratch
 * rebuild, and a rolled-back block leaves it (and its proofs) exactly as before. The proof wire
 * format round-trips and refuses truncations and trailing bytes with ProofMalformed (120).
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { Either, Schema } from "effect"
import { ProofMalformed } from "../errors.ts"
import { concatBytes, utf8 } from "../codec/bytes.ts"
import { makeTag, taggedHash } from "../crypto/tagged-hash.ts"
import { U64 } from "../schema/primitives.ts"
import { EMPTY_ROOT, keyPath } from "../state/auth/hash.ts"
import { STATE_PROOF_CODEC, decodeStateProof, encodeStateProof, type StateProof } from "../state/auth/proof.ts"
import { SparseMerkleTree } from "../state/auth/tree.ts"
import { verifyStateProof, verifyStateProofBytes } from "../state/auth/verify-proof.ts"
import { StateStore, defineTable } from "../state/store.ts"

const coins = defineTable("proof-coin", Schema.Struct({ amount: U64 }))
const names = defineTable("proof-name", Schema.Struct({ name: Schema.String }))

type Op = { readonly table: 0 | 1; readonly key: string; readonly value: bigint | null }

const keyArb = fc.string({ minLength: 0, maxLength: 3, unit: fc.constantFrom("a", "b", "c", "d", "é") })
const opArb: fc.Arbitrary<Op> = fc.record({
  table: fc.constantFrom<0 | 1>(0, 1),
  key: keyArb,
  value: fc.option(fc.bigInt({ min: 0n, max: 1000n }), { freq: 4 })
})
const opsArb = fc.array(opArb, { maxLength: 60 })
const TABLES = ["proof-coin", "proof-name"] as const

const applyOps = (store: StateStore, ops: ReadonlyArray<Op>, chunk = ops.length || 1): void => {
  for (let i = 0; i < ops.length; i += chunk) {
    store.begin()
    for (const op of ops.slice(i, i + chunk)) {
      if (op.table === 0) {
        if (op.value === null) coins.delete(store, op.key)
        else coins.put(store, op.key, { amount: op.value })
      } else if (op.value === null) names.delete(store, op.key)
      else names.put(store, op.key, { name: `n${op.value}` })
    }
    store.commit()
    store.root()
  }
}

/** the final rows of a sequence, written once each in a fresh store (sorted: another order) */
const rebuild = (ops: ReadonlyArray<Op>): StateStore => {
  const last = new Map<string, Op>()
  for (const op of ops) last.set(`${op.table}/${op.key}`, op)
  const live = [...last.values()].filter((o) => o.value !== null).sort((a, b) => (`${a.table}/${a.key}` < `${b.table}/${b.key}` ? 1 : -1))
  const s = new StateStore()
  applyOps(s, live)
  return s
}

const flipBit = (b: Uint8Array, bit: number): Uint8Array => {
  const out = Uint8Array.from(b)
  out[(bit >> 3) % out.length]! ^= 1 << (bit & 7)
  return out
}

const probeKeys = (ops: ReadonlyArray<Op>): Array<readonly [string, string]> => {
  const out: Array<readonly [string, string]> = []
  for (const t of TABLES) for (const k of ["", "a", "b", "zz", ...ops.map((o) => o.key)]) out.push([t, k])
  return out
}

describe("authenticated state: proofs", () => {
  it("every present and absent key has a proof the standalone verifier accepts, and only for its true value", () => {
    fc.assert(
      fc.property(opsArb, fc.integer({ min: 1, max: 7 }), (ops, chunk) => {
        const s = new StateStore()
        applyOps(s, ops, chunk)
        for (const [table, key] of probeKeys(ops)) {
          const { root, value, proof } = s.prove(table, key)
          expect(verifyStateProof({ root, table, key, value }, proof)).toBe(true)
          // the bytes form too
          expect(verifyStateProofBytes({ root, table, key, value }, encodeStateProof(proof))).toEqual(Either.right(true))
          // a wrong claim fails: present claimed absent, absent claimed present, another value
          const wrong = value === null ? new Uint8Array([0]) : null
          expect(verifyStateProof({ root, table, key, value: wrong }, proof)).toBe(false)
          if (value !== null) expect(verifyStateProof({ root, table, key, value: Uint8Array.of(...value, 0) }, proof)).toBe(false)
          // another key of the same table, or the same key of the other table
          expect(verifyStateProof({ root, table, key: `${key}x`, value }, proof) && value !== null).toBe(false)
          const other = table === TABLES[0] ? TABLES[1] : TABLES[0]
          if (value !== null) expect(verifyStateProof({ root, table: other, key, value }, proof)).toBe(false)
        }
      }),
      { numRuns: 120 }
    )
  })

  it("a flipped bit anywhere in the proof bytes, the value or the root is refused", () => {
    fc.assert(
      fc.property(opsArb, fc.nat(), fc.nat(), (ops, pick, bit) => {
        const s = new StateStore()
        applyOps(s, ops)
        const probes = probeKeys(ops)
        const [table, key] = probes[pick % probes.length]!
        const { root, value, proof } = s.prove(table, key)
        const bytes = encodeStateProof(proof)
        const flipped = flipBit(bytes, bit % (8 * bytes.length))
        const r = verifyStateProofBytes({ root, table, key, value }, flipped)
        if (Either.isLeft(r)) expect(r.left).toBeInstanceOf(ProofMalformed)
        else expect(r.right).toBe(false)
        expect(verifyStateProof({ root: flipBit(root, bit % 256), table, key, value }, proof)).toBe(false)
        if (value !== null && value.length > 0) expect(verifyStateProof({ root, table, key, value: flipBit(value, bit % (8 * value.length)) }, proof)).toBe(false)
      }),
      { numRuns: 300 }
    )
  })

  it("the root is independent of write order and batching and equals a from-scratch rebuild", () => {
    fc.assert(
      fc.property(opsArb, fc.integer({ min: 1, max: 9 }), (ops, chunk) => {
        const a = new StateStore()
        applyOps(a, ops, chunk)
        const b = rebuild(ops)
        expect(a.root()).toEqual(b.root())
        // the tree alone: the same leaves inserted in two orders
        const leaves = [...new Set(ops.map((o) => `${o.table}/${o.key}`))]
        const t1 = new SparseMerkleTree()
        const t2 = new SparseMerkleTree()
        for (const l of leaves) t1.set(keyPath("t", l), keyPath("v", l))
        for (const l of [...leaves].reverse()) t2.set(keyPath("t", l), keyPath("v", l))
        expect(t1.root()).toEqual(t2.root())
        expect(t1.size).toBe(leaves.length)
        for (const l of leaves) t1.delete(keyPath("t", l))
        expect(t1.root()).toEqual(EMPTY_ROOT)
      }),
      { numRuns: 150 }
    )
  })

  it("a rolled-back block (root taken inside it, as applyBlock does) leaves the root and every proof as before", () => {
    fc.assert(
      fc.property(opsArb, opsArb, (before, inBlock) => {
        const s = new StateStore()
        applyOps(s, before)
        const root = s.root()
        const proofs = probeKeys([...before, ...inBlock]).map(([t, k]) => s.prove(t, k))
        s.beginBlock()
        applyOps(s, inBlock, 3)
        s.root()
        s.rollbackBlock()
        expect(s.root()).toEqual(root)
        expect(probeKeys([...before, ...inBlock]).map(([t, k]) => s.prove(t, k))).toEqual(proofs)
        expect(s.root()).toEqual(rebuild(before).root())
      }),
      { numRuns: 100 }
    )
  })

  it("the key path is H_key(varint(len table) ‖ table ‖ key) in UTF-8, ASCII fast path or not", () => {
    const tag = makeTag("nullspace/state/key")
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 100 })), fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 20 })), (table, key) => {
        const t = utf8(table)
        const len = t.length < 0x80 ? [t.length] : [(t.length & 0x7f) | 0x80, t.length >> 7]
        expect(t.length).toBeLessThan(1 << 14)
        expect(keyPath(table, key)).toEqual(taggedHash(tag, concatBytes(Uint8Array.from(len), t, utf8(key))))
      }),
      { numRuns: 200 }
    )
  })

  it("an empty state: the empty root, and an Empty proof for any key", () => {
    const s = new StateStore()
    const { root, value, proof } = s.prove("proof-coin", "a")
    expect(root).toEqual(EMPTY_ROOT)
    expect(value).toBeNull()
    expect(proof).toEqual({ terminal: { _tag: "Empty" }, steps: [] })
    expect(verifyStateProof({ root, table: "proof-coin", key: "a", value: null }, proof)).toBe(true)
    expect(verifyStateProof({ root, table: "proof-coin", key: "a", value: new Uint8Array(0) }, proof)).toBe(false)
  })
})

const digest = fc.uint8Array({ minLength: 32, maxLength: 32 })
const proofArb: fc.Arbitrary<StateProof> = fc.oneof(
  fc.constant<StateProof>({ terminal: { _tag: "Empty" }, steps: [] }),
  fc
    .tuple(
      fc.option(fc.record({ path: digest, value_hash: digest }), { nil: undefined }),
      fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }),
      fc.array(digest, { minLength: 12, maxLength: 12 })
    )
    .map(([other, bits, sibs]): StateProof => ({
      terminal: other === undefined ? { _tag: "Member" } : { _tag: "OtherLeaf", ...other },
      steps: [...bits].sort((x, y) => x - y).map((bit, i) => ({ bit, sibling: sibs[i]! }))
    }))
)

describe("state proof wire format", () => {
  const malformed = (r: Either.Either<StateProof, ProofMalformed>): void => {
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r)) {
      expect(r.left._tag).toBe("ProofMalformed")
      expect(r.left.code).toBe(120)
    }
  }
  it("round trip; every truncation and any trailing bytes are ProofMalformed", () => {
    fc.assert(
      fc.property(proofArb, fc.uint8Array({ minLength: 1, maxLength: 8 }), (p, extra) => {
        expect(STATE_PROOF_CODEC.is(p)).toBe(true)
        const bytes = encodeStateProof(p)
        expect(decodeStateProof(bytes)).toEqual(Either.right(p))
        for (let n = 0; n < bytes.length; n++) malformed(decodeStateProof(bytes.subarray(0, n)))
        malformed(decodeStateProof(Uint8Array.of(...bytes, ...extra)))
      }),
      { numRuns: 80 }
    )
  })
  it("refuses unknown terminals, steps on an empty proof, and bits out of order", () => {
    malformed(decodeStateProof(Uint8Array.of(3, 0)))
    malformed(decodeStateProof(Uint8Array.of(1, 1, 0, ...new Uint8Array(32))))
    malformed(decodeStateProof(Uint8Array.of(0, 2, 5, ...new Uint8Array(32), 5, ...new Uint8Array(32))))
    malformed(decodeStateProof(Uint8Array.of(0, 2, 9, ...new Uint8Array(32), 4, ...new Uint8Array(32))))
    expect(Either.isRight(decodeStateProof(Uint8Array.of(0, 2, 4, ...new Uint8Array(32), 9, ...new Uint8Array(32))))).toBe(true)
  })
})

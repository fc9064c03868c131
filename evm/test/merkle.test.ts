/** The claim tree (evm.md §4) against the spec's vectors, and proofs self-verify. */
import fc from "fast-check"
import { getAddress, type Address } from "viem"
import { describe, expect, it } from "vitest"
import { buildTree, leafOf, verifyProof } from "../src/merkle.ts"

const addr = (byte: string): Address => getAddress(`0x${byte.repeat(20)}`)
const A = addr("11")
const B = addr("22")
const C = addr("33")
const D = addr("44")

describe("merkle vectors (evm.md §4.1)", () => {
  it("leaves", () => {
    expect(leafOf({ address: A, amount: 1000n })).toBe("0x5e3505fa1d56d9f3f4217b39ab8eefdaebce7bf5d3f8ae940765ed1d4680d96d")
    expect(leafOf({ address: B, amount: 2000n })).toBe("0x1fda6619592f04c74f969bf69af3d6ec5f429b9cd9f8a76c0015fb5aad220312")
    expect(leafOf({ address: C, amount: 3000n })).toBe("0xcc2cd48854227eddd02a28e6de549995df907201816c51b7298d493a1037539e")
    // address case does not matter: the bytes are hashed
    expect(leafOf({ address: getAddress(A.toLowerCase()), amount: 1000n })).toBe(leafOf({ address: A, amount: 1000n }))
  })

  it("two leaves: same root in either order; each proof is the other leaf", () => {
    const t = buildTree([{ address: A, amount: 1000n }, { address: B, amount: 2000n }])
    expect(t.root).toBe("0x5e650e29b046c54684493227affdc3b70d473d75999bc6bf7c33f41c07d4efa1")
    expect(buildTree([{ address: B, amount: 2000n }, { address: A, amount: 1000n }]).root).toBe(t.root)
    expect(t.proof(0)).toEqual([t.leaves[1]])
    expect(t.proof(1)).toEqual([t.leaves[0]])
  })

  it("three leaves: the odd one is carried up; order changes the root", () => {
    const t = buildTree([{ address: A, amount: 1000n }, { address: B, amount: 2000n }, { address: C, amount: 3000n }])
    expect(t.root).toBe("0xfcef9e4825571c2498c5f03c8deb5ebb13fc14632ac556d5db9f2600801e3df5")
    expect(t.proof(0)).toEqual([t.leaves[1], t.leaves[2]])
    expect(t.proof(2)).toEqual(["0x5e650e29b046c54684493227affdc3b70d473d75999bc6bf7c33f41c07d4efa1"])
    const reversed = buildTree([{ address: C, amount: 3000n }, { address: B, amount: 2000n }, { address: A, amount: 1000n }])
    expect(reversed.root).toBe("0x5908b97f91676a7b429537d5cc12214fd197ed4d4dffa47eee16ea6cf1a0bbf6")
  })

  it("one leaf: the root is the leaf, the proof empty", () => {
    const t = buildTree([{ address: A, amount: 1000n }])
    expect(t.root).toBe(leafOf({ address: A, amount: 1000n }))
    expect(t.proof(0)).toEqual([])
  })

  it("four leaves and C's proof", () => {
    const t = buildTree([{ address: A, amount: 1n }, { address: B, amount: 2n }, { address: C, amount: 3n }, { address: D, amount: 4n }])
    expect(t.root).toBe("0xc9a09e7066ff88b6065806fe653fda715f8dfac54da3db026914f1acd6368069")
    const p = t.proof(2)
    expect(p).toHaveLength(2)
    expect(p[0]?.slice(0, 6)).toBe("0x2450")
    expect(p[0]?.slice(-4)).toBe("6885")
    expect(p[1]?.slice(0, 6)).toBe("0xb38b")
    expect(p[1]?.slice(-4)).toBe("6c09")
  })

  it("fee rounds: [A1500, B2500]", () => {
    expect(buildTree([{ address: A, amount: 1500n }, { address: B, amount: 2500n }]).root).toBe("0x71179ae9bd28e9be6d02f023046867c116b2d8c384868be29fc56d9a42af7277")
  })

  it("an empty list is a typed error", () => {
    expect(() => buildTree([])).toThrow(expect.objectContaining({ _tag: "EmptyClaims", code: 440 }))
  })

  it("every proof of every tree verifies, and a wrong amount does not (property, seeded)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 255 }), fc.bigInt({ min: 1n, max: 2n ** 96n })), { minLength: 1, maxLength: 40 }), (rows) => {
        const claims = rows.map(([b, amount]) => ({ address: getAddress(`0x${b.toString(16).padStart(2, "0").repeat(20)}`), amount }))
        const t = buildTree(claims)
        claims.forEach((c, i) => {
          expect(verifyProof(t.root, leafOf(c), t.proof(i))).toBe(true)
          expect(verifyProof(t.root, leafOf({ ...c, amount: c.amount + 1n }), t.proof(i))).toBe(false)
        })
      }),
      { numRuns: 60 }
    )
  })
})

/**
 * The claim tree both distributors verify (evm.md §4): leaf = keccak256(address ‖ uint256 amount)
 * (abi.encodePacked, hashed once); leaves in list order; each level pairs neighbours left to right
 * with keccak256(min ‖ max) (OpenZeppelin's sorted-pair hash); an odd last node is carried up
 * unchanged; a one-leaf tree's root is the leaf. Proofs are the siblings from leaf to root.
 */
import { concat, encodePacked, keccak256, type Address, type Hex } from "viem"
import { EvmScriptError } from "./errors.ts"

export interface Claim {
  readonly address: Address
  readonly amount: bigint
}

/** a bound on tree size (2^24 leaves: far beyond any claim list) */
export const LEAVES_MAX = 1 << 24

export const leafOf = (c: Claim): Hex => keccak256(encodePacked(["address", "uint256"], [c.address, c.amount]))

export const hashPair = (a: Hex, b: Hex): Hex => (a.toLowerCase() <= b.toLowerCase() ? keccak256(concat([a, b])) : keccak256(concat([b, a])))

export interface MerkleTree {
  readonly root: Hex
  readonly leaves: ReadonlyArray<Hex>
  /** the proof of the leaf at `index` */
  readonly proof: (index: number) => ReadonlyArray<Hex>
}


export const buildTree = (claims: ReadonlyArray<Claim>): MerkleTree => {
  if (claims.length === 0) throw new EvmScriptError("EmptyClaims", "a claim tree needs at least one claim")
  if (claims.length > LEAVES_MAX) throw new EvmScriptError("InvalidInput", `more than ${LEAVES_MAX} claims`)
  const leaves = claims.map(leafOf)
  const levels: Hex[][] = [leaves]
  for (let level = leaves; level.length > 1; ) {
    const next: Hex[] = []
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i]
      const b = level[i + 1]
      if (a === undefined) break
      next.push(b === undefined ? a : hashPair(a, b))
    }
    levels.push(next)
    level = next
  }
  const top = levels[levels.length - 1]?.[0]
  if (top === undefined) throw new EvmScriptError("EmptyClaims", "a claim tree needs at least one claim")
  return {
    root: top,
    leaves,
    proof: (index) => {
      if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new EvmScriptError("InvalidInput", `no leaf ${index}`)
      const out: Hex[] = []
      let i = index
      for (const level of levels.slice(0, -1)) {
        const sibling = level[i % 2 === 0 ? i + 1 : i - 1]
        if (sibling !== undefined) out.push(sibling)
        i = Math.floor(i / 2)
      }
      return out
    }
  }
}

/** OpenZeppelin MerkleProof.verify: fold the sorted-pair hash over the proof */
export const verifyProof = (root: Hex, leaf: Hex, proof: ReadonlyArray<Hex>): boolean =>
  proof.reduce<Hex>((h, sibling) => hashPair(h, sibling), leaf).toLowerCase() === root.toLowerCase()

/**
 * The authenticated state: a path-compressed binary sparse Merkle tree (a crit-bit / PATRICIA
 * trie with Merkle hashes) over 256-bit key paths P = H(table, key), whose leaves commit to
 * H(value) (hash.ts).
 *
 * Structure: a leaf per key; an inner node wherever two subtrees' paths first differ, holding
 * the bit it splits on (every path under it agrees on all earlier bits; bit = 0 goes left). One-
 * child levels do not exist: a single key is the root leaf, n keys have exactly n − 1 inner
 * nodes, and the shape is a function of the key set alone, so the root is independent of the
 * order of writes. Hashes: leaf = H_leaf(P ‖ V), node = H_node(bit ‖ left ‖ right), empty state
 * = H_empty. A node commits to its bit, so a proof of the search path cannot move a leaf.
 *
 * Incremental: a write walks the key's path once, clears the cached hash of every inner node it
 * passes (and inserts or removes at most one inner node); `root()` rehashes only the nodes whose
 * hash was cleared: the paths touched since the last root. Writing a value equal to the stored
 * one changes nothing.
 *
 * Proofs (proof.ts): the search path of a key, siblings root first, ending at the key's leaf
 * (inclusion), at another key's leaf (exclusion: the search for a present key always ends at
 * it), or at the empty state. verify-proof.ts checks one against a root without a tree.
 */
import { assert } from "../../assert.ts"
import { bytesEqual } from "../../codec/bytes.ts"
import { EMPTY_ROOT, PATH_BITS, bitAt, firstDifference, leafHash, nodeHash } from "./hash.ts"
import type { ProofStep, StateProof } from "./proof.ts"

interface Leaf {
  readonly leaf: true
  readonly path: Uint8Array
  value_hash: Uint8Array
  hash: Uint8Array | null
}

interface Inner {
  readonly leaf: false
  readonly bit: number
  left: Node
  right: Node
  hash: Uint8Array | null
}

type Node = Leaf | Inner

const hashOf = (n: Node): Uint8Array => {
  if (n.hash !== null) return n.hash
  n.hash = n.leaf ? leafHash(n.path, n.value_hash) : nodeHash(n.bit, hashOf(n.left), hashOf(n.right))
  return n.hash
}

export class SparseMerkleTree {
  private top: Node | null = null
  private leaves = 0
  /** the inner nodes of the last walk, root first (a path has at most 256) */
  private readonly stack: Inner[] = []

  get size(): number {
    return this.leaves
  }

  /** walk the search path of `path`, filling `stack`; the leaf it ends at (null: empty tree) */
  private walk(path: Uint8Array): Leaf | null {
    const stack = this.stack
    stack.length = 0
    let n = this.top
    if (n === null) return null
    while (!n.leaf) {
      stack.push(n)
      n = bitAt(path, n.bit) === 1 ? n.right : n.left
    }
    assert(stack.length <= PATH_BITS, "a search path has at most 256 inner nodes")
    return n
  }

  private replaceChild(parent: Inner | undefined, path: Uint8Array, child: Node): void {
    if (parent === undefined) this.top = child
    else if (bitAt(path, parent.bit) === 1) parent.right = child
    else parent.left = child
  }

  /** set the value hash of a path (insert or update) */
  set(path: Uint8Array, value_hash: Uint8Array): void {
    const found = this.walk(path)
    const stack = this.stack
    if (found === null) {
      this.top = { leaf: true, path, value_hash, hash: null }
      this.leaves = 1
      return
    }
    const d = firstDifference(found.path, path)
    if (d < 0) {
      if (bytesEqual(found.value_hash, value_hash)) return
      found.value_hash = value_hash
      found.hash = null
      for (const s of stack) s.hash = null
      return
    }
    // the new inner node goes below every node of the path that splits before bit d
    let k = 0
    while (k < stack.length && stack[k]!.bit < d) {
      stack[k]!.hash = null
      k++
    }
    const below: Node = stack[k] ?? found
    const leaf: Leaf = { leaf: true, path, value_hash, hash: null }
    const inner: Inner =
      bitAt(path, d) === 1 ? { leaf: false, bit: d, left: below, right: leaf, hash: null } : { leaf: false, bit: d, left: leaf, right: below, hash: null }
    this.replaceChild(stack[k - 1], path, inner)
    this.leaves++
  }

  /** remove a path (absent: nothing changes) */
  delete(path: Uint8Array): void {
    const found = this.walk(path)
    if (found === null || !bytesEqual(found.path, path)) return
    const stack = this.stack
    const parent = stack.pop()
    this.leaves--
    if (parent === undefined) {
      this.top = null
      return
    }
    const sibling = bitAt(path, parent.bit) === 1 ? parent.left : parent.right
    for (const s of stack) s.hash = null
    this.replaceChild(stack[stack.length - 1], path, sibling)
  }

  /** the value hash stored at a path, or null */
  get(path: Uint8Array): Uint8Array | null {
    const found = this.walk(path)
    return found !== null && bytesEqual(found.path, path) ? found.value_hash : null
  }

  root(): Uint8Array {
    return this.top === null ? EMPTY_ROOT : hashOf(this.top)
  }

  /** the proof of a path's value or absence against `root()` */
  prove(path: Uint8Array): StateProof {
    const found = this.walk(path)
    if (found === null) return { terminal: { _tag: "Empty" }, steps: [] }
    const steps: ProofStep[] = this.stack.map((s) => ({ bit: s.bit, sibling: hashOf(bitAt(path, s.bit) === 1 ? s.left : s.right) }))
    if (bytesEqual(found.path, path)) return { terminal: { _tag: "Member" }, steps }
    return { terminal: { _tag: "OtherLeaf", path: found.path, value_hash: found.value_hash }, steps }
  }
}

/**
 * The state root: the root of the authenticated state tree (auth/tree.ts) over every
 * (table, key) → canonical record bytes. The store hands it each key changed since the last root
 * (store.ts `flushRoot`); only those paths are rehashed. Equal states give equal roots whatever
 * the order of writes; any difference changes the root; any (table, key) has an inclusion or
 * exclusion proof against it (auth/proof.ts, checked by auth/verify-proof.ts).
 */
import { keyPath, valueHash } from "./auth/hash.ts"
import type { StateProof } from "./auth/proof.ts"
import { SparseMerkleTree } from "./auth/tree.ts"

export class StateRoot {
  private readonly tree = new SparseMerkleTree()

  /** record the current value of a key (null = deleted) */
  set(table: string, key: string, valueBytes: Uint8Array | null): void {
    const path = keyPath(table, key)
    if (valueBytes === null) this.tree.delete(path)
    else this.tree.set(path, valueHash(valueBytes))
  }

  root(): Uint8Array {
    return this.tree.root()
  }

  /** the proof for (table, key) against `root()` (call after the changes are recorded) */
  prove(table: string, key: string): StateProof {
    return this.tree.prove(keyPath(table, key))
  }

  /** the number of keys in the state */
  get size(): number {
    return this.tree.size
  }
}

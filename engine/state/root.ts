/**
 * The state root: a two-level hash tree that commits to every (table, key, value) in the state.
 * Leaves are grouped into 4,096 buckets by the first 12 bits of SHA-256(table || 0x00 || key);
 * a bucket digest hashes its leaves in key order, the root hashes the bucket digests in order.
 * Only buckets touched since the last root are recomputed, so the cost of a root is proportional
 * to what a block changed. Equal states give equal roots; any difference changes the root
 * (collision resistance of SHA-256).
 */
import { ByteWriter, toHex, utf8 } from "../codec/bytes.ts"
import { sha256, sha256Concat } from "../crypto/sha256.ts"

export const ROOT_BUCKETS = 4096
const EMPTY_BUCKET = new Uint8Array(32)

interface Leaf {
  readonly path: string
  readonly digest: Uint8Array
}

export class StateRoot {
  private readonly buckets: Array<Map<string, Leaf>> = Array.from({ length: ROOT_BUCKETS }, () => new Map())
  private readonly bucketDigests: Uint8Array[] = Array.from({ length: ROOT_BUCKETS }, () => EMPTY_BUCKET)
  private readonly dirty = new Set<number>()
  private cached: Uint8Array | null = null

  /** record the current value of a key (null = deleted) */
  set(table: string, key: string, valueBytes: Uint8Array | null): void {
    const pathBytes = new ByteWriter(table.length + key.length + 8).bytes(utf8(table)).bytes(utf8(key)).finish()
    const path = sha256(pathBytes)
    const bucket = (path[0]! << 4) | (path[1]! >> 4)
    const pathHex = toHex(path)
    const map = this.buckets[bucket]!
    if (valueBytes === null) map.delete(pathHex)
    else map.set(pathHex, { path: pathHex, digest: sha256Concat(path, valueBytes) })
    this.dirty.add(bucket)
    this.cached = null
  }

  root(): Uint8Array {
    if (this.cached !== null) return this.cached
    for (const b of this.dirty) {
      const map = this.buckets[b]!
      if (map.size === 0) {
        this.bucketDigests[b] = EMPTY_BUCKET
        continue
      }
      const leaves = [...map.values()].sort((x, y) => (x.path < y.path ? -1 : 1))
      this.bucketDigests[b] = sha256Concat(...leaves.map((l) => l.digest))
    }
    this.dirty.clear()
    this.cached = sha256Concat(...this.bucketDigests)
    return this.cached
  }
}

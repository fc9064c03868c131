/**
 * Bounded de-dupe memory: the last `capacity` keys an indexer delivered, oldest forgotten first.
 * `claim(key)` is true the first time a key is seen (the caller delivers the frame) and false while
 * the key is remembered. A key older than the window can be claimed again; the window (default
 * 4 096 frames, about 17 minutes of 4 blocks a second) is far wider than any broker redelivery.
 */
export class SeenKeys {
  private readonly set = new Set<string>()
  private readonly ring: Array<string | undefined>
  private next = 0
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`de-dupe capacity must be a positive integer, got ${capacity}`)
    this.ring = new Array<string | undefined>(capacity).fill(undefined)
  }
  claim(key: string): boolean {
    if (this.set.has(key)) return false
    const evicted = this.ring[this.next]
    if (evicted !== undefined) this.set.delete(evicted)
    this.ring[this.next] = key
    this.next = (this.next + 1) % this.capacity
    this.set.add(key)
    return true
  }
  has(key: string): boolean {
    return this.set.has(key)
  }
  get size(): number {
    return this.set.size
  }
}

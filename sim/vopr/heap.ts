/** A binary min-heap of events ordered by (time, insertion sequence): ties resolve in FIFO order. */
export interface Timed {
  readonly at_ms: number
  readonly seq: number
}

export class EventHeap<E extends Timed> {
  private readonly items: E[] = []
  constructor(private readonly capacity: number) {}
  get size(): number {
    return this.items.length
  }
  private less(a: E, b: E): boolean {
    return a.at_ms < b.at_ms || (a.at_ms === b.at_ms && a.seq < b.seq)
  }
  push(e: E): void {
    if (this.items.length >= this.capacity) throw new RangeError(`event queue over its limit of ${this.capacity}`)
    const a = this.items
    a.push(e)
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      const pi = a[p]
      if (pi === undefined || !this.less(e, pi)) break
      a[i] = pi
      i = p
    }
    a[i] = e
  }
  /** the next event, left in the queue */
  peek(): E | undefined {
    return this.items[0]
  }
  pop(): E | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (top === undefined || last === undefined || a.length === 0) return top
    let i = 0
    const n = a.length
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const al = a[l]
      const ar = a[r]
      if (al === undefined) break
      const c = ar !== undefined && this.less(ar, al) ? r : l
      const ac = c === r ? ar : al
      if (ac === undefined || !this.less(ac, last)) break
      a[i] = ac
      i = c
    }
    a[i] = last
    return top
  }
}

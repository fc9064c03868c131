/**
 * A compact per-height column: one float64 per height (8 bytes, no object per height), for what a
 * validator answers about every executed height without holding the height itself in memory:
 * where its records start in blocks.log / certificates.log, and the view of its block. Heights
 * run 1…length; a height without a value reads as null. Grows by half again when full; never
 * shrinks (neither does the chain). Callers set executed heights only, so the column is as long
 * as the chain at most; HEIGHTS_MAX is a sanity bound on one bad height asking for a huge array.
 */

/** 2^32 heights: 136 years at one block a second */
export const HEIGHTS_MAX = 2 ** 32
const CAPACITY_MIN = 1_024

export class HeightColumn {
  private values = new Float64Array(CAPACITY_MIN).fill(Number.NaN)
  private count = 0

  /** heights covered: 1…length */
  get length(): number {
    return this.count
  }

  /** bytes held (the whole allocation, spare capacity included) */
  get size_bytes(): number {
    return this.values.byteLength
  }

  /** the value of `height`, or null (none set, or outside 1…length) */
  get(height: number): number | null {
    if (!Number.isSafeInteger(height) || height < 1 || height > this.count) return null
    const v = this.values[height - 1]
    return v === undefined || Number.isNaN(v) ? null : v
  }

  /** set the value of `height`; a height past the end extends the column (skipped heights read as null) */
  set(height: number, value: number): void {
    if (!Number.isSafeInteger(height) || height < 1 || height > HEIGHTS_MAX) throw new RangeError(`height ${height} is outside 1…${HEIGHTS_MAX}`)
    if (!Number.isFinite(value)) throw new RangeError(`height ${height}: value ${value} is not finite`)
    if (height > this.values.length) {
      const grown = new Float64Array(Math.min(HEIGHTS_MAX, Math.max(height, Math.ceil(this.values.length * 1.5)))).fill(Number.NaN)
      grown.set(this.values.subarray(0, this.count))
      this.values = grown
    }
    this.values[height - 1] = value
    if (height > this.count) this.count = height
  }

  /**
   * The height whose value is `value`, in a column whose values strictly increase with height and
   * are set at every height (the views of a chain): a binary search, at most ⌈log2(length)⌉ + 1 steps.
   */
  heightOf(value: number): number | null {
    let low = 1
    let high = this.count
    for (let i = 0; i <= 64 && low <= high; i++) {
      const mid = low + Math.floor((high - low) / 2)
      const v = this.values[mid - 1]
      if (v === undefined || Number.isNaN(v)) return null
      if (v === value) return mid
      if (v < value) low = mid + 1
      else high = mid - 1
    }
    return null
  }
}

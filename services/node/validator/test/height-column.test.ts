/** The compact per-height column (height-column.ts) and the roots record codec (cert-record.ts). */
import { describe, expect, it } from "vitest"
import { CERT_ROOTS, decodeRoots, encodeCertRecord, encodeRoots, parseCertRecord } from "../cert-record.ts"
import { HeightColumn } from "../height-column.ts"

describe("HeightColumn", () => {
  it("reads back what was set, null elsewhere, across growth and gaps", () => {
    const c = new HeightColumn()
    expect(c.length).toBe(0)
    expect(c.get(1)).toBe(null)
    for (let h = 1; h <= 5_000; h++) c.set(h, h * 10)
    expect(c.length).toBe(5_000)
    expect(c.get(1)).toBe(10)
    expect(c.get(4_999)).toBe(49_990)
    expect(c.get(0)).toBe(null)
    expect(c.get(5_001)).toBe(null)
    expect(c.get(1.5)).toBe(null)
    // an offset of 0 is a value (the first record of a file), not "none"
    c.set(2, 0)
    expect(c.get(2)).toBe(0)
    // a height past the end extends the column; the skipped heights read as null
    c.set(9_000, 7)
    expect(c.length).toBe(9_000)
    expect(c.get(8_999)).toBe(null)
    expect(c.get(9_000)).toBe(7)
    expect(c.size_bytes).toBeGreaterThanOrEqual(9_000 * 8)
    expect(c.size_bytes).toBeLessThan(2 * 9_000 * 8)
    expect(() => c.set(0, 1)).toThrow(RangeError)
    expect(() => c.set(3, Number.NaN)).toThrow(RangeError)
  })

  it("finds the height of a value in a strictly increasing column (views)", () => {
    const views = new HeightColumn()
    // heights 1…3,000 at views 2, 3, 5, 6, 8, 9, … (views 1, 4, 7, … nullified: no block)
    let view = 0
    const viewOf: number[] = []
    for (let h = 1; h <= 3_000; h++) {
      view += h % 2 === 0 ? 1 : 2
      views.set(h, view)
      viewOf.push(view)
    }
    for (const [i, v] of viewOf.entries()) expect(views.heightOf(v)).toBe(i + 1)
    expect(views.heightOf(1)).toBe(null)
    expect(views.heightOf(4)).toBe(null)
    expect(views.heightOf(2_998)).toBe(null)
    expect(views.heightOf(0)).toBe(null)
    expect(views.heightOf(view + 1)).toBe(null)
    expect(new HeightColumn().heightOf(1)).toBe(null)
  })
})

describe("certificates.log roots record", () => {
  it("round-trips a height's state and events roots, and refuses a wrong length", () => {
    const roots = { state_root: "ab".repeat(32), events_root: "cd".repeat(32) }
    const parsed = parseCertRecord(encodeCertRecord(CERT_ROOTS, 300, encodeRoots(roots)))
    expect(parsed?.kind).toBe(CERT_ROOTS)
    expect(parsed?.height).toBe(300)
    expect(parsed === null ? null : decodeRoots(parsed.rest)).toEqual(roots)
    expect(decodeRoots(new Uint8Array(63))).toBe(null)
    expect(decodeRoots(new Uint8Array(65))).toBe(null)
  })
})

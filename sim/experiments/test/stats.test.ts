import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { incompleteBeta, pairedDifference, studentTCdf, studentTQuantile, summarize, t975 } from "../stats.ts"

describe("experiment statistics", () => {
  it("t(0.975, ν) matches the published two-sided 95 % critical values", () => {
    const published: ReadonlyArray<readonly [number, number]> = [
      [1, 12.7062],
      [2, 4.3027],
      [3, 3.1824],
      [5, 2.5706],
      [7, 2.3646],
      [10, 2.2281],
      [20, 2.086],
      [30, 2.0423],
      [60, 2.0003],
      [120, 1.9799]
    ]
    for (const [df, t] of published) expect(t975(df)).toBeCloseTo(t, 3)
    // ν → ∞ tends to the normal quantile 1.95996
    expect(t975(1e6)).toBeCloseTo(1.95996, 3)
  })

  it("the t CDF has closed forms for ν = 1 (Cauchy) and ν = 2", () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (t) => {
        expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 10)
        expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 10)
      })
    )
  })

  it("the quantile inverts the CDF", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 500 }), (p, df) => {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9)
      })
    )
  })

  it("the incomplete beta is symmetric: I_x(a,b) = 1 − I_{1−x}(b,a), and I_x(1,1) = x", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 40, noNaN: true }), fc.double({ min: 0.5, max: 40, noNaN: true }), (x, a, b) => {
        expect(incompleteBeta(x, a, b)).toBeCloseTo(1 - incompleteBeta(1 - x, b, a), 9)
        expect(incompleteBeta(x, 1, 1)).toBeCloseTo(x, 12)
      })
    )
  })

  it("summarises a sample: mean, sample sd, t-interval", () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9])
    expect(s.n).toBe(8)
    expect(s.mean).toBe(5)
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12)
    const half = (2.3646 * Math.sqrt(32 / 7)) / Math.sqrt(8)
    expect(s.ci_low).toBeCloseTo(5 - half, 3)
    expect(s.ci_high).toBeCloseTo(5 + half, 3)
    expect(Number.isNaN(summarize([3]).sd)).toBe(true)
    expect(summarize([]).n).toBe(0)
  })

  it("pairs differences b − a and refuses unequal lengths", () => {
    const d = pairedDifference([1, 2, 3], [2, 4, 6])
    expect(d.mean).toBe(2)
    expect(d.sd).toBe(1)
    expect(() => pairedDifference([1], [1, 2])).toThrow(/length/)
  })
})

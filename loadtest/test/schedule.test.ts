import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { activeVus, arrivalTime_ms, maxVus, type Stage } from "../runtime/schedule.ts"

describe("ramping-vus schedule", () => {
  const stages: Stage[] = [
    { duration_ms: 10_000, target: 10 },
    { duration_ms: 5_000, target: 10 },
    { duration_ms: 10_000, target: 0 }
  ]
  it("follows the stage lines, joining and leaving VUs one at a time", () => {
    expect(activeVus(0, stages, 0)).toBe(0)
    expect(activeVus(0, stages, 999)).toBe(0)
    expect(activeVus(0, stages, 1_000)).toBe(1)
    expect(activeVus(0, stages, 5_500)).toBe(5)
    expect(activeVus(0, stages, 12_000)).toBe(10)
    expect(activeVus(0, stages, 15_001)).toBe(10) // ramping down: rounded toward the stage's start
    expect(activeVus(0, stages, 24_500)).toBe(1)
    expect(activeVus(0, stages, 26_000)).toBe(0)
    expect(maxVus(2, stages)).toBe(10)
  })
  it("never exceeds the larger end of its stage and moves monotonically within a stage", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 60_000 }), (a, b, d) => {
        const st = [{ duration_ms: d, target: b }]
        let prev = activeVus(a, st, 0)
        expect(prev).toBe(a)
        for (let k = 1; k <= 20; k++) {
          const v = activeVus(a, st, (d * k) / 20)
          expect(v).toBeGreaterThanOrEqual(Math.min(a, b))
          expect(v).toBeLessThanOrEqual(Math.max(a, b))
          if (b >= a) expect(v).toBeGreaterThanOrEqual(prev)
          else expect(v).toBeLessThanOrEqual(prev)
          prev = v
        }
        expect(activeVus(a, st, d)).toBe(b)
      })
    )
  })
})

describe("arrival-rate schedule", () => {
  it("constant rate: iteration i starts at i / rate", () => {
    const st = [{ duration_ms: 10_000, target: 20 }]
    expect(arrivalTime_ms(0, 20, st, 1_000)).toBe(0)
    expect(arrivalTime_ms(1, 20, st, 1_000)).toBeCloseTo(50, 6)
    expect(arrivalTime_ms(199, 20, st, 1_000)).toBeCloseTo(9_950, 6)
    expect(arrivalTime_ms(200, 20, st, 1_000)).toBeNull()
  })
  it("ramping rate: starts spread as the integral of the rate, and the count matches the area", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1_000, max: 20_000 }), (r0, r1, d) => {
        const st = [{ duration_ms: d, target: r1 }]
        const area = ((r0 + r1) / 2) * (d / 1_000)
        let n = 0
        let prev = -1
        for (let i = 0; i < 100_000; i++) {
          const t = arrivalTime_ms(i, r0, st, 1_000)
          if (t === null) break
          expect(t).toBeGreaterThanOrEqual(prev)
          expect(t).toBeLessThan(d)
          prev = t
          n++
        }
        expect(Math.abs(n - area)).toBeLessThanOrEqual(1)
      }),
      { numRuns: 60 }
    )
  })
})

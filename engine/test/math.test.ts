/**
 * The engine's integer math (engine/math.ts) and the AMM's integer isqrt: each helper against
 * its defining inequality, isqrt against a bit-by-bit reference over random 1..2²⁵⁶ inputs, and
 * the tournament's paid places against the ⌈15 %⌉ rule it replaced.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AssertionFailed } from "../assert.ts"
import { isqrt } from "../economy/amm/math.ts"
import { paidPlaces } from "../economy/tournament/payout.ts"
import { BPS, bpsOf, divUp, maxOf, minOf, mulDivDown, mulDivUp } from "../math.ts"

/** reference isqrt: decide the root bit by bit from the top (independent of Newton's method) */
const isqrtReference = (v: bigint): bigint => {
  let r = 0n
  for (let bit = 1n << 200n; bit > 0n; bit >>= 1n) {
    const t = r + bit
    if (t * t <= v) r = t
  }
  return r
}

const big = fc.oneof(
  fc.bigInt({ min: 1n, max: 2n ** 256n }),
  fc.bigInt({ min: 1n, max: 2n ** 64n }),
  fc.bigInt({ min: 1n, max: 1_000n }),
  // squares and their neighbours, where an off-by-one would show
  fc.bigInt({ min: 1n, max: 2n ** 128n }).chain((r) => fc.constantFrom(r * r - 1n, r * r, r * r + 1n))
)
const nonneg = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 128n }), fc.bigInt({ min: 0n, max: 20_000n }))
const positive = fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 128n }), fc.bigInt({ min: 1n, max: 20_000n }))

describe("isqrt", () => {
  it("equals the bit-by-bit reference on random 1..2^256 inputs", () => {
    fc.assert(
      fc.property(big, (v) => {
        const r = isqrt(v)
        expect(r).toBe(isqrtReference(v))
        expect(r * r <= v && (r + 1n) * (r + 1n) > v).toBe(true)
      }),
      { numRuns: 3_000 }
    )
  })

  it("handles the small cases, 2^256 exactly and refuses negatives", () => {
    expect([0n, 1n, 2n, 3n, 4n, 8n, 9n, 15n, 16n].map(isqrt)).toEqual([0n, 1n, 1n, 1n, 2n, 2n, 3n, 3n, 4n])
    expect(isqrt(2n ** 256n)).toBe(2n ** 128n)
    expect(isqrt(2n ** 256n - 1n)).toBe(2n ** 128n - 1n)
    expect(isqrt(2n ** 1_024n)).toBe(2n ** 512n)
    expect(() => isqrt(-1n)).toThrow(RangeError)
  })
})

describe("engine/math.ts", () => {
  it("mulDivDown and mulDivUp bracket a·b/d; divUp is the ceiling; bpsOf is mulDivDown by 10⁴", () => {
    fc.assert(
      fc.property(nonneg, nonneg, positive, (a, b, d) => {
        const down = mulDivDown(a, b, d)
        const up = mulDivUp(a, b, d)
        expect(down * d <= a * b && a * b < (down + 1n) * d).toBe(true)
        expect(up * d >= a * b && (up === 0n || (up - 1n) * d < a * b)).toBe(true)
        expect(up - down).toBe((a * b) % d === 0n ? 0n : 1n)
        expect(divUp(a, d)).toBe(mulDivUp(a, 1n, d))
        expect(bpsOf(a, b % 20_000n)).toBe((a * (b % 20_000n)) / BPS)
        expect(minOf(a, b) <= maxOf(a, b) && [a, b].includes(minOf(a, b)) && [a, b].includes(maxOf(a, b))).toBe(true)
      }),
      { numRuns: 2_000 }
    )
  })

  it("asserts its preconditions (non-negative operands, positive divisors)", () => {
    expect(() => mulDivDown(1n, 1n, 0n)).toThrow(AssertionFailed)
    expect(() => mulDivUp(-1n, 1n, 1n)).toThrow(AssertionFailed)
    expect(() => divUp(-1n, 3n)).toThrow(AssertionFailed)
    expect(() => bpsOf(-5n, 10)).toThrow(AssertionFailed)
  })
})

describe("tournament paid places", () => {
  it("is ⌈0.15·n⌉ and at least 1 (0 for nobody), in bigint arithmetic", () => {
    for (let n = 0; n <= 20_000; n++) {
      const expected = n === 0 ? 0 : Math.max(1, Math.ceil((n * 15) / 100))
      if (paidPlaces(n) !== expected) expect(paidPlaces(n), `n = ${n}`).toBe(expected)
    }
    expect([0, 1, 6, 7, 20, 100, 101].map(paidPlaces)).toEqual([0, 1, 1, 2, 3, 15, 16])
  })
})

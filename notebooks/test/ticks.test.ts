import { describe, expect, it } from "vitest"
import { compactTick } from "../plot/ticks.ts"

describe("compactTick", () => {
  it("abbreviates thousands and up, keeps small values and fractions", () => {
    expect(compactTick(12_000)).toBe("12k")
    expect(compactTick(3_500_000)).toBe("3.5M")
    expect(compactTick(-2_500)).toBe("-2.5k")
    expect(compactTick(7_000_000_000)).toBe("7B")
    expect(compactTick(400)).toBe("400")
    expect(compactTick(0.35)).toBe("0.35")
    expect(compactTick(0)).toBe("0")
  })
})

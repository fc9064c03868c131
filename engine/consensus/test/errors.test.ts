/** Consensus rejection codes: one per error, all inside the documented range 300–349. */
import { describe, expect, it } from "vitest"
import { ConsensusRejection } from "../errors.ts"

describe("consensus rejection codes", () => {
  it("are unique, stable and in 300–349", () => {
    const codes = ConsensusRejection.members.map((member) => new member({ message: "x" }).code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) {
      expect(code).toBeGreaterThanOrEqual(300)
      expect(code).toBeLessThan(350)
    }
    expect(codes).toEqual([300, 301, 302, 303, 304, 305, 306, 307, 308])
  })
})

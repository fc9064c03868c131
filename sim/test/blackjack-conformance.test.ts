/** Conformance: every blackjack vector of the project and of the shared public set passes through the real instruction path. */
import { existsSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runVectorFile, vectorFiles } from "../conformance/runner.ts"

const OWN = join(import.meta.dirname, "../conformance/vectors/games/blackjack")
const PUBLIC = "/work/shared/conformance/games"

describe("blackjack conformance vectors", () => {
  it("has at least five project vectors", () => {
    expect(vectorFiles(OWN).length).toBeGreaterThanOrEqual(5)
  })
  for (const file of vectorFiles(OWN)) {
    it(file.slice(OWN.length + 1), () => {
      const r = runVectorFile(file)
      expect(r.detail).toBe("")
      expect(r.ok).toBe(true)
    })
  }
  const shared = existsSync(PUBLIC) ? vectorFiles(PUBLIC).filter((f) => f.includes("/blackjack-")) : []
  for (const file of shared) {
    it(`public ${file.slice(PUBLIC.length + 1)}`, () => {
      const r = runVectorFile(file)
      expect(r.detail).toBe("")
      expect(r.ok).toBe(true)
    })
  }
})

/** Conformance: every hilo vector of the project and of the shared public set passes through the real instruction path. */
import { existsSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runVectorFile, vectorFiles } from "../conformance/runner.ts"

const OWN = join(import.meta.dirname, "../conformance/vectors/games/hilo")
/** the shared public set, beside the repository (the ROOT pattern of conformance-vectors.test.ts) */
const PUBLIC = join(import.meta.dirname, "..", "..", "..", "shared", "conformance", "games")

describe("hilo conformance vectors", () => {
  it("has at least five project vectors", () => {
    expect(vectorFiles(OWN).length).toBeGreaterThanOrEqual(5)
  })
  it("the three public hilo vectors are present", () => {
    expect(existsSync(PUBLIC)).toBe(true)
    expect(vectorFiles(PUBLIC).filter((f) => f.includes("/hilo-")).length).toBe(3)
  })
  const shared = existsSync(PUBLIC) ? vectorFiles(PUBLIC).filter((f) => f.includes("/hilo-")) : []
  for (const file of [...vectorFiles(OWN), ...shared]) {
    it(file.startsWith(PUBLIC) ? `public ${file.slice(PUBLIC.length + 1)}` : file.slice(OWN.length + 1), () => {
      const r = runVectorFile(file)
      expect(r.detail).toBe("")
      expect(r.ok).toBe(true)
    })
  }
})

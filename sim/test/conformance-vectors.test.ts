/**
 * Every conformance vector — the public ones in ../shared/conformance and ours next to the
 * runner — passes through the same runner `npm run conformance` uses.
 */
import { existsSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runVectorFile, vectorFiles } from "../conformance/runner.ts"

const ROOT = join(import.meta.dirname, "..", "..")
const folders = [join(ROOT, "..", "shared", "conformance", "games"), join(ROOT, "..", "shared", "conformance", "economy"), join(ROOT, "sim", "conformance", "vectors")]

describe("conformance vectors", () => {
  it("the public vectors are present beside the repository", () => {
    expect(existsSync(folders[0]!)).toBe(true)
    expect(existsSync(folders[1]!)).toBe(true)
  })
  for (const game of ["blackjack", "video_poker"])
    it(`${game} has at least five project vectors`, () => {
      expect(vectorFiles(join(ROOT, "sim", "conformance", "vectors", "games", game)).length).toBeGreaterThanOrEqual(5)
    })
  for (const folder of folders.filter((f) => existsSync(f)))
    for (const file of vectorFiles(folder))
      it(file.slice(ROOT.length - "main".length), () => {
        const r = runVectorFile(file)
        expect(r.detail).toBe("")
        expect(r.ok).toBe(true)
      })
})

describe("the runner never skips", () => {
  it("a vector naming an unknown game or instruction fails", () => {
    const dir = join(ROOT, "sim", "test", "fixtures")
    const bad = vectorFiles(dir).map(runVectorFile)
    expect(bad.length).toBeGreaterThan(0)
    for (const r of bad) expect(r.ok).toBe(false)
  })
})

/**
 * The fairness command line (@effect/cli): --help lists the options, a bad flag or value is
 * refused with a message and a non-zero exit, and a selection matching no bet exits 2.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const ROOT = join(import.meta.dirname, "..", "..")
const dir = mkdtempSync(join(tmpdir(), "nullspace-fairness-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const fairness = (...args: string[]): Promise<{ readonly code: number | null; readonly out: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", join(ROOT, "sim/cli/fairness.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null
      resolve({ code, out: `${stdout}${stderr}` })
    })
  })

describe("npm run fairness", async () => {
  it("--help lists the options", async () => {
    const r = await fairness("--help")
    expect(r.code).toBe(0)
    for (const flag of ["--rounds", "--super-rounds", "--workers", "--checkpoints", "--super-only", "--main-only"]) expect(r.out).toContain(flag)
  }, 120_000)

  it("refuses a non-positive count and an unknown flag with a message", async () => {
    const zero = await fairness("--rounds", "0")
    expect(zero.code).not.toBe(0)
    expect(zero.out).toContain("--rounds must be a positive integer")
    const bogus = await fairness("--bogus")
    expect(bogus.code).not.toBe(0)
    expect(bogus.out).toContain("--bogus")
  }, 120_000)

  it("a selection that matches no bet exits 2", async () => {
    const r = await fairness("--game", "nope", "--db", join(dir, "f.duckdb"))
    expect(r.code).toBe(2)
    expect(r.out).toContain("no bet matches the selection")
  }, 120_000)
})

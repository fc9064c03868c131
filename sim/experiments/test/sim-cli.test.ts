/**
 * `npm run sim` (cli/sim.ts), spawned: --help on the root and on each command (no colour codes
 * when piped), usage errors exit 2 with one line, unknown scenarios and bad parameters exit 1
 * with one typed line and no stack trace, and a Monte Carlo run writes its folder and resumes.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const ROOT = join(import.meta.dirname, "..", "..", "..")
const dir = mkdtempSync(join(tmpdir(), "nullspace-sim-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sim = (...args: string[]): Promise<{ readonly code: number | null; readonly out: string; readonly err: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(ROOT, "cli/sim.ts"), ...args],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000, env: { ...process.env, NULLSPACE_RUNS_DIR: dir } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null
        resolve({ code, out: stdout, err: stderr })
      }
    )
  })

const lines = (s: string): string[] => s.split("\n").filter((l) => l.trim() !== "")

describe("npm run sim", () => {
  it("answers --help on the root and on a command, without colour codes when piped", async () => {
    const [root, mc] = await Promise.all([sim("--help"), sim("montecarlo", "--help")])
    expect(root.code).toBe(0)
    for (const c of ["run", "sweep", "montecarlo", "compare", "worker", "list"]) expect(root.out).toContain(`- ${c}`)
    for (const flag of ["--grid", "--arm-a", "--stream", "--spawn-workers"]) expect(root.out).toContain(flag)
    expect(mc.out).toContain("--seeds")
    expect(mc.out).toContain("--backend")
    for (const r of [root, mc]) expect(r.out).not.toMatch(/\x1b\[/)
  }, 120_000)

  it("refuses bad flags and values with one line and a non-zero exit", async () => {
    const cases = await Promise.all([sim("montecarlo", "--bogus"), sim("montecarlo", "--scenario", "nope"), sim("sweep", "--grid", "colour=red"), sim("run", "--agents", "0")])
    const [bogus, scenario, param, agents] = cases
    expect(bogus?.code).toBe(2)
    expect(bogus?.err).toContain("--bogus")
    expect(scenario?.code).toBe(1)
    expect(scenario?.err).toMatch(/no scenario "nope" \(known: [^)]*\bquickstart\b[^)]*\)/)
    expect(param?.code).toBe(1)
    expect(param?.err).toContain('unknown parameter "colour"')
    expect(agents?.code).toBe(1)
    expect(agents?.err).toMatch(/invalid parameters for quickstart: agents/)
    for (const r of cases) {
      expect(lines(r.err)).toHaveLength(1)
      expect(r.err).not.toMatch(/\s+at\s|Error:|"_tag"/)
    }
  }, 120_000)

  it("run <scenario> --fidelity full: every block agreed by 4 simulated validators, with the consensus line; --validators 3 is refused", async () => {
    const [full, few] = await Promise.all([
      sim("run", "quickstart", "--agents", "8", "--days", "1", "--fidelity", "full", "--validators", "4", "--faults", "crash-partition", "--consensus-seed", "3"),
      sim("run", "quickstart", "--agents", "8", "--days", "1", "--fidelity", "full", "--validators", "3")
    ])
    expect(full.code).toBe(0)
    expect(full.out).toContain("scenario quickstart")
    const line = full.out.split("\n").find((l) => l.includes("full fidelity")) ?? ""
    expect(line).toMatch(/4 validators · (\d+) blocks agreed over \d+ consensus heights/)
    expect(line).toMatch(/crashes/)
    const blocks = /blocks {12}(\d+)/.exec(full.out)?.[1]
    expect(line).toContain(`· ${blocks ?? "?"} blocks agreed`)
    expect(few.code).toBe(2)
    expect(few.err).toContain("--validators must be in 4..")
  }, 120_000)

  it("runs a Monte Carlo into its folder and the catalog, and a rerun resumes every cell", async () => {
    const args = ["montecarlo", "--agents", "4", "--days", "1", "--seeds", "3", "--backend", "local", "--out", join(dir, "mc")]
    const first = await sim(...args)
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/3 done \(0 resumed, 3 run now/)
    expect(first.err).toMatch(/3\/3 cells \(100 %\)/)
    const hash = /result hash {2}([0-9a-f]{64})/.exec(first.out)?.[1]
    expect(hash).toBeDefined()
    const again = await sim(...args)
    expect(again.out).toMatch(/3 done \(3 resumed, 0 run now/)
    expect(again.out).toContain(hash ?? "missing")
  }, 120_000)
})

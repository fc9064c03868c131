/**
 * Long runs report progress with the time left on stderr (sim/cli/progress.ts through the
 * simulation's per-day hook): `npm run sim -- run` and `npm run ops -- twin`, piped, print plain
 * lines with "left" and a final line; `sim run --state-snapshot` and `ops snapshot` (the block
 * log replayed) write the same state snapshot, which `twin --snapshot` continues exactly like
 * `twin --run` does; a tampered one is refused with nothing written.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const ROOT = join(import.meta.dirname, "..", "..")
const dir = mkdtempSync(join(tmpdir(), "nullspace-run-progress-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = (script: string, ...args: string[]): Promise<{ readonly code: number | null; readonly out: string; readonly err: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(ROOT, script), ...args],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000, env: { ...process.env, NULLSPACE_RUNS_DIR: dir } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null
        resolve({ code, out: stdout, err: stderr })
      }
    )
  })

const run_snapshot = join(dir, "snap", "run.snapshot")
const lines = (s: string): string[] => s.split("\n").filter((l) => l.trim() !== "")
const runFolders = (): string[] => readdirSync(dir).filter((n) => n.startsWith("quickstart"))
const manifestOf = (run_dir: string): { readonly final_state_root: string } => JSON.parse(readFileSync(join(run_dir, "manifest.json"), "utf8"))
/** the run folder a command printed last (`…: <dir>`) */
const printedDir = (out: string): string => {
  const m = /: (\S+)\s*$/.exec(out.trim())
  if (m === null) throw new Error(`no folder in ${out}`)
  return m[1]!
}

describe("progress and state snapshots on the command line", () => {
  it("a piped `sim run` of a small quickstart prints progress lines with the time left on stderr, then a final line", async () => {
    const r = await cli("cli/sim.ts", "run", "quickstart", "--days", "3", "--agents", "8", "--seed", "progress", "--state-snapshot", run_snapshot)
    expect(r.code).toBe(0)
    const progress = lines(r.err).filter((l) => l.startsWith("sim quickstart: "))
    expect(progress[0]).toMatch(/^sim quickstart: 1\/3 days \(33 %\), \d+ blocks, \d+ tx, \d+m\d\ds elapsed, ~\d+m\d\ds left$/)
    expect(progress.at(-1)).toMatch(/^sim quickstart: 3\/3 days \(100 %\), \d+ blocks, \d+ tx, \d+m\d\ds elapsed$/)
    expect(r.err).not.toMatch(/\r|\x1b\[/)
    expect(runFolders()).toHaveLength(1)
    expect(r.out).toMatch(/state snapshot {4}.*run\.snapshot \(height \d+, \d+ bytes\)/)
  }, 120_000)

  it("`ops snapshot` then `ops twin --snapshot` continues like `ops twin --run`, with progress; a tampered snapshot is refused and nothing is written", async () => {
    const base = runFolders()
    expect(base).toHaveLength(1)
    const run_dir = join(dir, base[0]!)
    const file = join(dir, "snap", "state.snapshot")
    const snap = await cli("cli/ops.ts", "snapshot", "--run", run_dir, "--out", file)
    expect(snap.code).toBe(0)
    expect(snap.out).toMatch(/state snapshot of .* at height \d+ \(view \d+, root [0-9a-f]{64}\)/)
    // the block log replayed gives the very bytes the run wrote of its final chain
    expect(readFileSync(file)).toEqual(readFileSync(run_snapshot))

    const [from_snapshot, from_log] = [
      await cli("cli/ops.ts", "twin", "--snapshot", file, "--scenario", "quickstart", "--days", "2", "--param", "agents=8", "--param", "seed=progress"),
      await cli("cli/ops.ts", "twin", "--run", run_dir, "--scenario", "quickstart", "--days", "2", "--param", "agents=8", "--param", "seed=progress")
    ]
    expect(from_snapshot.code).toBe(0)
    expect(from_log.code).toBe(0)
    expect(from_snapshot.out).toContain(`twin of snapshot ${file}`)
    expect(lines(from_snapshot.err).some((l) => /^twin quickstart: 1\/2 days .*left$/.test(l))).toBe(true)
    expect(lines(from_snapshot.err).some((l) => /^twin quickstart: 2\/2 days \(100 %\)/.test(l))).toBe(true)
    // the run id is derived from the manifest root (final state root, daily rows, block digests):
    // both twins land in the same folder exactly when they simulated the same chain
    expect(printedDir(from_snapshot.out)).toBe(printedDir(from_log.out))
    expect(manifestOf(printedDir(from_snapshot.out)).final_state_root).not.toBe(manifestOf(run_dir).final_state_root)

    const bytes = readFileSync(file)
    const flip_at = bytes.length - 40
    bytes.writeUInt8(bytes.readUInt8(flip_at) ^ 0x01, flip_at)
    const bad = join(dir, "snap", "tampered.snapshot")
    writeFileSync(bad, bytes)
    const before = readdirSync(dir).sort()
    const refused = await cli("cli/ops.ts", "twin", "--snapshot", bad, "--scenario", "quickstart", "--days", "1")
    expect(refused.code).toBe(1)
    expect(refused.err).toContain("state snapshot refused (digest, code 122)")
    expect(readdirSync(dir).sort()).toEqual(before)
    expect(readFileSync(bad)).toEqual(bytes)
  }, 240_000)
})

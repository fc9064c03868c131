/**
 * No machine path in the code: every tracked source, page and JSON file is free of absolute paths
 * into this machine's folders (the work, home, root and temp trees). Tests locate shared files
 * relative to the repository (import.meta.dirname) and temporary files through os.tmpdir().
 */
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const ROOT = join(import.meta.dirname, "..")
const EXTENSIONS_SCANNED = [".ts", ".js", ".mjs", ".cjs", ".tsx", ".astro", ".json"]
/** the machine folders, spelled in pieces so this file does not match itself */
const MACHINE_DIRS = ["work", "home", "root", "tmp"]
/** an absolute path starts a literal or follows a non-path character: "x/work/" inside a longer path is not one */
const MACHINE_PATH = new RegExp(`(^|[^A-Za-z0-9_.~-])/(${MACHINE_DIRS.join("|")})/`)
const FILES_MAX = 100_000

const tracked = (): string[] =>
  execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    .split("\0")
    .filter((f) => f !== "" && f !== "package-lock.json" && EXTENSIONS_SCANNED.some((e) => f.endsWith(e)))

export const machinePaths = (text: string): number[] =>
  text.split("\n").flatMap((line, i) => (MACHINE_PATH.test(line) ? [i + 1] : []))

describe("no machine paths", () => {
  it("the pattern finds absolute machine paths and ignores relative ones", () => {
    expect(machinePaths(`const a = "/${MACHINE_DIRS[0]}/shared/x"`)).toEqual([1])
    expect(machinePaths(`ok\nopen('/${MACHINE_DIRS[3]}/run.log')`)).toEqual([2])
    expect(machinePaths(`const a = join(ROOT, "..", "shared")\nsrc/${MACHINE_DIRS[0]}/x.ts`)).toEqual([])
  })
  it("no tracked .ts/.js/.astro/.json file holds one", () => {
    const files = tracked()
    expect(files.length).toBeGreaterThan(100)
    expect(files.length).toBeLessThan(FILES_MAX)
    const found = files.flatMap((f) => machinePaths(readFileSync(join(ROOT, f), "utf8")).map((line) => `${f}:${line}`))
    expect(found).toEqual([])
  })
})

/** The code a run came from: `git rev-parse HEAD` (+ "-dirty" with uncommitted changes), else the package version. */
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"

const git = (cwd: string, args: ReadonlyArray<string>): string =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim()

const packageVersion = (root: string): string => {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
    if (typeof parsed === "object" && parsed !== null && "version" in parsed && typeof parsed.version === "string") return parsed.version
  } catch {
    // no readable package.json: fall through
  }
  return "unknown"
}

export const detectCodeVersion = (root: string): string => {
  try {
    const head = git(root, ["rev-parse", "HEAD"])
    const dirty = git(root, ["status", "--porcelain"]) !== ""
    return dirty ? `${head}-dirty` : head
  } catch {
    return packageVersion(root)
  }
}

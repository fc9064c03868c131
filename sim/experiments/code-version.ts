/** The code an experiment ran: `git describe --always --dirty --tags`, else the runner's detection (HEAD or package version). */
import { execFileSync } from "node:child_process"
import { detectCodeVersion } from "../runner/code-version.ts"

export const describeCodeVersion = (root: string): string => {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty", "--tags"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim()
  } catch {
    return detectCodeVersion(root)
  }
}

/**
 * `cli/ops-node.ts` as a child process for the ops node tests: asynchronous, because the node it
 * talks to lives in the test's own process.
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const ROOT = fileURLToPath(new URL("../..", import.meta.url))

export interface Ran {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/** run `ops-node.ts <args>` from the repository root (90 s at most); its exit status, stdout and stderr */
export const opsNode = (args: ReadonlyArray<string>): Promise<Ran> =>
  new Promise((resolve) =>
    execFile(process.execPath, ["--import", "tsx", "cli/ops-node.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 90_000 }, (e, stdout, stderr) =>
      resolve({ status: e === null ? 0 : typeof e.code === "number" ? e.code : -1, stdout, stderr })
    )
  )

/**
 * A local consensus network for the browser test: keys dealt into temporary data dirs, four
 * validator processes (services/cli/validator.ts, as `npm run chain` starts them) on loopback
 * peer ports, the API on validator 0 on port 0, allowing the site's origin. Every child is
 * stopped by its own pid.
 */
import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { toHex } from "../engine/codec/bytes.ts"
import { dealValidatorKeys, readValidatorKey } from "../services/node/validator/keys.ts"

const VALIDATORS = 4
const START_TIMEOUT_MS = 60_000

export interface LocalChain {
  readonly api: string
  readonly group_key: string
  readonly close: () => Promise<void>
}

export const startLocalChain = async (repoRoot: string, options: { readonly base_port: number; readonly allow_origin: string; readonly leader_ms: number }): Promise<LocalChain> => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "nullspace-site-chain-"))
  const dirs = Array.from({ length: VALIDATORS }, (_, i) => path.join(root, `v${i}`))
  dealValidatorKeys(dirs)
  const peers = dirs.map((_, i) => `127.0.0.1:${options.base_port + i}`).join(",")
  const script = path.join(repoRoot, "services", "cli", "validator.ts")
  const children: ChildProcess[] = []
  const close = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.pid === undefined) return resolve()
            c.once("exit", () => resolve())
            process.kill(c.pid, "SIGTERM")
          })
      )
    )
    fs.rmSync(root, { recursive: true, force: true })
  }
  const api = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`validator 0 did not start its API within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS)
    dirs.forEach((dir, i) => {
      const extra = i === 0 ? ["--api-port", "0", "--allow-origin", options.allow_origin] : []
      const child = spawn(process.execPath, ["--import", "tsx", script, "run", "--data-dir", dir, "--peers", peers, "--leader-ms", String(options.leader_ms), ...extra], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"]
      })
      children.push(child)
      let buffered = ""
      child.stdout?.on("data", (b: Buffer) => {
        if (i !== 0) return
        buffered = (buffered + b.toString()).slice(-65_536)
        const m = /"msg":"validator\.started"[^\n]*"api":"([^"]+)"/.exec(buffered)
        if (m?.[1] !== undefined) {
          clearTimeout(timer)
          resolve(m[1])
        }
      })
      child.stderr?.on("data", () => {})
      child.once("exit", (code) => {
        if (i === 0) reject(new Error(`validator 0 exited (${code}) before its API started`))
      })
    })
  })
  try {
    return { api: await api, group_key: toHex(readValidatorKey(dirs[0] ?? "").group_key), close }
  } catch (e) {
    await close()
    throw e
  }
}

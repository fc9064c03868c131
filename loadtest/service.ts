/**
 * Start the dev chain + API (`npm run serve`) as a child process on a free loopback port, in
 * memory (nothing persisted), and stop it again. The child runs in its own process so its CPU
 * work (signature checks, block execution) does not share the runner's event loop.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url))
const START_TIMEOUT_MS = 120_000
const STOP_TIMEOUT_MS = 10_000
/** bytes of child output kept for error messages */
const OUTPUT_KEEP_BYTES = 8_192

export interface ServiceProcess {
  readonly base_url: string
  readonly pid: number
  readonly stop: () => Promise<void>
}

export interface ServiceOptions {
  readonly block_interval_ms?: number
  /** admin public keys (hex) the chain accepts, e.g. a journeys corpus's admin */
  readonly admin_keys?: ReadonlyArray<string>
}

export const startService = (opts: ServiceOptions = {}): Promise<ServiceProcess> =>
  new Promise((resolve, reject) => {
    const args = ["--import", "tsx", "services/cli/serve.ts", "--host", "127.0.0.1", "--port", "0", "--memory", "--quiet"]
    if (opts.block_interval_ms !== undefined) args.push("--block-interval-ms", String(opts.block_interval_ms))
    if (opts.admin_keys !== undefined && opts.admin_keys.length > 0) args.push("--admin-keys", opts.admin_keys.join(","))
    const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    let settled = false
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEEP_BYTES)
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (m !== null && !settled && child.pid !== undefined) {
        settled = true
        clearTimeout(timer)
        resolve({ base_url: m[1]!, pid: child.pid, stop: () => stopChild(child) })
      }
    }
    child.stdout?.on("data", keep)
    child.stderr?.on("data", keep)
    const timer = setTimeout(() => {
      if (settled) return
      settled = true
      child.kill("SIGKILL")
      reject(new Error(`the service did not start within ${START_TIMEOUT_MS} ms:\n${output}`))
    }, START_TIMEOUT_MS)
    child.on("exit", (code) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      reject(new Error(`the service exited with code ${code} before listening:\n${output}`))
    })
  })

const stopChild = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill("SIGTERM")
  })

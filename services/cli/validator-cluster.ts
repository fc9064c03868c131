/**
 * A loopback validator cluster as child processes, for the CLIs that start one (`npm run chain`,
 * `npm run serve:pair`): on first start the dealer ceremony writes a key file into each data dir
 * (<data-root>/v0..v{n-1}; a partly dealt root is refused, never re-dealt); validator i listens on
 * base-port + i with the API ports and environment its caller gives it. A child that exits is
 * restarted after 1 s (its WAL and blocks.log make the restart safe), at most RESTARTS_MAX times in
 * all; SIGINT/SIGTERM stops the children and exits.
 */
import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { toHex } from "../../engine/codec/bytes.ts"
import { dealValidatorKeys, KEY_FILE, readValidatorKey } from "../node/validator/keys.ts"

const RESTARTS_MAX = 100
const RESTART_DELAY_MS = 1_000
const STOP_GRACE_MS = 500

export interface ValidatorClusterOptions {
  /** the CLI's name, first on every line it prints */
  readonly name: string
  readonly validators: number
  readonly data_root: string
  readonly base_port: number
  readonly leader_ms: string
  /** the API port validator i serves, if any */
  readonly api_port: (i: number) => number | undefined
  /** extra environment for validator i */
  readonly env?: (i: number) => NodeJS.ProcessEnv
  /** which of a child's stdout lines to echo */
  readonly echo: (line: string) => boolean
}

export interface ValidatorCluster {
  readonly dirs: ReadonlyArray<string>
  /** the network's BLS group key, hex */
  readonly group_key: string
  /** stop restarting, SIGTERM every child, SIGKILL any left after STOP_GRACE_MS; resolves once all exited (for in-process callers such as bench/) */
  readonly stop: () => Promise<void>
  /** stop restarting and SIGKILL every child now (synchronous, for a caller's `exit` handler) */
  readonly kill: () => void
}

/** The CLI-level input check both commands share: a bad flag ends the process with exit code 2. */
export const refuse = (name: string, message: string): never => {
  console.error(`${name}: ${message}`)
  process.exit(2)
}

export const startValidatorCluster = (options: ValidatorClusterOptions): ValidatorCluster => {
  const { name, validators } = options
  const dirs = Array.from({ length: validators }, (_, i) => path.join(options.data_root, `v${i}`))
  if (!dirs.every((d) => fs.existsSync(path.join(d, KEY_FILE)))) {
    if (dirs.some((d) => fs.existsSync(path.join(d, KEY_FILE)))) refuse(name, `some but not all of ${dirs.join(", ")} hold ${KEY_FILE}; refusing to re-deal`)
    dealValidatorKeys(dirs)
    console.log(`${name}: dealt keys for ${validators} validators into ${options.data_root}`)
  }
  const peers = dirs.map((_, i) => `127.0.0.1:${options.base_port + i}`).join(",")
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "validator.ts")
  const children: Array<ChildProcess | null> = dirs.map(() => null)
  let stopping = false
  let restarts = 0

  const startChild = (i: number): void => {
    const port = options.api_port(i)
    const extra = port === undefined ? [] : ["--api-port", String(port)]
    const child = spawn(process.execPath, ["--import", "tsx", script, "run", "--data-dir", dirs[i] ?? "", "--peers", peers, "--leader-ms", options.leader_ms, ...extra], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...options.env?.(i) }
    })
    children[i] = child
    child.stdout?.on("data", (b: Buffer) => {
      for (const line of b.toString().split("\n")) if (options.echo(line)) console.log(`v${i} ${line}`)
    })
    child.on("exit", (code) => {
      children[i] = null
      if (stopping || restarts >= RESTARTS_MAX) return
      restarts++
      console.log(`${name}: validator ${i} exited (${code}); restarting in 1 s`)
      setTimeout(() => startChild(i), RESTART_DELAY_MS)
    })
  }

  for (let i = 0; i < validators; i++) startChild(i)
  const stop = () => {
    stopping = true
    for (const c of children) c?.kill("SIGTERM")
    setTimeout(() => process.exit(0), STOP_GRACE_MS)
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  const stopChildren = async (): Promise<void> => {
    stopping = true
    const live = children.filter((c): c is ChildProcess => c !== null)
    const exited = live.map((c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once("exit", () => resolve()))))
    for (const c of live) c.kill("SIGTERM")
    const timer = setTimeout(() => {
      for (const c of live) c.kill("SIGKILL")
    }, STOP_GRACE_MS)
    await Promise.all(exited)
    clearTimeout(timer)
  }
  const killChildren = (): void => {
    stopping = true
    for (const c of children) c?.kill("SIGKILL")
  }
  return { dirs, group_key: toHex(readValidatorKey(dirs[0] ?? "").group_key), stop: stopChildren, kill: killChildren }
}

/** Child processes of the bridge tests: a local Hardhat node, and the relayer CLI (killable). */
import { spawn, type ChildProcess } from "node:child_process"
import * as path from "node:path"
import { HARDHAT_CLI, HARDHAT_CONFIG } from "../../../evm/src/paths.ts"

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..")

export interface Child {
  readonly proc: ChildProcess
  readonly output: () => string
  readonly kill: (signal?: NodeJS.Signals) => Promise<void>
}

const start = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Child => {
  const proc = spawn(process.execPath, [...args], { cwd: ROOT, env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", ...env }, stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-200_000)
  }
  proc.stdout?.on("data", keep)
  proc.stderr?.on("data", keep)
  const exited = new Promise<void>((r) => proc.once("exit", () => r()))
  return {
    proc,
    output: () => out,
    kill: async (signal = "SIGKILL") => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal)
      await exited
    }
  }
}

/** `hardhat node` on `port`; resolves once it answers JSON-RPC */
export const startHardhatNode = async (port: number, timeout_ms = 60_000): Promise<Child & { readonly url: string }> => {
  const child = start([HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port), "--config", HARDHAT_CONFIG])
  const url = `http://127.0.0.1:${port}`
  const t0 = Date.now()
  for (;;) {
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }) })
      if (res.ok) return { ...child, url }
    } catch {
      // not listening yet
    }
    if (child.proc.exitCode !== null) throw new Error(`hardhat node exited: ${child.output()}`)
    if (Date.now() - t0 > timeout_ms) {
      await child.kill()
      throw new Error(`hardhat node did not start on ${port}: ${child.output()}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

export const startRelayer = (args: ReadonlyArray<string>): Child => relayerCli(["run", ...args])

/** the relayer CLI with any subcommand (`refund … <id>`); resolves with its exit code and output */
export const relayerCli = (args: ReadonlyArray<string>): Child => start(["--import", "tsx", path.join(ROOT, "services", "cli", "relayer.ts"), ...args])

export const runToExit = async (child: Child, timeout_ms: number): Promise<{ readonly code: number | null; readonly output: string }> => {
  const t0 = Date.now()
  while (child.proc.exitCode === null && child.proc.signalCode === null) {
    if (Date.now() - t0 > timeout_ms) {
      await child.kill()
      throw new Error(`relayer CLI did not exit within ${timeout_ms} ms: ${child.output()}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { code: child.proc.exitCode, output: child.output() }
}

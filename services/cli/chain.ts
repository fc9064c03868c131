/**
 * `npm run chain [-- --data-root .data/chain --base-port 9100 --api-port 8080 --leader-ms 1000]`:
 * four validators on loopback as child processes. On first start the dealer ceremony writes a key
 * file into each of the four data dirs (<data-root>/v0..v3); then validator i listens on
 * base-port + i, and validator 0 also serves the API (submit + reads, WebSocket /updates) on
 * api-port. Prints where everything is; SIGINT/SIGTERM stops the children and exits.
 * A child that exits is restarted after 1 s (its WAL and blocks.log make the restart safe).
 */
import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { toHex } from "../../engine/codec/bytes.ts"
import { dealValidatorKeys, KEY_FILE, readValidatorKey } from "../node/validator/keys.ts"

const N = 4
const RESTARTS_MAX = 100
const args = process.argv.slice(2)
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback
}
if (args.includes("--help")) {
  console.log("npm run chain [-- --data-root .data/chain --base-port 9100 --api-port 8080 --leader-ms 1000]")
  process.exit(0)
}
const dataRoot = flag("data-root", ".data/chain")
const basePort = Number(flag("base-port", "9100"))
const apiPort = Number(flag("api-port", "8080"))
const leaderMs = flag("leader-ms", "1000")
const dirs = Array.from({ length: N }, (_, i) => path.join(dataRoot, `v${i}`))
if (!dirs.every((d) => fs.existsSync(path.join(d, KEY_FILE)))) {
  if (dirs.some((d) => fs.existsSync(path.join(d, KEY_FILE)))) {
    console.error(`chain: some but not all of ${dirs.join(", ")} hold ${KEY_FILE}; refusing to re-deal`)
    process.exit(2)
  }
  dealValidatorKeys(dirs)
  console.log(`chain: dealt keys for ${N} validators into ${dataRoot}`)
}
const peers = dirs.map((_, i) => `127.0.0.1:${basePort + i}`).join(",")
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "validator.ts")
const children: Array<ChildProcess | null> = dirs.map(() => null)
let stopping = false
let restarts = 0

const startChild = (i: number): void => {
  const extra = i === 0 ? ["--api-port", String(apiPort)] : []
  const child = spawn(process.execPath, ["--import", "tsx", script, "run", "--data-dir", dirs[i] ?? "", "--peers", peers, "--leader-ms", leaderMs, ...extra], {
    stdio: ["ignore", "pipe", "inherit"]
  })
  children[i] = child
  child.stdout?.on("data", (b: Buffer) => {
    for (const line of b.toString().split("\n")) if (line.includes("validator.started") || line.includes("halted")) console.log(`v${i} ${line}`)
  })
  child.on("exit", (code) => {
    children[i] = null
    if (stopping || restarts >= RESTARTS_MAX) return
    restarts++
    console.log(`chain: validator ${i} exited (${code}); restarting in 1 s`)
    setTimeout(() => startChild(i), 1_000)
  })
}

for (let i = 0; i < N; i++) startChild(i)
console.log(`chain: ${N} validators on 127.0.0.1:${basePort}..${basePort + N - 1}, API http://127.0.0.1:${apiPort} (validator 0), data ${dataRoot}`)
const group_key = toHex(readValidatorKey(dirs[0] ?? "").group_key)
console.log(`chain: group key ${group_key}`)
console.log(`chain: verify a session with: npx nullspace verify <session-id> --api http://127.0.0.1:${apiPort} --group-key ${group_key}`)
const stop = () => {
  stopping = true
  for (const c of children) c?.kill("SIGTERM")
  setTimeout(() => process.exit(0), 500)
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)

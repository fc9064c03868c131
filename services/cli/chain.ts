/**
 * `npm run chain [-- --data-root .data/chain --base-port 9100 --api-port 8080 --leader-ms 1000]`:
 * four validators on loopback as child processes. On first start the dealer ceremony writes a key
 * file into each of the four data dirs (<data-root>/v0..v3); then validator i listens on
 * base-port + i, and validator 0 also serves the API (submit + reads, WebSocket /updates) on
 * api-port. Prints where everything is; SIGINT/SIGTERM stops the children and exits.
 * A child that exits is restarted after 1 s (its WAL and blocks.log make the restart safe).
 */
import { startValidatorCluster } from "./validator-cluster.ts"

const N = 4
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
const { group_key } = startValidatorCluster({
  name: "chain",
  validators: N,
  data_root: dataRoot,
  base_port: basePort,
  leader_ms: flag("leader-ms", "1000"),
  api_port: (i) => (i === 0 ? apiPort : undefined),
  echo: (line) => line.includes("validator.started") || line.includes("halted")
})
console.log(`chain: ${N} validators on 127.0.0.1:${basePort}..${basePort + N - 1}, API http://127.0.0.1:${apiPort} (validator 0), data ${dataRoot}`)
console.log(`chain: group key ${group_key}`)
console.log(`chain: verify a session with: npx nullspace verify <session-id> --api http://127.0.0.1:${apiPort} --group-key ${group_key}`)

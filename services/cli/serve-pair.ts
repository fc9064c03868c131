/**
 * `npm run serve:pair [-- --fanout redis://127.0.0.1:6379 | nats://127.0.0.1:4222 | jetstream://127.0.0.1:4222]
 *   [--explorer-postgres postgres://127.0.0.1:5432/test] [--explorer-schema explorer] [--data-root .data/pair]
 *   [--api-ports 8080,8081] [--base-port 9200] [--leader-ms 1000] [--channel nullspace]`:
 * two indexers over one chain. Four validators on loopback (keys dealt on first start, as
 * `npm run chain`); validators 0 and 1 each serve the API (submit, reads, /updates, /mempool) and
 * share the update fanout (FANOUT_URL, default the local Redis), so a WebSocket client on either
 * indexer sees every block once and the transactions admitted on both. With an explorer Postgres
 * (flag or EXPLORER_DATABASE_URL) both indexers write the same blocks into it (idempotent rows).
 * SIGINT/SIGTERM stops the children; a child that exits is restarted after 1 s (bounded).
 */
import { refuse, startValidatorCluster } from "./validator-cluster.ts"

const N = 4
const USAGE =
  "npm run serve:pair -- [--fanout redis://127.0.0.1:6379 | nats://127.0.0.1:4222 | jetstream://127.0.0.1:4222] [--explorer-postgres postgres://…] " +
  "[--explorer-schema explorer] [--data-root .data/pair] [--api-ports 8080,8081] [--base-port 9200] [--leader-ms 1000] [--channel nullspace]"
const args = process.argv.slice(2)
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback
}
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE)
  process.exit(0)
}
const fanout = flag("fanout", process.env["FANOUT_URL"] ?? "redis://127.0.0.1:6379")
if (!/^(?:redis|rediss|nats|jetstream):\/\//.test(fanout))
  refuse("serve:pair", `--fanout must be redis://…, nats://… or jetstream://… (two processes cannot share an in-process bus), got ${fanout}`)
const explorer = flag("explorer-postgres", process.env["EXPLORER_DATABASE_URL"] ?? "")
const schema = flag("explorer-schema", process.env["EXPLORER_SCHEMA"] ?? "explorer")
const dataRoot = flag("data-root", ".data/pair")
const basePort = Number(flag("base-port", "9200"))
const apiPorts = flag("api-ports", "8080,8081").split(",").map((p) => Number(p.trim()))
const leaderMs = flag("leader-ms", "1000")
const channel = flag("channel", process.env["FANOUT_CHANNEL"] ?? "nullspace")
if (apiPorts.length !== 2 || apiPorts.some((p) => !Number.isInteger(p) || p <= 0 || p > 65_535) || !Number.isInteger(basePort))
  refuse("serve:pair", `--api-ports needs two ports and --base-port a port\n${USAGE}`)

const { group_key } = startValidatorCluster({
  name: "serve:pair",
  validators: N,
  data_root: dataRoot,
  base_port: basePort,
  leader_ms: leaderMs,
  api_port: (i) => apiPorts[i],
  env: (i) => ({
    FANOUT_URL: fanout,
    FANOUT_CHANNEL: channel,
    FANOUT_ORIGIN: `indexer-${i}`,
    ...(explorer === "" ? {} : { EXPLORER_DATABASE_URL: explorer, EXPLORER_SCHEMA: schema })
  }),
  echo: (line) => line.includes("validator.started") || line.includes("halted") || line.includes("fanout.")
})
const [a, b] = apiPorts
console.log(`serve:pair: ${N} validators on 127.0.0.1:${basePort}..${basePort + N - 1}, data ${dataRoot}`)
console.log(`serve:pair: indexer A http://127.0.0.1:${a} (validator 0), indexer B http://127.0.0.1:${b} (validator 1)`)
console.log(`serve:pair: fanout ${fanout.replace(/\/\/[^@/]*@/, "//***@")} on ${channel}.updates; explorer ${explorer === "" ? "off (give --explorer-postgres or EXPLORER_DATABASE_URL to share one)" : `${explorer.replace(/\/\/[^@/]*@/, "//***@")} schema ${schema}`}`)
console.log(`serve:pair: group key ${group_key}`)

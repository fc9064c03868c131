/**
 * Indexer B of bench/fanout.ts, a child process of its own: a dev server (memory mode, no block
 * production of its own) on port 0 with the update fanout the parent names, the WebSocket limits
 * raised for the run. Tells the parent its URL over IPC and stops when told.
 *   argv: <fanout url> <channel> <max connections>      ← {type:"ready", url}   → {type:"close"}
 */
import { silentLogSink } from "../services/log.ts"
import { startDevServer } from "../services/server.ts"

const [url = "", channel = "", max = "20000"] = process.argv.slice(2)
const connections = Number(max)
const server = await startDevServer({
  port: 0,
  host: "127.0.0.1",
  dataDir: null,
  blockIntervalMs: 0,
  log: silentLogSink,
  config: {
    fanout_url: url,
    fanout_channel: channel,
    fanout_origin: "bench-b",
    http_rate_limit_per_second: 0,
    ws_max_connections: connections,
    ws_max_connections_per_ip: connections,
    http_max_connections: connections + 100,
    http_max_connections_per_ip: connections + 100,
    ws_heartbeat_ms: 0
  }
})
process.send?.({ type: "ready", url: server.url })
process.on("message", () => {
  void server.close().then(() => process.exit(0))
})

/**
 * `npm run serve [-- flags]`: the dev chain + simulator API on embedded defaults.
 *
 *   --host 127.0.0.1  --port 8080  --data-dir .data/devchain  --fresh  --memory (persist nothing)
 *   --block-interval-ms 250  --admin-keys <hex,hex>  --seed-secret <text>  --trust-proxy  --quiet
 *   any numeric limit of DevServerConfig as --kebab-case, e.g. --ws-max-connections 2000
 *
 * Environment: NULLSPACE_ADMIN_KEYS, RATE_LIMIT_HTTP_PER_SEC, RATE_LIMIT_HTTP_BURST,
 * RATE_LIMIT_SUBMIT_PER_MIN, RATE_LIMIT_SUBMIT_BURST, RATE_LIMIT_WS_CONNECTIONS,
 * RATE_LIMIT_WS_CONNECTIONS_PER_IP, EXPLORER_DATABASE_URL, REDIS_URL (flags win over the environment).
 * Explorer: --explorer-postgres <url> --explorer-schema <name> --redis <url> --no-explorer.
 * SIGINT/SIGTERM: finish the current block, close sockets and the block log, exit 0.
 */
import { exposedWarning, isLoopbackHost } from "../loopback.ts"
import { defaultDevServerConfig, edgeDefaults, type DevServerConfig } from "../config.ts"
import { consoleLogSink } from "../log.ts"
import { startDevServer } from "../server.ts"
import { explorerSettingsFrom, redactedExplorerSettings } from "../explorer/settings.ts"

type NumericKey = { [K in keyof DevServerConfig]: DevServerConfig[K] extends number ? K : never }[keyof DevServerConfig]

const NUMERIC_KEYS: ReadonlyArray<NumericKey> = [
  "port",
  "block_interval_ms",
  "http_body_limit_bytes",
  "http_rate_limit_per_second",
  "http_rate_limit_burst",
  "submit_rate_limit_per_minute",
  "submit_rate_limit_burst",
  "submit_tx_rate_limit_per_minute",
  "submit_tx_rate_limit_burst",
  "http_max_connections",
  "http_max_connections_per_ip",
  "http_headers_timeout_ms",
  "http_request_timeout_ms",
  "ws_max_connections",
  "ws_max_connections_per_ip",
  "ws_outbound_buffer",
  "ws_max_message_bytes",
  "ws_heartbeat_ms",
  "updates_broadcast_buffer",
  "fanout_buffer",
  "fanout_max_frame_bytes"
]

const ENV_KEYS: ReadonlyArray<readonly [string, NumericKey]> = [
  ["RATE_LIMIT_HTTP_PER_SEC", "http_rate_limit_per_second"],
  ["RATE_LIMIT_HTTP_BURST", "http_rate_limit_burst"],
  ["RATE_LIMIT_SUBMIT_PER_MIN", "submit_rate_limit_per_minute"],
  ["RATE_LIMIT_SUBMIT_BURST", "submit_rate_limit_burst"],
  ["RATE_LIMIT_WS_CONNECTIONS", "ws_max_connections"],
  ["RATE_LIMIT_WS_CONNECTIONS_PER_IP", "ws_max_connections_per_ip"]
]

const fail = (message: string): never => {
  process.stderr.write(`serve: ${message}\n`)
  process.exit(2)
}

const nonNegative = (flag: string, raw: string | undefined): number => {
  const n = Number(raw)
  if (raw === undefined || !Number.isInteger(n) || n < 0) return fail(`${flag} needs a non-negative integer, got ${String(raw)}`)
  return n
}

const parseServeArgs = (argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv) => {
  const numbers: Partial<Record<NumericKey, number>> = {}
  for (const [name, key] of ENV_KEYS) if (env[name] !== undefined && env[name] !== "") numbers[key] = nonNegative(name, env[name])
  let host: string | undefined
  let dataDir: string | null | undefined
  let fresh = false
  let adminKeys = env["NULLSPACE_ADMIN_KEYS"] ?? ""
  let seedSecret: string | undefined
  let trustProxy = false
  const proxies: string[] = []
  const origins: string[] = (env["ALLOWED_ORIGINS"] ?? "").split(",").map((o) => o.trim()).filter((o) => o !== "")
  let quiet = false
  // the update fanout between indexers (docs/fanout.md); FANOUT_URL etc. through edgeDefaults
  const fanout: { url?: string; channel?: string; origin?: string } = {}
  const explorer: { postgres?: string; redis?: string; schema?: string; off?: boolean } = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined]
    const value = (): string => inline ?? argv[++i] ?? fail(`${flag} needs a value`)
    switch (flag) {
      case "--host":
        host = value()
        break
      case "--data-dir":
        dataDir = value()
        break
      case "--memory":
        dataDir = null
        break
      case "--fresh":
        fresh = true
        break
      case "--admin-keys":
        adminKeys = value()
        break
      case "--seed-secret":
        seedSecret = value()
        break
      case "--trust-proxy":
        trustProxy = true
        break
      case "--trusted-proxy":
        proxies.push(...value().split(",").map((p) => p.trim()).filter((p) => p !== ""))
        break
      case "--allow-origin":
        for (const o of value().split(",")) if (o.trim() !== "") origins.push(o.trim())
        break
      case "--quiet":
        quiet = true
        break
      case "--fanout":
        fanout.url = value()
        break
      case "--fanout-channel":
        fanout.channel = value()
        break
      case "--fanout-origin":
        fanout.origin = value()
        break
      case "--explorer-postgres":
        explorer.postgres = value()
        break
      case "--explorer-schema":
        explorer.schema = value()
        break
      case "--redis":
        explorer.redis = value()
        break
      case "--no-explorer":
        explorer.off = true
        break
      case "--help":
      case "-h":
        process.stdout.write(
          "npm run serve -- [--host H] [--port P] [--data-dir D | --memory] [--fresh] [--block-interval-ms N] [--admin-keys K,K] [--allow-origin https://site,…]\n" +
            "  beyond loopback an origin allowlist is required and the spec's limits apply to every limit not given\n" +
            "  fanout to other indexers: --fanout redis://…|nats://… (or FANOUT_URL) --fanout-channel <prefix> --fanout-origin <id> (docs/fanout.md)\n" +
            "  explorer: embedded PGlite in <data-dir>/explorer by default; --explorer-postgres <url> (or EXPLORER_DATABASE_URL) for a shared\n" +
            "  Postgres on a private host, --explorer-schema <name>, --redis <url> (or REDIS_URL) for the response cache, --no-explorer\n" +
            `  numeric limits: ${NUMERIC_KEYS.map((k) => `--${k.replaceAll("_", "-")}`).join(" ")}\n` +
            "  see docs/operations.md\n"
        )
        process.exit(0)
        break
      default: {
        const key = NUMERIC_KEYS.find((k) => `--${k.replaceAll("_", "-")}` === flag)
        if (key === undefined) fail(`unknown flag ${flag} (try --help)`)
        else numbers[key] = nonNegative(flag, value())
      }
    }
  }
  return { numbers, host, dataDir, fresh, adminKeys, seedSecret, trustProxy, quiet, origins, proxies, fanout, explorer }
}

const main = async () => {
  const a = parseServeArgs(process.argv.slice(2), process.env)
  const server = await startDevServer({
    ...(a.host === undefined ? {} : { host: a.host }),
    ...(a.dataDir === undefined ? {} : { dataDir: a.dataDir }),
    ...(a.seedSecret === undefined ? {} : { seedSecret: a.seedSecret }),
    fresh: a.fresh,
    adminKeys: a.adminKeys,
    logRequests: !a.quiet,
    log: consoleLogSink,
    config: {
      ...defaultDevServerConfig,
      // beyond loopback, the spec's limits for everything not given explicitly
      ...edgeDefaults(a.host ?? defaultDevServerConfig.host, process.env),
      ...a.numbers,
      ...(a.fanout.url === undefined ? {} : { fanout_url: a.fanout.url }),
      ...(a.fanout.channel === undefined ? {} : { fanout_channel: a.fanout.channel }),
      ...(a.fanout.origin === undefined ? {} : { fanout_origin: a.fanout.origin }),
      trust_proxy: a.trustProxy,
      allowed_origins: a.origins,
      ...(a.proxies.length === 0 ? {} : { trusted_proxies: a.proxies }),
      data_dir: a.dataDir === undefined ? defaultDevServerConfig.data_dir : a.dataDir,
      // the explorer on embedded PGlite unless a Postgres URL is given (services/explorer/settings.ts)
      explorer: a.explorer.off === true ? null : explorerSettingsFrom(a.explorer, process.env)
    }
  })
  const head = server.devChain.head()
  const c = server.config
  process.stdout.write(
    `nullspace dev chain listening on ${server.url}  (updates: ${server.updatesUrl})\n` +
      `  data dir: ${c.data_dir ?? "(memory only: nothing persisted)"}  height ${head.height}  view ${head.view}  state root ${head.state_root}\n` +
      `  block interval ${c.block_interval_ms} ms  admin keys ${server.devChain.chain.config.admin_keys.length}  dev seeds (NOT verifiable)\n` +
      `  explorer: ${c.explorer === null ? "off" : c.explorer.backend === "postgres" ? `postgres ${redactedExplorerSettings(c.explorer)?.postgres_url ?? ""} schema ${c.explorer.schema}` : "embedded (PGlite)"}${(c.explorer?.redis_url ?? null) === null ? "" : `, redis cache ${redactedExplorerSettings(c.explorer)?.redis_url ?? ""}`}\n`
  )
  if (!isLoopbackHost(c.host)) {
    const warning = exposedWarning(c.host)
    process.stderr.write(`\n${"!".repeat(100)}\n${warning}\n${"!".repeat(100)}\n\n`)
    consoleLogSink.write({ level: "warn", msg: warning, host: c.host })
  }
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`${signal}: finishing the current block and closing\n`)
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`)
        process.exit(1)
      }
    )
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
}

main().catch((e: unknown) => {
  process.stderr.write(`serve: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})

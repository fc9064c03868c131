/**
 * Configuration of the development server (dev chain + simulator API), with the embedded defaults
 * `npm run serve` runs on. Every limit is a per-deployment tunable (chain-and-services.md §7);
 * 0 disables a rate limit. The consensus-relevant part (admin keys) is pinned in the data dir's
 * genesis file on first start.
 */
import { Context } from "effect"
import { TRANSACTION_NAMESPACE } from "../engine/chain/constants.ts"
import { DEFAULT_MEMPOOL_LIMITS, type MempoolLimits } from "../engine/chain/mempool.ts"
import type { PublicKey } from "../engine/schema/primitives.ts"
import { isLoopbackHost } from "./loopback.ts"
import type { ExplorerSettings } from "./explorer/settings.ts"

export interface DevServerConfig {
  readonly host: string
  /** 0 picks a free port */
  readonly port: number
  /** where blocks.log and genesis.json live; null keeps everything in memory (nothing persisted) */
  readonly data_dir: string | null
  /** wipe the data dir before starting */
  readonly fresh: boolean
  /** produce a block this often while the mempool holds an includable transaction; 0 = manual only (produceNow) */
  readonly block_interval_ms: number
  readonly admin_keys: ReadonlyArray<PublicKey>
  /** the network's transaction namespace (TXNS): every signature covers it; pinned in genesis.json */
  readonly transaction_namespace: string
  /** dev seeds are SHA-256(secret, view): NOT verifiable, development only. The secret; null (the default): 32 random bytes kept in `<data_dir>/seed.secret`
   * (mode 0600, drawn on first start), or drawn per process in memory mode. Never a public default:
   * anyone who knows it predicts every outcome. */
  readonly seed_secret: string | null
  readonly mempool: MempoolLimits
  readonly http_body_limit_bytes: number
  readonly http_rate_limit_per_second: number
  readonly http_rate_limit_burst: number
  readonly submit_rate_limit_per_minute: number
  readonly submit_rate_limit_burst: number
  /** transactions one client may submit (a 128-transaction batch takes 128 tokens) */
  readonly submit_tx_rate_limit_per_minute: number
  readonly submit_tx_rate_limit_burst: number
  /** take the client address from X-Forwarded-For / X-Real-IP (only behind a trusted proxy) */
  readonly trust_proxy: boolean
  /** socket addresses whose forwarded headers count (with trust_proxy); default: this host's loopback */
  readonly trusted_proxies: ReadonlyArray<string>
  /**
   * browser origins allowed to call the API and open /updates (exact `scheme://host[:port]`); a
   * request or upgrade carrying any other Origin is refused (403). Empty (the default): no browser
   * origin at all; required beyond loopback (the server refuses to start without it).
   */
  readonly allowed_origins: ReadonlyArray<string>
  /** the token /metrics and /metrics/prometheus require (Bearer or x-metrics-token); null: metrics on a loopback bind only */
  readonly metrics_token: string | null
  /** open HTTP connections (WebSockets included) in total, and from one client address */
  readonly http_max_connections: number
  readonly http_max_connections_per_ip: number
  /** a request must send its headers within this, and finish within the other (slow clients are cut) */
  readonly http_headers_timeout_ms: number
  readonly http_request_timeout_ms: number
  readonly ws_max_connections: number
  readonly ws_max_connections_per_ip: number
  /** frames queued for one connection before it is closed as too slow */
  readonly ws_outbound_buffer: number
  readonly ws_max_message_bytes: number
  /** ping every /updates connection this often; one that has not answered the previous ping is closed (0 = off) */
  readonly ws_heartbeat_ms: number
  /** finalized blocks buffered for update subscribers; a subscriber further behind skips blocks */
  readonly updates_broadcast_buffer: number
  /** one JSON line per request on stdout */
  readonly log_requests: boolean
  /**
   * worker threads verifying signatures of submitted batches, proposed/finalized blocks and
   * replayed log records (services/node/pool-verify.ts); 0 = verify on the main thread only
   */
  readonly verify_pool_workers: number
  /** the explorer (services/explorer/settings.ts): embedded PGlite or a shared Postgres, an optional Redis cache; null = none (`npm run serve` turns it on) */
  readonly explorer: ExplorerSettings | null
  /**
   * the update fanout between indexers (docs/fanout.md): `redis://…`, `nats://…` or
   * `memory://<name>` (indexers of one process); null (the default): an in-process bus of its own
   */
  readonly fanout_url: string | null
  /** the channel / subject prefix: frames travel on `<prefix>.updates` */
  readonly fanout_channel: string
  /** this indexer's origin id on the fanout; null: a random UUID per process */
  readonly fanout_origin: string | null
  /** frames waiting for the broker, and received frames waiting for delivery (each bounded, drop-oldest) */
  readonly fanout_buffer: number
  readonly fanout_max_frame_bytes: number
}

export const DEFAULT_DATA_DIR = ".data/devchain"

export const defaultDevServerConfig: DevServerConfig = {
  host: "127.0.0.1",
  port: 8080,
  data_dir: DEFAULT_DATA_DIR,
  fresh: false,
  block_interval_ms: 250,
  admin_keys: [],
  transaction_namespace: TRANSACTION_NAMESPACE,
  seed_secret: null,
  mempool: DEFAULT_MEMPOOL_LIMITS,
  http_body_limit_bytes: 1024 * 1024,
  http_rate_limit_per_second: 1_000,
  http_rate_limit_burst: 5_000,
  submit_rate_limit_per_minute: 60_000,
  submit_rate_limit_burst: 1_000,
  submit_tx_rate_limit_per_minute: 6_000_000,
  submit_tx_rate_limit_burst: 100_000,
  trust_proxy: false,
  trusted_proxies: ["127.0.0.1", "::1"],
  allowed_origins: [],
  metrics_token: null,
  http_max_connections: 8_192,
  http_max_connections_per_ip: 2_048,
  http_headers_timeout_ms: 10_000,
  http_request_timeout_ms: 30_000,
  ws_max_connections: 1_000,
  ws_max_connections_per_ip: 1_000,
  ws_outbound_buffer: 256,
  ws_max_message_bytes: 64 * 1024,
  ws_heartbeat_ms: 30_000,
  updates_broadcast_buffer: 1_024,
  log_requests: true,
  verify_pool_workers: 0,
  explorer: null,
  fanout_url: null,
  fanout_channel: "nullspace",
  fanout_origin: null,
  fanout_buffer: 1_024,
  fanout_max_frame_bytes: 4 * 1024 * 1024
}

/**
 * The spec's limits (chain-and-services.md §3.1, §7) for a server bound beyond loopback: what the
 * CLI applies to every limit not set explicitly when the host is not a loopback address. The
 * loopback defaults above are sized for simulations and load runs on one machine.
 */
export const EXPOSED_LIMITS = {
  http_rate_limit_per_second: 1_000,
  http_rate_limit_burst: 5_000,
  submit_rate_limit_per_minute: 100,
  submit_rate_limit_burst: 10,
  submit_tx_rate_limit_per_minute: 6_000,
  submit_tx_rate_limit_burst: 1_280,
  ws_max_connections: 20_000,
  ws_max_connections_per_ip: 10,
  http_max_connections_per_ip: 64
} as const satisfies Partial<DevServerConfig>

/**
 * What a command line derives from where it binds and its environment: the spec's limits beyond
 * loopback (explicit limits are spread after this and win), the metrics token from
 * METRICS_AUTH_TOKEN (empty or unset: none) and the update fanout from FANOUT_URL, FANOUT_CHANNEL
 * and FANOUT_ORIGIN.
 */
export const edgeDefaults = (host: string, env: NodeJS.ProcessEnv): Partial<DevServerConfig> => {
  const set = (name: string): string | null => {
    const v = env[name]
    return v === undefined || v === "" ? null : v
  }
  const fanout = set("FANOUT_URL")
  const channel = set("FANOUT_CHANNEL")
  const origin = set("FANOUT_ORIGIN")
  return {
    ...(isLoopbackHost(host) ? {} : EXPOSED_LIMITS),
    metrics_token: set("METRICS_AUTH_TOKEN"),
    ...(fanout === null ? {} : { fanout_url: fanout }),
    ...(channel === null ? {} : { fanout_channel: channel }),
    ...(origin === null ? {} : { fanout_origin: origin })
  }
}

export class ServerConfig extends Context.Tag("nullspace/services/ServerConfig")<ServerConfig, DevServerConfig>() {}

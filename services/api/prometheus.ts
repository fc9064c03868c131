/**
 * GET /metrics/prometheus: the API's counters, gauges and latency histograms in the Prometheus
 * text exposition format (prom-client, one Registry per server so several servers in one process
 * never share series), names prefixed `nullspace_simulator_` as chain-and-services.md §3.11 lists
 * them (and the explorer's `nullspace_explorer_` series when the server has one,
 * services/explorer/prometheus.ts). Values are read from the ApiMetricsState and the chain when scraped (collect callbacks);
 * the histograms are rebuilt from the state's fixed millisecond buckets, so the JSON /metrics and
 * this exposition always agree.
 *
 * Access: with a metrics token configured (METRICS_AUTH_TOKEN / `metrics_token`), the request
 * must carry `Authorization: Bearer <token>` or `x-metrics-token: <token>` (compared in constant
 * time), else 401. Without one, the metrics are served on a loopback bind only (fail closed).
 */
import { timingSafeEqual } from "node:crypto"
import { Context, Effect, Layer, Option } from "effect"
import { Counter, Gauge, Registry } from "prom-client"
import { UpdateFanout, type FanoutStats } from "../fanout/fanout.ts"
import { ExplorerCache } from "../explorer/cache.ts"
import { ExplorerIndexer } from "../explorer/indexer.ts"
import { registerExplorerSeries } from "../explorer/prometheus.ts"
import { DevChain } from "../node/dev-chain.ts"
import { ApiMetrics, LATENCY_BUCKETS_MS, type ApiMetricsState, type Latency } from "./metrics.ts"

export const PROMETHEUS_PREFIX = "nullspace_simulator_"

export interface ChainGauges {
  readonly height: () => number
  readonly mempool_size: () => number
  readonly transactions_executed: () => number
}

const escapeLabel = (v: string): string => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")

/** a histogram in exposition text from fixed buckets (prom-client has no pre-bucketed histogram) */
const histogramText = (name: string, help: string, l: Latency): string => {
  const full = `${PROMETHEUS_PREFIX}${name}`
  const lines = [`# HELP ${full} ${help}`, `# TYPE ${full} histogram`]
  let cumulative = 0
  for (const [i, le] of LATENCY_BUCKETS_MS.entries()) {
    cumulative += l.counts[i] ?? 0
    lines.push(`${full}_bucket{le="${le}"} ${cumulative}`)
  }
  lines.push(`${full}_bucket{le="+Inf"} ${l.count}`, `${full}_sum ${l.sum_ms}`, `${full}_count ${l.count}`)
  return `${lines.join("\n")}\n`
}

export class PrometheusExposition {
  readonly registry = new Registry()

  constructor(
    private readonly m: ApiMetricsState,
    chain: ChainGauges,
    fanout: (() => FanoutStats) | null = null
  ) {
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name: `${PROMETHEUS_PREFIX}${name}`,
        help,
        registers: [this.registry],
        collect() {
          this.reset()
          this.inc(read())
        }
      })
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name: `${PROMETHEUS_PREFIX}${name}`,
        help,
        registers: [this.registry],
        collect() {
          this.set(read())
        }
      })
    new Counter({
      name: `${PROMETHEUS_PREFIX}http_requests_total`,
      help: "HTTP requests answered, by status",
      labelNames: ["status"],
      registers: [this.registry],
      collect() {
        this.reset()
        for (const [status, n] of Object.entries(m.http.by_status)) this.inc({ status: escapeLabel(status) }, n)
      }
    })
    counter("http_reject_origin_total", "requests refused for their Origin (403)", () => m.http.reject_origin)
    counter("http_reject_rate_limit_total", "requests refused by a rate limit (429)", () => m.http.reject_rate_limit)
    counter("http_reject_body_limit_total", "submissions refused for their size (413)", () => m.http.reject_body_limit)
    counter("submit_accepted_transactions_total", "transactions admitted through /submit", () => m.submit.accepted_transactions)
    counter("ws_updates_lagged_total", "blocks an /updates connection skipped because it fell behind", () => m.ws.lagged_blocks)
    counter("ws_updates_queue_full_total", "/updates connections closed for a full outbound buffer", () => m.ws.queue_full)
    counter("ws_updates_send_errors_total", "/updates frames that failed to send", () => m.ws.send_errors)
    counter("ws_connection_reject_global_total", "upgrades refused at the total WebSocket cap", () => m.ws.connection_reject_global)
    counter("ws_connection_reject_per_ip_total", "upgrades refused at the per-address WebSocket cap", () => m.ws.connection_reject_per_ip)
    counter("ws_connection_reject_origin_total", "upgrades refused for their Origin", () => m.ws.connection_reject_origin)
    counter("ws_heartbeat_timeouts_total", "/updates connections closed for not answering a heartbeat", () => m.ws.heartbeat_timeouts)
    gauge("ws_connections", "open /updates connections", () => m.ws.connections)
    gauge("chain_height", "the executed height", chain.height)
    gauge("chain_mempool_size", "transactions pending in the mempool", chain.mempool_size)
    counter("chain_transactions_executed_total", "transactions executed (applied or failed)", chain.transactions_executed)
    gauge("system_rss_bytes", "resident set size", () => process.memoryUsage().rss)
    gauge("system_heap_used_bytes", "V8 heap in use", () => process.memoryUsage().heapUsed)
    if (fanout !== null) {
      // the update fanout between indexers (docs/fanout.md): what it sent, dropped and lost
      counter("fanout_published_total", "frames published to the other indexers", () => fanout().published)
      counter("fanout_publish_failed_total", "publishes the broker refused (retried from the outbox)", () => fanout().publish_failed)
      counter("fanout_outbox_dropped_total", "frames dropped from a full outbox (oldest first) or refused three times", () => fanout().outbox_dropped)
      counter("fanout_too_large_total", "frames not published for their size", () => fanout().too_large)
      counter("fanout_received_total", "frames received from the broker", () => fanout().received)
      counter("fanout_malformed_total", "received messages that were not frames", () => fanout().malformed)
      counter("fanout_own_dropped_total", "received frames of this indexer's own origin", () => fanout().own_dropped)
      counter("fanout_duplicate_dropped_total", "received frames already delivered here", () => fanout().duplicate_dropped)
      counter("fanout_inbox_dropped_total", "received frames dropped from a full inbox (oldest first)", () => fanout().inbox_dropped)
      counter("fanout_lost_total", "frames other indexers published that never arrived (sequence gaps)", () => fanout().lost)
      counter("fanout_delivered_remote_total", "frames of other indexers delivered here", () => fanout().delivered_remote)
      counter("fanout_reconnects_total", "broker reconnections", () => fanout().reconnects)
      gauge("fanout_connected", "1 while the broker connection is up", () => (fanout().connected ? 1 : 0))
      gauge("fanout_outbox_depth", "frames waiting for the broker", () => fanout().outbox_depth)
      gauge("fanout_inbox_depth", "received frames waiting for delivery", () => fanout().inbox_depth)
    }
  }

  get contentType(): string {
    return this.registry.contentType
  }

  async text(): Promise<string> {
    return (
      (await this.registry.metrics()) +
      histogramText("http_request_latency_ms", "HTTP request latency (ms)", this.m.http.latency) +
      histogramText("http_submit_latency_ms", "submit latency (ms)", this.m.submit.latency)
    )
  }
}

export class PrometheusMetrics extends Context.Tag("nullspace/services/PrometheusMetrics")<PrometheusMetrics, PrometheusExposition>() {}

export const PrometheusMetricsLive = Layer.effect(
  PrometheusMetrics,
  Effect.gen(function* () {
    const m = yield* ApiMetrics
    const c = yield* DevChain
    const fanout = yield* Effect.serviceOption(UpdateFanout)
    const indexer = yield* Effect.serviceOption(ExplorerIndexer)
    const cache = yield* Effect.serviceOption(ExplorerCache)
    const exposition = new PrometheusExposition(
      m,
      {
        height: () => Number(c.chain.height),
        mempool_size: () => c.mempool.size,
        transactions_executed: () => c.stats().transactions_executed
      },
      Option.isSome(fanout) ? fanout.value.stats : null
    )
    // the explorer's series (services/explorer/prometheus.ts), when this server has an explorer
    if (Option.isSome(indexer)) registerExplorerSeries(exposition.registry, indexer.value, Option.getOrNull(cache))
    return exposition
  })
)

/** whether a request may read metrics: the token when one is configured, else loopback only */
export const metricsAccess = (token: string | null, on_loopback: boolean, authorization: string | undefined, x_token: string | undefined): boolean => {
  if (token === null || token === "") return on_loopback
  const given = authorization?.startsWith("Bearer ") === true ? authorization.slice(7) : (x_token ?? "")
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

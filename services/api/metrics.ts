/**
 * Counters and latency histograms of the API (a subset of chain-and-services.md §3.11), served as
 * JSON by GET /metrics. Plain mutable numbers: single-threaded, updated in place.
 */
import { Context, Layer } from "effect"

export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] as const

export class Latency {
  readonly counts: number[] = LATENCY_BUCKETS_MS.map(() => 0)
  overflow = 0
  count = 0
  sum_ms = 0
  max_ms = 0
  record(ms: number): void {
    this.count++
    this.sum_ms += ms
    if (ms > this.max_ms) this.max_ms = ms
    const i = LATENCY_BUCKETS_MS.findIndex((b) => ms <= b)
    if (i < 0) this.overflow++
    else this.counts[i]!++
  }
  toJSON() {
    return {
      buckets_ms: LATENCY_BUCKETS_MS,
      counts: this.counts,
      overflow: this.overflow,
      count: this.count,
      avg_ms: this.count === 0 ? 0 : this.sum_ms / this.count,
      max_ms: this.max_ms
    }
  }
}

const counts = (): Record<string, number> => ({})

export class ApiMetricsState {
  readonly http = {
    requests: 0,
    by_status: counts(),
    reject_rate_limit: 0,
    reject_origin: 0,
    reject_body_limit: 0,
    latency: new Latency()
  }
  readonly submit = {
    latency: new Latency(),
    accepted_submissions: 0,
    accepted_transactions: 0,
    rejected: counts()
  }
  readonly ws = {
    connections: 0,
    opened: 0,
    frames_sent: 0,
    /** blocks a connection never saw because it fell behind the broadcast buffer */
    lagged_blocks: 0,
    /** connections closed because their outbound buffer was full */
    queue_full: 0,
    send_errors: 0,
    connection_reject_global: 0,
    connection_reject_per_ip: 0,
    connection_reject_origin: 0,
    /** connections terminated for not answering a heartbeat ping */
    heartbeat_timeouts: 0,
    malformed_filter: 0,
    /** connections closed 1003 for sending a data message (the feeds take none) */
    inbound_data_closed: 0,
    /** connections closed 1008 for more pings in a window than WS_INBOUND_PINGS_PER_WINDOW */
    ping_flood_closed: 0,
    /** connections the ws receiver closed for a protocol error (1002 bad frame, 1007 bad UTF-8, 1009 too big) */
    protocol_errors: 0
  }
  countStatus(status: number): void {
    this.http.requests++
    const k = String(status)
    this.http.by_status[k] = (this.http.by_status[k] ?? 0) + 1
    if (status === 429) this.http.reject_rate_limit++
    if (status === 403) this.http.reject_origin++
    if (status === 413) this.http.reject_body_limit++
  }
  countRejection(tag: string): void {
    this.submit.rejected[tag] = (this.submit.rejected[tag] ?? 0) + 1
  }
}

export class ApiMetrics extends Context.Tag("nullspace/services/ApiMetrics")<ApiMetrics, ApiMetricsState>() {}

export const ApiMetricsLive = Layer.sync(ApiMetrics, () => new ApiMetricsState())

/**
 * Per-client token buckets (chain-and-services.md §3.1): `rate` tokens per second refill up to
 * `burst`; a request takes one token or is refused. A rate of 0 disables the limiter. Idle
 * buckets are forgotten so the table stays bounded.
 */
import { Context, Effect, Layer } from "effect"
import { ServerConfig } from "../config.ts"
/** seconds a client refused by a token bucket is told to wait (Retry-After; buckets refill continuously) */
export const RETRY_AFTER_S = 1

export interface TokenBucketOptions {
  readonly rate_per_second: number
  readonly burst: number
  /** buckets tracked at most; beyond it, full (idle) buckets are swept */
  readonly clients_max?: number
}

interface Bucket {
  tokens: number
  at_ms: number
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>()
  private readonly clients_max: number
  constructor(
    private readonly options: TokenBucketOptions,
    private readonly now_ms: () => number = () => performance.now()
  ) {
    this.clients_max = options.clients_max ?? 100_000
  }

  /** clients currently tracked */
  get tracked(): number {
    return this.buckets.size
  }

  get enabled(): boolean {
    return this.options.rate_per_second > 0 && this.options.burst > 0
  }

  /** take `n` tokens (default one) for `client`; false = rate limited (nothing taken) */
  take(client: string, n = 1): boolean {
    if (!this.enabled) return true
    const now = this.now_ms()
    let b = this.buckets.get(client)
    if (b === undefined) {
      if (this.buckets.size >= this.clients_max) this.sweep(now)
      b = { tokens: this.options.burst, at_ms: now }
      this.buckets.set(client, b)
    } else {
      b.tokens = Math.min(this.options.burst, b.tokens + ((now - b.at_ms) / 1000) * this.options.rate_per_second)
      b.at_ms = now
    }
    if (b.tokens < n) return false
    b.tokens -= n
    return true
  }

  private sweep(now: number): void {
    const refill_ms = (this.options.burst / this.options.rate_per_second) * 1000
    for (const [k, b] of this.buckets) if (now - b.at_ms >= refill_ms) this.buckets.delete(k)
    if (this.buckets.size >= this.clients_max) this.buckets.clear()
  }
}

/** The server's limiters: every request (and WebSocket upgrade), /submit on top, and each transaction submitted. */
export interface RateLimitsShape {
  readonly http: TokenBuckets
  readonly submit: TokenBuckets
  readonly submit_tx: TokenBuckets
}

export class RateLimits extends Context.Tag("nullspace/services/RateLimits")<RateLimits, RateLimitsShape>() {}

export const RateLimitsLive = Layer.effect(
  RateLimits,
  Effect.map(ServerConfig, (c) => ({
    http: new TokenBuckets({ rate_per_second: c.http_rate_limit_per_second, burst: c.http_rate_limit_burst }),
    submit: new TokenBuckets({ rate_per_second: c.submit_rate_limit_per_minute / 60, burst: c.submit_rate_limit_burst }),
    submit_tx: new TokenBuckets({ rate_per_second: c.submit_tx_rate_limit_per_minute / 60, burst: c.submit_tx_rate_limit_burst })
  }))
)

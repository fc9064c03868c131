/**
 * Fixed-window rate limits per `prefix:address`, held in memory with a cap on the number of
 * buckets (expired ones swept first, then the oldest), so a flood of addresses cannot grow it.
 */
import type { RateLimitRule } from "./config.ts"

export interface RateLimiter {
  /** null when allowed, else the seconds until the window resets */
  readonly take: (key: string, now_ms: number) => number | null
  readonly size: () => number
}

export const makeRateLimiter = (rule: RateLimitRule, buckets_max: number): RateLimiter => {
  const buckets = new Map<string, { start_ms: number; count: number }>()
  const sweep = (now_ms: number) => {
    for (const [k, b] of buckets) if (now_ms - b.start_ms >= rule.window_ms) buckets.delete(k)
    // Map iteration is insertion order: the oldest first
    for (const k of buckets.keys()) {
      if (buckets.size < buckets_max) break
      buckets.delete(k)
    }
  }
  return {
    take: (key, now_ms) => {
      if (rule.max === 0) return null
      let b = buckets.get(key)
      if (b === undefined || now_ms - b.start_ms >= rule.window_ms) {
        if (b !== undefined) buckets.delete(key)
        if (buckets.size >= buckets_max) sweep(now_ms)
        b = { start_ms: now_ms, count: 0 }
        buckets.set(key, b)
      }
      if (b.count >= rule.max) return Math.max(1, Math.ceil((b.start_ms + rule.window_ms - now_ms) / 1000))
      b.count++
      return null
    },
    size: () => buckets.size
  }
}

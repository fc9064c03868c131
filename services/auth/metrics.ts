/**
 * The auth service's metrics: prom-client, one Registry per service instance (several instances in
 * one process never share series), names `nullspace_auth_*`. Counters by key as §4.11 lists them
 * (`http.requests`, `auth.challenge.created`, `freeroll.sync.failure`, …) and timings in ms.
 */
import { Counter, Histogram, Registry } from "prom-client"

export interface AuthMetricsShape {
  readonly registry: Registry
  readonly count: (key: string, by?: number) => void
  readonly time: (key: string, ms: number) => void
  /** the current value of a counter key (tests, /healthz) */
  readonly value: (key: string) => Promise<number>
}

const KEYS_MAX = 256

export const makeAuthMetrics = (): AuthMetricsShape => {
  const registry = new Registry()
  const counter = new Counter({ name: "nullspace_auth_counter_total", help: "auth service events by key", labelNames: ["key"], registers: [registry] })
  const timing = new Histogram({
    name: "nullspace_auth_timing_ms",
    help: "auth service timings by key (milliseconds)",
    labelNames: ["key"],
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000],
    registers: [registry]
  })
  const keys = new Set<string>()
  // bounded label set: unknown keys beyond the cap are folded into "other"
  const label = (key: string): string => {
    if (keys.has(key)) return key
    if (keys.size >= KEYS_MAX) return "other"
    keys.add(key)
    return key
  }
  return {
    registry,
    count: (key, by = 1) => counter.inc({ key: label(key) }, by),
    time: (key, ms) => timing.observe({ key: label(key) }, ms),
    value: async (key) => {
      const m = await counter.get()
      return m.values.find((v) => v.labels["key"] === key)?.value ?? 0
    }
  }
}

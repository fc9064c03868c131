/** The 'k6/metrics' module: Counter, Gauge, Rate, Trend, declared in the init context only (as k6). */
import { validMetricName, type MetricType, type ValueType } from "./metrics.ts"
import type { VuHost } from "./vu-host.ts"

export const makeMetricsModule = (host: VuHost) => {
  const declare = (name: unknown, type: MetricType, contains: ValueType): string => {
    if (host.phase !== "init") throw host.realm.makeError("metrics must be declared in the init context")
    const n = String(name)
    if (!validMetricName(n)) throw host.realm.makeError(`invalid metric name '${n}'`)
    const existing = host.declared.get(n)
    if (existing !== undefined && (existing.type !== type || existing.contains !== contains))
      throw host.realm.makeError(`metric '${n}' already exists with type ${existing.type}`)
    host.declared.set(n, { name: n, type, contains })
    return n
  }

  const numeric = (type: MetricType, value: unknown): number | null => {
    if (type === "rate") {
      const n = typeof value === "boolean" ? (value ? 1 : 0) : Number(value)
      return n !== 0 && !Number.isNaN(n) ? 1 : 0
    }
    const v = typeof value === "boolean" ? (value ? 1 : 0) : Number(value)
    return Number.isFinite(v) ? v : null
  }

  const make = (type: MetricType) =>
    class {
      readonly name: string
      constructor(name: unknown, isTime?: unknown) {
        this.name = declare(name, type, isTime === true ? "time" : "default")
      }
      add(value: unknown, tags?: unknown): boolean {
        host.requireVuContext("Adding to metrics")
        const v = numeric(type, value)
        if (v === null) return false
        const extra: Record<string, string> = {}
        if (typeof tags === "object" && tags !== null) for (const [k, t] of Object.entries(tags)) extra[k] = String(t)
        host.emit(this.name, v, { ...host.systemTags(), ...extra })
        return true
      }
    }

  const Counter = make("counter")
  const Gauge = make("gauge")
  const Rate = make("rate")
  const Trend = make("trend")
  return { Counter, Gauge, Rate, Trend, default: { Counter, Gauge, Rate, Trend } }
}

/**
 * Thresholds as k6 v0.47 parses and evaluates them:
 *  - an expression is `aggregation operator number`; operators are scanned in the order
 *    `<=`, `<`, `>=`, `>`, `===`, `==`, `!=` and the first that splits the text wins;
 *  - the aggregation must suit the metric type (Counter: count, rate; Gauge: value; Rate: rate;
 *    Trend: avg, min, max, med, p(N));
 *  - at the end of the test every threshold is evaluated, including on metrics without samples:
 *    an empty Rate yields NaN (so `rate<0.01` fails), an empty Trend or Counter yields 0;
 *  - during the run (every 2 s) thresholds with `abortOnFail` are evaluated on non-empty sinks only,
 *    and abort the test once their `delayAbortEval` has passed.
 */
import { CounterSink, GaugeSink, RateSink, TrendSink, type MetricRegistry, type MetricType, type Sink } from "./metrics.ts"
import { parseDuration_ms } from "./duration.ts"

export type Operator = "<=" | "<" | ">=" | ">" | "===" | "==" | "!="
const OPERATORS: ReadonlyArray<Operator> = ["<=", "<", ">=", ">", "===", "==", "!="]

export type Aggregation = "value" | "count" | "rate" | "avg" | "min" | "med" | "max" | "p"
const AGGREGATIONS: ReadonlyArray<Aggregation> = ["value", "count", "rate", "avg", "min", "med", "max"]

export interface ThresholdExpression {
  readonly aggregation: Aggregation
  /** the N of p(N), a percentage */
  readonly percentile: number | null
  readonly operator: Operator
  readonly value: number
}

const SUPPORTED: Readonly<Record<MetricType, ReadonlyArray<Aggregation>>> = {
  counter: ["count", "rate"],
  gauge: ["value"],
  rate: ["rate"],
  trend: ["avg", "min", "max", "med", "p"]
}

/** Go's strconv.ParseFloat for the decimal forms a threshold uses (no empty string, no hex). */
const parseFloatStrict = (text: string): number | null => {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text)
  const lower = text.toLowerCase()
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity
  if (lower === "-inf" || lower === "-infinity") return -Infinity
  if (lower === "nan") return NaN
  return null
}

export const parseThresholdExpression = (source: string): ThresholdExpression | Error => {
  let lhs: string | null = null
  let rhs = ""
  let operator: Operator = "<"
  for (const op of OPERATORS) {
    const at = source.indexOf(op)
    if (at >= 0) {
      lhs = source.slice(0, at).trim()
      rhs = source.slice(at + op.length).trim()
      operator = op
      break
    }
  }
  if (lhs === null) return new Error(`failed parsing threshold expression "${source}"; reason: malformed threshold expression`)
  let aggregation: Aggregation | null = AGGREGATIONS.find((a) => a === lhs) ?? null
  let percentile: number | null = null
  if (aggregation === null) {
    if (!lhs.startsWith("p(") || !lhs.endsWith(")"))
      return new Error(`failed parsing threshold expression's "${source}" left hand side; reason: failed parsing method from expression`)
    const p = parseFloatStrict(lhs.slice(2, -1))
    if (p === null || Number.isNaN(p) || p < 0 || p > 100)
      return new Error(`failed parsing threshold expression's "${source}" left hand side; reason: malformed percentile value`)
    aggregation = "p"
    percentile = p
  }
  const value = parseFloatStrict(rhs)
  if (value === null) return new Error(`failed parsing threshold expression's "${source}" right hand side; reason: not a number`)
  return { aggregation, percentile, operator, value }
}

export interface ThresholdConfig {
  readonly source: string
  readonly abort_on_fail: boolean
  readonly delay_abort_eval_ms: number | null
}

export interface Threshold extends ThresholdConfig {
  readonly expression: ThresholdExpression
}

export interface MetricThresholds {
  /** the key as written: `metric` or `metric{tag:value}` */
  readonly key: string
  readonly thresholds: ReadonlyArray<Threshold>
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** Read `options.thresholds` ({ metric: [string | {threshold, abortOnFail, delayAbortEval}] }). */
export const readThresholdConfigs = (raw: unknown): Map<string, ThresholdConfig[]> | Error => {
  const out = new Map<string, ThresholdConfig[]>()
  if (raw === undefined || raw === null) return out
  if (!isRecord(raw)) return new Error("options.thresholds must be an object")
  for (const [key, list] of Object.entries(raw)) {
    const items = Array.isArray(list) ? list : [list]
    const configs: ThresholdConfig[] = []
    for (const item of items) {
      if (typeof item === "string") {
        configs.push({ source: item, abort_on_fail: false, delay_abort_eval_ms: null })
      } else if (isRecord(item) && typeof item["threshold"] === "string") {
        const delay = item["delayAbortEval"]
        let delay_ms: number | null = null
        if (delay !== undefined && delay !== null) {
          const parsed = parseDuration_ms(delay)
          if (parsed instanceof Error) return new Error(`threshold on ${key}: delayAbortEval: ${parsed.message}`)
          delay_ms = parsed
        }
        configs.push({ source: item["threshold"], abort_on_fail: item["abortOnFail"] === true, delay_abort_eval_ms: delay_ms })
      } else {
        return new Error(`threshold on ${key} must be a string or {threshold: string, abortOnFail?, delayAbortEval?}`)
      }
    }
    out.set(key, configs)
  }
  return out
}

/** Parse every expression, create sub-metrics and check each aggregation suits its metric (k6 exit code 104 otherwise). */
export const prepareThresholds = (configs: Map<string, ThresholdConfig[]>, registry: MetricRegistry): MetricThresholds[] | Error => {
  const out: MetricThresholds[] = []
  for (const [key, list] of configs) {
    const resolved = registry.resolve(key)
    if (resolved instanceof Error) return new Error(`invalid threshold defined on ${key}; reason: ${resolved.message}`)
    const thresholds: Threshold[] = []
    for (const c of list) {
      const expression = parseThresholdExpression(c.source)
      if (expression instanceof Error) return expression
      const type = resolved.entry.decl.type
      if (!SUPPORTED[type].includes(expression.aggregation))
        return new Error(
          `invalid threshold "${c.source}" applied on metric ${key}; reason: unsupported aggregation method ${expression.aggregation} on metric of type ${type}. supported aggregation methods for this metric are: ${SUPPORTED[type].join(", ")}`
        )
      thresholds.push({ ...c, expression })
    }
    resolved.entry.observed = true
    out.push({ key, thresholds })
  }
  return out
}

/** The left-hand value k6 computes for an expression over a sink (test duration for Counter rates). */
export const sinkValue = (sink: Sink, e: ThresholdExpression, duration_ms: number): number | Error => {
  if (sink instanceof CounterSink) {
    if (e.aggregation === "count") return sink.count
    if (e.aggregation === "rate") return sink.count / (duration_ms / 1000)
  } else if (sink instanceof GaugeSink) {
    if (e.aggregation === "value") return sink.value
  } else if (sink instanceof RateSink) {
    if (e.aggregation === "rate") return sink.trues / sink.total
  } else if (sink instanceof TrendSink) {
    switch (e.aggregation) {
      case "min":
        return sink.min
      case "max":
        return sink.max
      case "avg":
        return sink.avg
      case "med":
        return sink.med
      case "p":
        return sink.p((e.percentile ?? 0) / 100)
      default:
        break
    }
  }
  return new Error(`no metric supporting the ${e.aggregation} aggregation method found`)
}

export const compare = (lhs: number, op: Operator, rhs: number): boolean => {
  switch (op) {
    case ">":
      return lhs > rhs
    case ">=":
      return lhs >= rhs
    case "<=":
      return lhs <= rhs
    case "<":
      return lhs < rhs
    case "==":
    case "===":
      return lhs === rhs
    case "!=":
      return lhs !== rhs
  }
}

export interface ThresholdResult {
  readonly key: string
  readonly source: string
  readonly ok: boolean
  readonly observed: number | null
  readonly error: string | null
}

export interface Evaluation {
  readonly results: ReadonlyArray<ThresholdResult>
  /** metric keys with at least one failed threshold, sorted */
  readonly breached: ReadonlyArray<string>
  readonly abort: boolean
}

/**
 * Evaluate every threshold. `final` = end of test (empty sinks count); otherwise the periodic
 * check, which skips empty sinks and decides whether an abortOnFail threshold stops the run.
 */
export const evaluateThresholds = (
  prepared: ReadonlyArray<MetricThresholds>,
  registry: MetricRegistry,
  duration_ms: number,
  final: boolean
): Evaluation => {
  const results: ThresholdResult[] = []
  const breached = new Set<string>()
  let abort = false
  for (const mt of prepared) {
    const resolved = registry.resolve(mt.key)
    if (resolved instanceof Error) continue
    if (!final && resolved.sink.empty) continue
    for (const t of mt.thresholds) {
      const lhs = sinkValue(resolved.sink, t.expression, duration_ms)
      if (lhs instanceof Error) {
        results.push({ key: mt.key, source: t.source, ok: false, observed: null, error: lhs.message })
        continue
      }
      const ok = compare(lhs, t.expression.operator, t.expression.value)
      results.push({ key: mt.key, source: t.source, ok, observed: lhs, error: null })
      if (!ok) {
        breached.add(mt.key)
        if (t.abort_on_fail && (t.delay_abort_eval_ms === null || t.delay_abort_eval_ms < duration_ms)) abort = true
      }
    }
  }
  return { results, breached: [...breached].sort(), abort }
}

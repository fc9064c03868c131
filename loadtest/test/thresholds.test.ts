import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { parseDuration_ms } from "../runtime/duration.ts"
import { MetricRegistry, TrendSink, type Sample } from "../runtime/metrics.ts"
import { compare, evaluateThresholds, parseThresholdExpression, prepareThresholds, readThresholdConfigs } from "../runtime/thresholds.ts"

const sample = (metric: string, value: number, tags: Record<string, string> = {}): Sample => ({ metric, value, tags, time_ms: 1 })

const prepared = (registry: MetricRegistry, thresholds: unknown) => {
  const configs = readThresholdConfigs(thresholds)
  if (configs instanceof Error) throw configs
  const p = prepareThresholds(configs, registry)
  if (p instanceof Error) throw p
  return p
}

describe("threshold expressions", () => {
  it("parses aggregations, percentiles and every operator", () => {
    expect(parseThresholdExpression("p(95)<500")).toEqual({ aggregation: "p", percentile: 95, operator: "<", value: 500 })
    expect(parseThresholdExpression(" p(99.9) <= 1.5e3 ")).toEqual({ aggregation: "p", percentile: 99.9, operator: "<=", value: 1500 })
    expect(parseThresholdExpression("rate>=0.99")).toMatchObject({ aggregation: "rate", operator: ">=" })
    expect(parseThresholdExpression("count===3")).toMatchObject({ aggregation: "count", operator: "===", value: 3 })
    expect(parseThresholdExpression("value==3")).toMatchObject({ aggregation: "value", operator: "==", value: 3 })
    expect(parseThresholdExpression("rate!=0")).toMatchObject({ aggregation: "rate", operator: "!=", value: 0 })
    expect(parseThresholdExpression("med>1")).toMatchObject({ aggregation: "med", operator: ">" })
  })

  it("refuses malformed expressions", () => {
    for (const bad of ["p95<500", "p(abc)<1", "avg<", "avg<abc", "average<3", "rate 0.5", "", "p(101)<1", "avg<0x10"])
      expect(parseThresholdExpression(bad)).toBeInstanceOf(Error)
  })

  it("compares like k6 (== and === are the same on floats; NaN fails all but !=)", () => {
    expect(compare(1, "==", 1)).toBe(true)
    expect(compare(1, "===", 1)).toBe(true)
    expect(compare(Number.NaN, "<", 1)).toBe(false)
    expect(compare(Number.NaN, ">", 1)).toBe(false)
    expect(compare(Number.NaN, "!=", 1)).toBe(true)
  })

  it("checks the aggregation suits the metric type and that the metric exists", () => {
    const r = new MetricRegistry()
    const bad = (t: unknown) => {
      const c = readThresholdConfigs(t)
      if (c instanceof Error) return c
      return prepareThresholds(c, r)
    }
    expect(bad({ http_req_duration: ["rate<1"] })).toBeInstanceOf(Error)
    expect(bad({ http_reqs: ["p(95)<1"] })).toBeInstanceOf(Error)
    expect(bad({ checks: ["avg>0"] })).toBeInstanceOf(Error)
    expect(bad({ vus: ["count>0"] })).toBeInstanceOf(Error)
    expect(bad({ no_such_metric: ["count>0"] })).toBeInstanceOf(Error)
    expect(bad({ "http_req_duration{name:x": ["avg<1"] })).toBeInstanceOf(Error)
    expect(bad({ http_reqs: [{ nothreshold: "count>0" }] })).toBeInstanceOf(Error)
    expect(bad({ http_req_duration: ["avg<1", { threshold: "p(90)<2", abortOnFail: true, delayAbortEval: "10s" }] })).not.toBeInstanceOf(Error)
  })
})

describe("evaluation", () => {
  it("at the end of the test an empty Rate is NaN (rate<x fails) while an empty Trend and Counter are 0", () => {
    const r = new MetricRegistry()
    const p = prepared(r, {
      http_req_failed: ["rate<0.01"],
      checks: ["rate!=0.5"],
      http_req_duration: ["p(95)<500", "max==0"],
      http_reqs: ["count<1"]
    })
    const ev = evaluateThresholds(p, r, 10_000, true)
    const ok = Object.fromEntries(ev.results.map((x) => [`${x.key} ${x.source}`, x.ok]))
    expect(ok).toEqual({
      "http_req_failed rate<0.01": false,
      "checks rate!=0.5": true,
      "http_req_duration p(95)<500": true,
      "http_req_duration max==0": true,
      "http_reqs count<1": true
    })
    expect(ev.breached).toEqual(["http_req_failed"])
  })

  it("the periodic check skips empty sinks", () => {
    const r = new MetricRegistry()
    const p = prepared(r, { http_req_failed: [{ threshold: "rate<0.01", abortOnFail: true }] })
    const ev = evaluateThresholds(p, r, 1000, false)
    expect(ev.results).toEqual([])
    expect(ev.abort).toBe(false)
  })

  it("abortOnFail aborts only after delayAbortEval", () => {
    const r = new MetricRegistry()
    const p = prepared(r, { checks: [{ threshold: "rate>0.9", abortOnFail: true, delayAbortEval: "5s" }] })
    r.add(sample("checks", 0))
    expect(evaluateThresholds(p, r, 4_000, false).abort).toBe(false)
    expect(evaluateThresholds(p, r, 6_000, false).abort).toBe(true)
  })

  it("a Counter's rate is per second of test time", () => {
    const r = new MetricRegistry()
    const p = prepared(r, { http_reqs: ["rate>=2", "rate<2.5"] })
    for (let i = 0; i < 20; i++) r.add(sample("http_reqs", 1))
    expect(evaluateThresholds(p, r, 10_000, true).breached).toEqual([])
    expect(evaluateThresholds(p, r, 5_000, true).breached).toEqual(["http_reqs"])
  })

  it("sub-metrics take only samples whose tags match", () => {
    const r = new MetricRegistry()
    const p = prepared(r, { "http_req_duration{name:fast}": ["max<10"], "http_req_duration{ name: 'slow' }": ["min>=100"] })
    r.add(sample("http_req_duration", 5, { name: "fast" }))
    r.add(sample("http_req_duration", 150, { name: "slow", status: "200" }))
    r.add(sample("http_req_duration", 7, { name: "other" }))
    const ev = evaluateThresholds(p, r, 1000, true)
    expect(ev.results.map((x) => [x.key, x.ok, x.observed])).toEqual([
      ["http_req_duration{name:fast}", true, 5],
      ["http_req_duration{ name: 'slow' }", true, 150]
    ])
  })

  it("a Gauge threshold reads its last value", () => {
    const r = new MetricRegistry()
    const p = prepared(r, { vus: ["value==3"] })
    r.add(sample("vus", 5))
    r.add(sample("vus", 3))
    expect(evaluateThresholds(p, r, 1000, true).breached).toEqual([])
  })
})

describe("Trend percentiles (k6 v0.47: linear interpolation between closest ranks)", () => {
  it("matches hand-computed values", () => {
    const t = new TrendSink()
    for (const v of [10, 1, 4, 3, 2]) t.add(sample("x", v))
    expect(t.med).toBe(3)
    expect(t.p(0.95)).toBeCloseTo(8.8, 10)
    expect(t.p(0.9)).toBeCloseTo(7.6, 10)
    expect(t.p(0)).toBe(1)
    expect(t.p(1)).toBe(10)
    expect(t.avg).toBe(4)
    expect([t.min, t.max, t.count]).toEqual([1, 10, 5])
  })

  it("one value is every percentile; no value is 0", () => {
    const one = new TrendSink()
    one.add(sample("x", 42))
    expect([one.p(0.01), one.p(0.5), one.p(0.99)]).toEqual([42, 42, 42])
    const none = new TrendSink()
    expect([none.p(0.95), none.min, none.max, none.avg]).toEqual([0, 0, 0, 0])
  })

  it("percentiles are monotone and within [min, max]", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (values, a, b) => {
        const t = new TrendSink()
        for (const v of values) t.add(sample("x", v))
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        expect(t.p(lo)).toBeLessThanOrEqual(t.p(hi) + 1e-9)
        expect(t.p(lo)).toBeGreaterThanOrEqual(t.min - 1e-9)
        expect(t.p(hi)).toBeLessThanOrEqual(t.max + 1e-9)
      }),
      { numRuns: 100 }
    )
  })
})

describe("durations", () => {
  it("reads Go duration strings, days and plain milliseconds", () => {
    expect(parseDuration_ms("10s")).toBe(10_000)
    expect(parseDuration_ms("1m30s")).toBe(90_000)
    expect(parseDuration_ms("1.5s")).toBe(1_500)
    expect(parseDuration_ms("250ms")).toBe(250)
    expect(parseDuration_ms("1h")).toBe(3_600_000)
    expect(parseDuration_ms("1d")).toBe(86_400_000)
    expect(parseDuration_ms(1200)).toBe(1200)
    expect(parseDuration_ms("0")).toBe(0)
    for (const bad of ["", "10", "s", "10x", "-1s", "1s2", null, -5]) expect(parseDuration_ms(bad)).toBeInstanceOf(Error)
  })
})

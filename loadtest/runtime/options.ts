/**
 * Execution options as k6 derives them: the `vus`/`duration`/`iterations` shortcuts (from the
 * script, overridden by the command line) become one scenario named "default"; otherwise the
 * script's `scenarios` run (`stages` alone is a ramping-vus scenario, as in k6). Executors:
 * constant-vus, shared-iterations, per-vu-iterations, ramping-vus, constant-arrival-rate,
 * ramping-arrival-rate (their timing: schedule.ts). Arrival rates initialise preAllocatedVUs
 * before the test and may start more, up to maxVUs, during it (runner.ts).
 */
import { parseDuration_ms } from "./duration.ts"
import { maxVus, stagesDuration_ms, type Stage } from "./schedule.ts"

export type Executor = "constant-vus" | "shared-iterations" | "per-vu-iterations" | "ramping-vus" | "constant-arrival-rate" | "ramping-arrival-rate"
export const EXECUTORS: ReadonlyArray<Executor> = [
  "constant-vus",
  "shared-iterations",
  "per-vu-iterations",
  "ramping-vus",
  "constant-arrival-rate",
  "ramping-arrival-rate"
]

/** how a scenario's VUs pace their iterations */
export type Pacing =
  /** each VU loops until its plan stops it (constant-vus, shared- and per-vu-iterations) */
  | { readonly kind: "loop" }
  /** VU k runs while k < activeVus(t) */
  | { readonly kind: "ramping-vus"; readonly start_vus: number; readonly stages: ReadonlyArray<Stage> }
  /** iteration i starts at arrivalTime_ms(i); a start with no free VU is dropped */
  | { readonly kind: "arrival"; readonly start_rate: number; readonly stages: ReadonlyArray<Stage>; readonly time_unit_ms: number }

/** Runner-wide caps: a load run on a CI box stays small and always ends. */
export const VUS_MAX = 256
export const RUN_DURATION_MAX_MS = 30 * 60_000
export const ITERATIONS_MAX = 10_000_000

export interface Scenario {
  readonly name: string
  readonly executor: Executor
  /** VUs initialised before the test starts (arrival rates: preAllocatedVUs) */
  readonly vus: number
  /** the most VUs the scenario may run: arrival rates start more, up to maxVUs, while every VU is busy; otherwise `vus` */
  readonly max_vus: number
  /** shared-iterations: total; per-vu-iterations: per VU; constant-vus: null */
  readonly iterations: number | null
  /** constant-vus: duration; iteration executors: maxDuration */
  readonly duration_ms: number
  readonly graceful_stop_ms: number
  readonly start_time_ms: number
  readonly exec: string
  readonly env: Readonly<Record<string, string>>
  readonly tags: Readonly<Record<string, string>>
  readonly pacing: Pacing
}

export interface Overrides {
  readonly vus?: number
  readonly duration_ms?: number
  readonly iterations?: number
}

export interface ExecutionPlan {
  readonly scenarios: ReadonlyArray<Scenario>
  readonly setup_timeout_ms: number
  readonly teardown_timeout_ms: number
  readonly summary_trend_stats: ReadonlyArray<string>
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const DEFAULT_GRACEFUL_STOP_MS = 30_000
const DEFAULT_MAX_DURATION_MS = 10 * 60_000
export const DEFAULT_TREND_STATS: ReadonlyArray<string> = ["avg", "min", "med", "max", "p(90)", "p(95)"]

const positiveInt = (u: unknown, what: string): number | Error =>
  typeof u === "number" && Number.isInteger(u) && u > 0 ? u : new Error(`${what} must be a positive integer, got ${String(u)}`)

const durationOr = (u: unknown, fallback: number, what: string): number | Error => {
  if (u === undefined || u === null) return fallback
  const d = parseDuration_ms(u)
  return d instanceof Error ? new Error(`${what}: ${d.message}`) : d
}

const stringMap = (u: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  if (isRecord(u)) for (const [k, v] of Object.entries(u)) out[k] = String(v)
  return out
}

const LOOP: Pacing = { kind: "loop" }
/** bounds on what a scenario may ask for */
export const STAGES_MAX = 100
export const RATE_MAX = 100_000

const nonNegative = (u: unknown, what: string): number | Error =>
  typeof u === "number" && Number.isInteger(u) && u >= 0 && u <= RATE_MAX ? u : new Error(`${what} must be an integer in 0..${RATE_MAX}, got ${String(u)}`)

const readStages = (u: unknown, what: string): Stage[] | Error => {
  if (!Array.isArray(u) || u.length === 0) return new Error(`${what} must be a non-empty array of { duration, target }`)
  if (u.length > STAGES_MAX) return new Error(`${what}: at most ${STAGES_MAX} stages`)
  const out: Stage[] = []
  for (const [i, st] of u.entries()) {
    if (!isRecord(st)) return new Error(`${what}[${i}] must be an object`)
    const d = durationOr(st["duration"], -1, `${what}[${i}].duration`)
    if (d instanceof Error) return d
    if (d <= 0) return new Error(`${what}[${i}].duration must be positive`)
    const target = nonNegative(st["target"], `${what}[${i}].target`)
    if (target instanceof Error) return target
    out.push({ duration_ms: d, target })
  }
  return out
}

const fromShortcuts = (vus: number, duration_ms: number | null, iterations: number | null): Scenario | Error => {
  if (iterations !== null) {
    if (vus > iterations) return new Error(`the number of iterations (${iterations}) can't be less than the number of VUs (${vus})`)
    return {
      name: "default",
      executor: "shared-iterations",
      vus,
      max_vus: vus,
      iterations,
      duration_ms: duration_ms ?? DEFAULT_MAX_DURATION_MS,
      graceful_stop_ms: DEFAULT_GRACEFUL_STOP_MS,
      start_time_ms: 0,
      exec: "default",
      env: {},
      tags: {},
      pacing: LOOP
    }
  }
  if (duration_ms !== null) {
    if (duration_ms <= 0) return new Error("duration must be positive")
    return {
      name: "default",
      executor: "constant-vus",
      vus,
      max_vus: vus,
      iterations: null,
      duration_ms,
      graceful_stop_ms: DEFAULT_GRACEFUL_STOP_MS,
      start_time_ms: 0,
      exec: "default",
      env: {},
      tags: {},
      pacing: LOOP
    }
  }
  if (vus > 1) return new Error(`the number of iterations (1) can't be less than the number of VUs (${vus})`)
  return fromShortcuts(1, null, 1)
}

const readScenario = (name: string, raw: unknown): Scenario | Error => {
  if (!isRecord(raw)) return new Error(`scenario ${name} must be an object`)
  const executor = raw["executor"]
  const known = EXECUTORS.find((e) => e === executor)
  if (known === undefined) return new Error(`scenario ${name}: executor '${String(executor)}' is not supported (supported: ${EXECUTORS.join(", ")})`)
  const graceful = durationOr(raw["gracefulStop"], DEFAULT_GRACEFUL_STOP_MS, `scenario ${name}: gracefulStop`)
  if (graceful instanceof Error) return graceful
  const start = durationOr(raw["startTime"], 0, `scenario ${name}: startTime`)
  if (start instanceof Error) return start
  const base = {
    name,
    executor: known,
    graceful_stop_ms: graceful,
    start_time_ms: start,
    exec: typeof raw["exec"] === "string" ? raw["exec"] : "default",
    env: stringMap(raw["env"]),
    tags: stringMap(raw["tags"])
  }
  if (known === "ramping-vus") {
    const start_vus = raw["startVUs"] === undefined ? 1 : nonNegative(raw["startVUs"], `scenario ${name}: startVUs`)
    if (start_vus instanceof Error) return start_vus
    const stages = readStages(raw["stages"], `scenario ${name}: stages`)
    if (stages instanceof Error) return stages
    const peak = maxVus(start_vus, stages)
    if (peak < 1) return new Error(`scenario ${name}: the stages never reach one VU`)
    return { ...base, vus: peak, max_vus: peak, iterations: null, duration_ms: stagesDuration_ms(stages), pacing: { kind: "ramping-vus", start_vus, stages } }
  }
  if (known === "constant-arrival-rate" || known === "ramping-arrival-rate") {
    const unit = durationOr(raw["timeUnit"], 1_000, `scenario ${name}: timeUnit`)
    if (unit instanceof Error) return unit
    if (unit <= 0) return new Error(`scenario ${name}: timeUnit must be positive`)
    const pre = positiveInt(raw["preAllocatedVUs"], `scenario ${name}: preAllocatedVUs`)
    if (pre instanceof Error) return pre
    const max = raw["maxVUs"] === undefined ? pre : positiveInt(raw["maxVUs"], `scenario ${name}: maxVUs`)
    if (max instanceof Error) return max
    // k6 raises maxVUs to preAllocatedVUs when it is lower
    const max_vus = Math.max(pre, max)
    let start_rate: number
    let stages: Stage[]
    if (known === "constant-arrival-rate") {
      const rate = positiveInt(raw["rate"], `scenario ${name}: rate`)
      if (rate instanceof Error) return rate
      if (raw["duration"] === undefined) return new Error(`scenario ${name}: constant-arrival-rate needs a duration`)
      const d = durationOr(raw["duration"], 0, `scenario ${name}: duration`)
      if (d instanceof Error) return d
      if (d <= 0) return new Error(`scenario ${name}: duration must be positive`)
      start_rate = rate
      stages = [{ duration_ms: d, target: rate }]
    } else {
      const r0 = raw["startRate"] === undefined ? 0 : nonNegative(raw["startRate"], `scenario ${name}: startRate`)
      if (r0 instanceof Error) return r0
      const st = readStages(raw["stages"], `scenario ${name}: stages`)
      if (st instanceof Error) return st
      start_rate = r0
      stages = st
    }
    return { ...base, vus: pre, max_vus, iterations: null, duration_ms: stagesDuration_ms(stages), pacing: { kind: "arrival", start_rate, stages, time_unit_ms: unit } }
  }
  const vus = raw["vus"] === undefined ? 1 : positiveInt(raw["vus"], `scenario ${name}: vus`)
  if (vus instanceof Error) return vus
  if (known === "constant-vus") {
    if (raw["duration"] === undefined) return new Error(`scenario ${name}: constant-vus needs a duration`)
    const d = durationOr(raw["duration"], 0, `scenario ${name}: duration`)
    if (d instanceof Error) return d
    return { ...base, vus, max_vus: vus, iterations: null, duration_ms: d, pacing: LOOP }
  }
  const iterations = raw["iterations"] === undefined ? 1 : positiveInt(raw["iterations"], `scenario ${name}: iterations`)
  if (iterations instanceof Error) return iterations
  if (known === "shared-iterations" && vus > iterations)
    return new Error(`scenario ${name}: the number of iterations (${iterations}) can't be less than the number of VUs (${vus})`)
  const maxDuration = durationOr(raw["maxDuration"], DEFAULT_MAX_DURATION_MS, `scenario ${name}: maxDuration`)
  if (maxDuration instanceof Error) return maxDuration
  return { ...base, vus, max_vus: vus, iterations, duration_ms: maxDuration, pacing: LOOP }
}

const bounded = (s: Scenario): Scenario | Error => {
  if (s.max_vus > VUS_MAX) return new Error(`scenario ${s.name}: at most ${VUS_MAX} VUs`)
  if (s.start_time_ms + s.duration_ms + s.graceful_stop_ms > RUN_DURATION_MAX_MS)
    return new Error(`scenario ${s.name}: start + duration + gracefulStop exceeds the runner's cap of ${RUN_DURATION_MAX_MS / 60_000} minutes`)
  const total = s.executor === "per-vu-iterations" ? (s.iterations ?? 0) * s.vus : (s.iterations ?? 0)
  if (total > ITERATIONS_MAX) return new Error(`scenario ${s.name}: at most ${ITERATIONS_MAX} iterations`)
  return s
}

export const executionPlan = (options: unknown, overrides: Overrides): ExecutionPlan | Error => {
  const o = isRecord(options) ? options : {}
  const setup = durationOr(o["setupTimeout"], 60_000, "setupTimeout")
  if (setup instanceof Error) return setup
  const teardown = durationOr(o["teardownTimeout"], 60_000, "teardownTimeout")
  if (teardown instanceof Error) return teardown
  const trendStats = Array.isArray(o["summaryTrendStats"]) ? o["summaryTrendStats"].map(String) : DEFAULT_TREND_STATS

  const cliShortcut = overrides.duration_ms !== undefined || overrides.iterations !== undefined
  const scriptVus = o["vus"] === undefined ? null : positiveInt(o["vus"], "options.vus")
  if (scriptVus instanceof Error) return scriptVus
  const scriptDuration = o["duration"] === undefined ? null : durationOr(o["duration"], 0, "options.duration")
  if (scriptDuration instanceof Error) return scriptDuration
  const scriptIterations = o["iterations"] === undefined ? null : positiveInt(o["iterations"], "options.iterations")
  if (scriptIterations instanceof Error) return scriptIterations

  let scenarios: Scenario[] = []
  if (o["stages"] !== undefined && !cliShortcut) {
    if (o["scenarios"] !== undefined || scriptDuration !== null || scriptIterations !== null)
      return new Error("the script sets stages together with scenarios or duration/iterations")
    const s = readScenario("default", { executor: "ramping-vus", startVUs: scriptVus ?? 1, stages: o["stages"] })
    if (s instanceof Error) return s
    scenarios = [s]
  } else if (cliShortcut || o["scenarios"] === undefined) {
    if (!cliShortcut && o["scenarios"] !== undefined && (scriptDuration !== null || scriptIterations !== null))
      return new Error("the script sets both scenarios and duration/iterations shortcuts")
    const s = fromShortcuts(
      overrides.vus ?? scriptVus ?? 1,
      overrides.duration_ms ?? (overrides.iterations !== undefined ? null : scriptDuration),
      overrides.iterations ?? (overrides.duration_ms !== undefined ? null : scriptIterations)
    )
    if (s instanceof Error) return s
    scenarios = [s]
  } else {
    if (scriptDuration !== null || scriptIterations !== null) return new Error("the script sets both scenarios and duration/iterations shortcuts")
    if (overrides.vus !== undefined) return new Error("--vus without --duration or --iterations cannot override a script's scenarios")
    const raw = o["scenarios"]
    if (!isRecord(raw) || Object.keys(raw).length === 0) return new Error("options.scenarios must be a non-empty object")
    for (const [name, def] of Object.entries(raw)) {
      const s = readScenario(name, def)
      if (s instanceof Error) return s
      scenarios.push(s)
    }
  }
  const checked: Scenario[] = []
  for (const s of scenarios) {
    const b = bounded(s)
    if (b instanceof Error) return b
    checked.push(b)
  }
  if (checked.reduce((n, s) => n + s.max_vus, 0) > VUS_MAX) return new Error(`at most ${VUS_MAX} VUs in all`)
  return { scenarios: checked, setup_timeout_ms: setup, teardown_timeout_ms: teardown, summary_trend_stats: trendStats }
}

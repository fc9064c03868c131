/**
 * The test run, in k6's order: read the options from the init code, check the thresholds against
 * the declared metrics, run setup() (VU 0), initialise every VU, start the scenarios, stop each at
 * its end (interrupting iterations still running after gracefulStop), run teardown(), evaluate the
 * thresholds and produce the summary (handleSummary() when the script exports it).
 * Every phase has a deadline; the run always ends by itself.
 */
import { writeFileSync } from "node:fs"
import { resolve } from "node:path"
import { MessageChannel, Worker } from "node:worker_threads"
import { IoHub } from "./io-hub.ts"
import { BUILTIN_METRICS, MetricRegistry, type MetricDecl } from "./metrics.ts"
import { Timeline, type TimelinePoint } from "./timeline.ts"
import { executionPlan, type Overrides, type Scenario } from "./options.ts"
import { compileScript, workerEntry } from "./compile.ts"
import { buildSummaryData, CheckTree, renderSummaryText, type SummaryData } from "./summary.ts"
import { evaluateThresholds, prepareThresholds, readThresholdConfigs, type Evaluation, type MetricThresholds } from "./thresholds.ts"
import type { ToRunner, VuPlan, WorkerInit, WorkerRole } from "./worker-protocol.ts"
import { arrivalTime_ms } from "./schedule.ts"
import { DROP_SLACK_MS } from "./drop-slack.ts"

/** k6 exit codes. */
export const EXIT = { ok: 0, thresholds_failed: 99, setup_timeout: 100, teardown_timeout: 101, invalid_config: 104, script_exception: 107 } as const

const INIT_TIMEOUT_MS = 60_000
const THRESHOLD_TICK_MS = 2_000
const VUS_TICK_MS = 1_000
/** grace after a VU's hard stop before its thread is terminated */
const TERMINATE_GRACE_MS = 3_000

export interface RunConfig {
  readonly script_path: string
  readonly overrides: Overrides
  readonly env: Readonly<Record<string, string>>
  /** print the summary (and script console output goes to stderr either way) */
  readonly print_summary: boolean
}

export interface RunOutcome {
  readonly exit_code: number
  readonly error: string | null
  readonly started_at: string
  readonly duration_ms: number
  readonly summary: SummaryData | null
  readonly summary_text: string
  readonly evaluation: Evaluation | null
  readonly thresholds_passed: boolean
  readonly vus_max: number
  readonly iterations_completed: number
  readonly iterations_interrupted: number
  /** per-second series of the test (timeline.ts) */
  readonly timeline: ReadonlyArray<TimelinePoint>
  /** the same series over the whole test: per metric and endpoint */
  readonly totals: ReadonlyArray<TimelinePoint>
}

const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTIN_METRICS.map((m) => m.name))

interface Spawned {
  readonly worker: Worker
  readonly vu: number
  readonly messages: ToRunner[]
  waiters: Array<() => void>
  exited: boolean
}

class Run {
  readonly registry = new MetricRegistry()
  readonly timeline = new Timeline()
  readonly checks = new CheckTree()
  readonly hub: IoHub
  private code = ""
  private filename = ""
  private readonly live = new Set<Spawned>()
  active_vus = 0
  /** VUs initialised for the scenarios so far (arrival rates may add some during the run) */
  vus_max = 0
  readonly baseEnv: Readonly<Record<string, string>>

  constructor(private readonly config: RunConfig) {
    this.baseEnv = config.env
    this.hub = new IoHub({
      onSamples: (_vu, samples) => {
        for (const s of samples) {
          this.registry.add(s)
          const entry = this.registry.get(s.metric)
          if (entry !== undefined) this.timeline.add(s, entry.decl.type, !BUILTIN_NAMES.has(s.metric))
          if (s.metric === "checks") this.checks.record(s.tags["group"] ?? "", s.tags["check"] ?? "", s.value !== 0)
          else if (s.metric === "group_duration") this.checks.group(s.tags["group"] ?? "")
        }
      }
    })
  }

  private worker_file = ""

  async load(): Promise<void> {
    this.filename = resolve(this.config.script_path)
    this.code = compileScript(this.filename)
    this.worker_file = await workerEntry()
  }

  spawn(vu: number, role: WorkerRole, env: Readonly<Record<string, string>>, call_arg_json: string | null): Spawned {
    const { port1, port2 } = new MessageChannel()
    const signal = new SharedArrayBuffer(4)
    const init: WorkerInit = { code: this.code, filename: this.filename, env, vu, role, port: port2, signal, call_arg_json }
    const worker = new Worker(this.worker_file, { workerData: init, transferList: [port2], stdout: false, stderr: false })
    this.hub.attach(vu, port1, new Int32Array(signal))
    const s: Spawned = { worker, vu, messages: [], waiters: [], exited: false }
    const wake = () => {
      const ws = s.waiters
      s.waiters = []
      for (const w of ws) w()
    }
    worker.on("message", (m: ToRunner) => {
      s.messages.push(m)
      wake()
    })
    worker.on("error", (e) => {
      s.messages.push({ type: "error", phase: "worker", message: e instanceof Error ? e.stack ?? e.message : String(e) })
      wake()
    })
    worker.on("exit", () => {
      s.exited = true
      wake()
    })
    this.live.add(s)
    return s
  }

  /** Next control message of a worker, or null at the deadline / when the worker has exited. */
  async next(s: Spawned, deadline_ms: number): Promise<ToRunner | null> {
    for (let i = 0; i < 1_000_000; i++) {
      const m = s.messages.shift()
      if (m !== undefined) return m
      if (s.exited) return null
      const left = deadline_ms - Date.now()
      if (left <= 0) return null
      await new Promise<void>((res) => {
        const t = setTimeout(res, left)
        s.waiters.push(() => {
          clearTimeout(t)
          res()
        })
      })
    }
    return null
  }

  async stop(s: Spawned): Promise<void> {
    // let the hub take the last samples the worker posted before its port closes
    await new Promise((r) => setImmediate(r))
    await s.worker.terminate()
    this.hub.detach(s.vu)
    this.live.delete(s)
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((s) => this.stop(s)))
    this.hub.close()
  }

  /** Run the script's init code in a worker with `role` and wait for its `loaded` message. */
  async init(vu: number, role: WorkerRole, env: Readonly<Record<string, string>>, arg: string | null): Promise<{ s: Spawned; loaded: Extract<ToRunner, { type: "loaded" }> } | string> {
    const s = this.spawn(vu, role, env, arg)
    const m = await this.next(s, Date.now() + INIT_TIMEOUT_MS)
    if (m === null) {
      await this.stop(s)
      return "the init code did not finish in time"
    }
    if (m.type === "error") {
      await this.stop(s)
      return `init error: ${m.message}`
    }
    if (m.type !== "loaded") {
      await this.stop(s)
      return `unexpected message ${m.type}`
    }
    return { s, loaded: m }
  }

  /** setup / teardown / handleSummary: one call in VU 0. */
  async callOnce(role: "setup" | "teardown" | "summary", arg: string | null, timeout_ms: number): Promise<{ json: string | null } | string> {
    const started = await this.init(0, role, this.config.env, arg)
    if (typeof started === "string") return started
    const m = await this.next(started.s, Date.now() + timeout_ms)
    await this.stop(started.s)
    if (m === null) return `${role} did not finish within ${timeout_ms} ms`
    if (m.type === "error") return `${role} failed: ${m.message}`
    if (m.type !== "result") return `unexpected message ${m.type}`
    return { json: m.json }
  }
}

interface ScenarioResult {
  completed: number
  interrupted: number
  failed: number
}

/** Initialise a scenario's VUs (k6 initialises every VU before the test clock starts). */
const initScenario = async (run: Run, sc: Scenario, firstVu: number, env: Readonly<Record<string, string>>): Promise<Spawned[] | string> => {
  const scenarioEnv = { ...env, ...sc.env }
  const inits = await Promise.all(Array.from({ length: sc.vus }, (_, i) => run.init(firstVu + i, "vu", scenarioEnv, null)))
  const vus: Spawned[] = []
  for (const i of inits) if (typeof i !== "string") vus.push(i.s)
  const failedInit = inits.find((i): i is string => typeof i === "string")
  if (failedInit === undefined) return vus
  await Promise.all(vus.map((v) => run.stop(v)))
  return failedInit
}

/** arrival rates: how often the runner looks whether every VU is busy (and starts another, up to maxVUs) */
const GROW_TICK_MS = 50

const runScenario = async (
  run: Run,
  sc: Scenario,
  vus: ReadonlyArray<Spawned>,
  firstVu: number,
  setupJson: string | null,
  t0_ms: number,
  aborted: () => boolean
): Promise<ScenarioResult | string> => {
  const result: ScenarioResult = { completed: 0, interrupted: 0, failed: 0 }
  const startAt = t0_ms + sc.start_time_ms
  if (startAt > Date.now()) await new Promise((r) => setTimeout(r, startAt - Date.now()))
  if (aborted()) {
    await Promise.all(vus.map((v) => run.stop(v)))
    return result
  }
  const end_at_ms = Date.now() + sc.duration_ms
  const hard_stop_at_ms = end_at_ms + sc.graceful_stop_ms
  const counter = new SharedArrayBuffer(4)
  const tickets = new SharedArrayBuffer(4)
  const starved = new SharedArrayBuffer(4)
  const base: Omit<VuPlan, "per_vu_iterations" | "vu_index"> = {
    scenario: sc.name,
    exec: sc.exec,
    tags: sc.tags,
    end_at_ms,
    hard_stop_at_ms,
    counter,
    shared_total: sc.executor === "shared-iterations" ? (sc.iterations ?? 0) : null,
    setup_data_json: setupJson,
    pacing: sc.pacing,
    started_at_ms: end_at_ms - sc.duration_ms,
    tickets,
    starved
  }
  const errors: string[] = []
  const start = (v: Spawned, vu_index: number): Promise<void> => {
    run.active_vus++
    v.worker.postMessage({ type: "start", plan: { ...base, vu_index, per_vu_iterations: sc.executor === "per-vu-iterations" ? sc.iterations : null } })
    return (async () => {
      // a VU sends at most one control message after "loaded": vu-done or error
      for (let n = 0; n < 8; n++) {
        const m = await run.next(v, hard_stop_at_ms + TERMINATE_GRACE_MS)
        if (m === null) {
          result.interrupted++
          break
        }
        if (m.type === "vu-done") {
          result.completed += m.completed
          result.interrupted += m.interrupted
          result.failed += m.failed
          break
        }
        if (m.type === "error") {
          errors.push(`VU ${v.vu}: ${m.message}`)
          break
        }
      }
      run.active_vus--
      await run.stop(v)
    })()
  }
  const running: Promise<void>[] = vus.map((v, i) => start(v, i))
  // arrival rates below maxVUs: while a start is overdue (every VU busy), initialise one more VU
  // (one at a time, as k6 starts them during the test) and hand it the same plan
  const pacing = sc.pacing
  if (pacing.kind === "arrival" && sc.max_vus > vus.length) {
    const ticketCount = new Int32Array(tickets)
    const starvedCount = new Int32Array(starved)
    let started = vus.length
    const scenarioEnv = { ...run.baseEnv, ...sc.env }
    // bounded: one pass per tick until the scenario ends; at most max_vus - vus VUs are started
    for (let tick = 0; tick < Math.ceil(sc.duration_ms / GROW_TICK_MS) + 1 && started < sc.max_vus; tick++) {
      await new Promise((r) => setTimeout(r, GROW_TICK_MS))
      const now = Date.now()
      if (now >= end_at_ms || aborted()) break
      const due = arrivalTime_ms(Atomics.load(ticketCount, 0), pacing.start_rate, pacing.stages, pacing.time_unit_ms)
      const overdue = due !== null && base.started_at_ms + due < now - DROP_SLACK_MS
      if (!overdue && Atomics.exchange(starvedCount, 0, 0) === 0) continue
      const vu = firstVu + started
      const init = await run.init(vu, "vu", scenarioEnv, null)
      if (typeof init === "string") {
        errors.push(`VU ${vu}: ${init}`)
        break
      }
      if (Date.now() >= end_at_ms) {
        await run.stop(init.s)
        break
      }
      running.push(start(init.s, started))
      started++
      run.vus_max++
      run.registry.add({ metric: "vus_max", value: run.vus_max, tags: {}, time_ms: Date.now() })
    }
  }
  await Promise.all(running)
  return errors.length > 0 ? errors.join("\n") : result
}

export const runTest = async (config: RunConfig): Promise<RunOutcome> => {
  const run = new Run(config)
  const started_at = new Date().toISOString()
  const outcome = (exit_code: number, error: string | null, extra: Partial<RunOutcome> = {}): RunOutcome => ({
    exit_code,
    error,
    started_at,
    duration_ms: 0,
    summary: null,
    summary_text: "",
    evaluation: null,
    thresholds_passed: false,
    vus_max: 0,
    iterations_completed: 0,
    iterations_interrupted: 0,
    timeline: [],
    totals: [],
    ...extra
  })
  try {
    await run.load()
  } catch (e) {
    return outcome(EXIT.script_exception, `cannot compile ${config.script_path}: ${e instanceof Error ? e.message : String(e)}`)
  }
  try {
    // 1. options and declared metrics from the init code
    const probe = await run.init(0, "options", config.env, null)
    if (typeof probe === "string") return outcome(EXIT.script_exception, probe)
    await run.stop(probe.s)
    const options: unknown = JSON.parse(probe.loaded.options_json)
    const plan = executionPlan(options, config.overrides)
    if (plan instanceof Error) return outcome(EXIT.invalid_config, plan.message)
    for (const d of probe.loaded.metrics) {
      const r = run.registry.declare(d satisfies MetricDecl)
      if (r instanceof Error) return outcome(EXIT.invalid_config, r.message)
    }
    for (const sc of plan.scenarios)
      if (!probe.loaded.exports.includes(sc.exec)) return outcome(EXIT.invalid_config, `scenario ${sc.name}: the script exports no function '${sc.exec}'`)
    const thresholdConfigs = readThresholdConfigs(typeof options === "object" && options !== null && "thresholds" in options ? options.thresholds : undefined)
    if (thresholdConfigs instanceof Error) return outcome(EXIT.invalid_config, thresholdConfigs.message)
    const prepared: MetricThresholds[] | Error = prepareThresholds(thresholdConfigs, run.registry)
    if (prepared instanceof Error) return outcome(EXIT.invalid_config, prepared.message)

    // 2. setup
    let setupJson: string | null = null
    if (probe.loaded.exports.includes("setup")) {
      const r = await run.callOnce("setup", null, plan.setup_timeout_ms)
      if (typeof r === "string") return outcome(r.includes("did not finish") ? EXIT.setup_timeout : EXIT.script_exception, r)
      setupJson = r.json
    }

    // 3. initialise every VU, then run the scenarios with the periodic threshold check (abortOnFail) and the vus gauge
    const initialised: Spawned[][] = []
    let firstVu = 1
    for (const sc of plan.scenarios) {
      const vus = await initScenario(run, sc, firstVu, config.env)
      if (typeof vus === "string") {
        await Promise.all(initialised.flat().map((v) => run.stop(v)))
        return outcome(EXIT.script_exception, vus)
      }
      initialised.push(vus)
      firstVu += sc.max_vus
    }
    const t0 = Date.now()
    run.timeline.start(t0)
    run.vus_max = plan.scenarios.reduce((n, s) => n + s.vus, 0)
    run.registry.add({ metric: "vus_max", value: run.vus_max, tags: {}, time_ms: t0 })
    let abortedBy: string | null = null
    const ticker = setInterval(() => {
      const vus = { metric: "vus", value: run.active_vus, tags: {}, time_ms: Date.now() }
      run.registry.add(vus)
      run.timeline.add(vus, "gauge", false)
    }, VUS_TICK_MS)
    const abortTicker = setInterval(() => {
      const ev = evaluateThresholds(prepared, run.registry, Date.now() - t0, false)
      if (ev.abort && abortedBy === null) {
        abortedBy = ev.breached.join(", ")
        void run.stopAll()
      }
    }, THRESHOLD_TICK_MS)
    const firstVus: number[] = []
    plan.scenarios.reduce((n, sc) => (firstVus.push(n), n + sc.max_vus), 1)
    const results = await Promise.all(
      plan.scenarios.map((sc, i) => runScenario(run, sc, initialised[i] ?? [], firstVus[i] ?? 1, setupJson, t0, () => abortedBy !== null))
    )
    clearInterval(ticker)
    clearInterval(abortTicker)
    run.timeline.stop()
    const duration_ms = Date.now() - t0
    const scenarioError = results.find((r): r is string => typeof r === "string")
    const completed = results.reduce((n, r) => n + (typeof r === "string" ? 0 : r.completed), 0)
    const interrupted = results.reduce((n, r) => n + (typeof r === "string" ? 0 : r.interrupted), 0)

    // 4. teardown
    let teardownError: string | null = null
    if (probe.loaded.exports.includes("teardown") && abortedBy === null) {
      const r = await run.callOnce("teardown", setupJson, plan.teardown_timeout_ms)
      if (typeof r === "string") teardownError = r
    }

    // 5. thresholds and summary
    const evaluation = evaluateThresholds(prepared, run.registry, duration_ms, true)
    const summary = buildSummaryData(run.registry, run.checks, evaluation, duration_ms, plan.summary_trend_stats)
    let summary_text = renderSummaryText(summary)
    if (probe.loaded.exports.includes("handleSummary")) {
      const r = await run.callOnce("summary", JSON.stringify(summary), 60_000)
      if (typeof r === "string") process.stderr.write(`handleSummary failed, printing the default summary: ${r}\n`)
      else if (r.json !== null) {
        const files: unknown = JSON.parse(r.json)
        summary_text = ""
        if (typeof files === "object" && files !== null)
          for (const [target, content] of Object.entries(files)) {
            const text = typeof content === "string" ? content : JSON.stringify(content)
            if (target === "stdout") summary_text += text
            else if (target === "stderr") process.stderr.write(text)
            else writeFileSync(resolve(target), text)
          }
      }
    }
    if (config.print_summary) process.stdout.write(summary_text)
    const thresholds_passed = evaluation.breached.length === 0
    const error =
      abortedBy !== null
        ? `thresholds on metrics '${abortedBy}' were breached; at least one has abortOnFail enabled, stopping test prematurely`
        : (scenarioError ?? teardownError ?? (thresholds_passed ? null : `thresholds on metrics '${evaluation.breached.join(", ")}' have been crossed`))
    const exit_code =
      !thresholds_passed || abortedBy !== null
        ? EXIT.thresholds_failed
        : scenarioError !== undefined
          ? EXIT.script_exception
          : teardownError !== null
            ? teardownError.includes("did not finish")
              ? EXIT.teardown_timeout
              : EXIT.script_exception
            : EXIT.ok
    return outcome(exit_code, error ?? null, {
      duration_ms,
      summary,
      summary_text,
      evaluation,
      thresholds_passed,
      vus_max: run.vus_max,
      iterations_completed: completed,
      iterations_interrupted: interrupted,
      timeline: run.timeline.points(),
      totals: run.timeline.totals()
    })
  } finally {
    await run.stopAll()
  }
}

export interface ScriptInspection {
  readonly exports: ReadonlyArray<string>
  readonly options: unknown
  readonly metrics: ReadonlyArray<MetricDecl>
}

/** Compile a script and run its init code once (as VU 0, no network): what it exports and declares. */
export const inspectScript = async (script_path: string, env: Readonly<Record<string, string>> = {}): Promise<ScriptInspection | string> => {
  const run = new Run({ script_path, overrides: {}, env, print_summary: false })
  try {
    await run.load()
    const probe = await run.init(0, "options", env, null)
    if (typeof probe === "string") return probe
    await run.stop(probe.s)
    const options: unknown = JSON.parse(probe.loaded.options_json)
    return { exports: probe.loaded.exports, options, metrics: probe.loaded.metrics }
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  } finally {
    await run.stopAll()
  }
}

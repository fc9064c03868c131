/**
 * One VU in a worker thread. It runs the script's init code in its own context, reports what the
 * script exports, then does one job: read the options (role "options"), call setup / teardown /
 * handleSummary once (VU 0, as k6), or run iterations of a scenario until its plan says stop.
 */
import { parentPort, workerData } from "node:worker_threads"
import { once } from "node:events"
import type { MetricDecl } from "./metrics.ts"
import { DROP_SLACK_MS } from "./drop-slack.ts"
import { activeVus, arrivalTime_ms } from "./schedule.ts"
import { loadScript, newScriptContext, type LoadedScript } from "./script.ts"
import { Interrupted, SyncChannel } from "./sync-channel.ts"
import { VuHost } from "./vu-host.ts"
import type { ToRunner, ToWorker, VuPlan, WorkerInit } from "./worker-protocol.ts"

const post = (m: ToRunner): void => parentPort?.postMessage(m)

const describe = (e: unknown): string => {
  if (typeof e === "object" && e !== null && "stack" in e && typeof e.stack === "string") return e.stack.split("\n").slice(0, 6).join("\n")
  return String(e)
}

/** JSON-safe copy of the script's options (functions and undefined dropped, as k6 reads them). */
const optionsJson = (options: unknown): string => JSON.stringify(options ?? {}) ?? "{}"

const main = async (): Promise<void> => {
  const init: WorkerInit = workerData
  const channel = new SyncChannel(init.port, new Int32Array(init.signal))
  const { context, realm } = newScriptContext()
  const host = new VuHost(init.vu, channel, realm)
  let script: LoadedScript
  try {
    script = loadScript(init.code, init.filename, context, host, init.env)
  } catch (e) {
    post({ type: "error", phase: "init", message: describe(e) })
    return
  }
  const exported = Object.keys(script.exports).filter((k) => typeof script.exports[k] === "function")
  const metrics: MetricDecl[] = [...host.declared.values()]
  post({ type: "loaded", exports: exported, options_json: optionsJson(script.exports["options"]), metrics })
  if (init.role === "options") return

  const callOnce = (name: string, phase: "setup" | "teardown" | "summary"): void => {
    const fn = script.exports[name]
    if (typeof fn !== "function") return post({ type: "result", json: null })
    host.phase = phase
    try {
      const arg = init.call_arg_json === null ? undefined : realm.jsonParse(init.call_arg_json)
      const out: unknown = fn(arg)
      channel.barrier()
      post({ type: "result", json: out === undefined ? null : JSON.stringify(out) })
    } catch (e) {
      channel.barrier()
      post({ type: "error", phase, message: describe(e) })
    }
  }
  if (init.role === "setup") return callOnce("setup", "setup")
  if (init.role === "teardown") return callOnce("teardown", "teardown")
  if (init.role === "summary") return callOnce("handleSummary", "summary")

  const [startMessage] = await once(parentPort ?? init.port, "message")
  const start: ToWorker = startMessage
  const plan: VuPlan = start.plan
  runPlan(plan, host, channel, script.exports, script.setIteration)
}

/** ramping-vus: how often an idle VU looks whether it may run again */
const RAMP_POLL_MS = 25

/**
 * Wait until this VU may start its next iteration; false when the scenario has none left for it.
 * ramping-vus: until the stage line admits VU k. Arrival rates: claim the next start ticket and
 * sleep until its time; tickets already overdue by more than DROP_SLACK_MS count as dropped (and
 * as starved, so the runner may start another VU up to maxVUs).
 */
const paced = (plan: VuPlan, host: VuHost, channel: SyncChannel, tickets: Int32Array, starved: Int32Array): boolean => {
  const p = plan.pacing
  if (p.kind === "loop") return true
  if (p.kind === "ramping-vus") {
    // bounded: every pass sleeps, and the scenario's end stops it
    for (;;) {
      const now = Date.now()
      if (now >= plan.end_at_ms) return false
      if (plan.vu_index < activeVus(p.start_vus, p.stages, now - plan.started_at_ms)) return true
      channel.sleep(Math.min(RAMP_POLL_MS, plan.end_at_ms - now))
    }
  }
  // arrival: tickets are finite (arrivalTime_ms is null past the stages), so this ends
  for (;;) {
    const ticket = Atomics.add(tickets, 0, 1)
    const t = arrivalTime_ms(ticket, p.start_rate, p.stages, p.time_unit_ms)
    if (t === null) return false
    const at = plan.started_at_ms + t
    const now = Date.now()
    if (at >= plan.end_at_ms) return false
    if (at > now) {
      channel.sleep(at - now)
      return true
    }
    if (now - at <= DROP_SLACK_MS) return true
    host.emit("dropped_iterations", 1, { scenario: plan.scenario, ...plan.tags })
    Atomics.add(starved, 0, 1)
  }
}

const runPlan = (
  plan: VuPlan,
  host: VuHost,
  channel: SyncChannel,
  exports: Record<string, unknown>,
  setIteration: (iter: number) => void
): void => {
  const fn = exports[plan.exec]
  if (typeof fn !== "function") return post({ type: "error", phase: "vu", message: `the script exports no function '${plan.exec}'` })
  host.phase = "vu"
  host.scenario = plan.scenario
  host.scenario_tags = { ...plan.tags }
  channel.hard_stop_at_ms = plan.hard_stop_at_ms
  const counter = new Int32Array(plan.counter)
  let completed = 0
  let failed = 0
  let interrupted = 0
  const limit = plan.per_vu_iterations ?? Number.MAX_SAFE_INTEGER
  const tickets = new Int32Array(plan.tickets)
  const starved = new Int32Array(plan.starved)
  for (let iter = 0; iter < limit; iter++) {
    if (Date.now() >= plan.end_at_ms) break
    if (!paced(plan, host, channel, tickets, starved)) break
    const claimed = Atomics.add(counter, 0, 1)
    if (plan.shared_total !== null && claimed >= plan.shared_total) break
    host.iter = iter
    host.iteration_in_test = claimed
    host.group_path = ""
    setIteration(iter)
    const data = plan.setup_data_json === null ? undefined : host.realm.jsonParse(plan.setup_data_json)
    const t0 = performance.now()
    try {
      fn(data)
    } catch (e) {
      if (e instanceof Interrupted) {
        interrupted++
        break
      }
      failed++
      host.logError(describe(e))
    }
    const tags = { group: "", scenario: plan.scenario, ...plan.tags }
    host.emit("iteration_duration", performance.now() - t0, tags)
    host.emit("iterations", 1, tags)
    completed++
  }
  channel.hard_stop_at_ms = Number.POSITIVE_INFINITY
  channel.barrier()
  post({ type: "vu-done", completed, failed, interrupted, dropped_ws_events: channel.dropped_events })
}

void main()

/**
 * A simulator worker thread: runs the seeds it is sent and posts one summary per run.
 * In: { seed, profile }; out: RunSummary (pool.ts).
 */
import { parentPort } from "node:worker_threads"
import { Schema } from "effect"
import { summarize, VoprTask } from "./pool.ts"
import { runVopr } from "./simulate.ts"

const decodeTask = Schema.decodeUnknownSync(VoprTask)
const port = parentPort
if (port !== null)
  port.on("message", (raw: unknown) => {
    const task = decodeTask(raw)
    try {
      port.postMessage(summarize(runVopr(task.seed, { profile: task.profile })))
    } catch (e) {
      port.postMessage({ seed: task.seed, ok: false, failures: [`threw: ${e instanceof Error ? e.message : String(e)}`], description: "", events: 0, sim_ms: 0, views_max: 0, height_max: 0, evidence: 0, crashes: 0 })
    }
  })

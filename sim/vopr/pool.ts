/**
 * Many simulator runs: seeds seed_first … seed_first + runs − 1, spread over worker threads (one
 * run per message, the next seed sent as soon as a worker answers), or in this thread when one
 * worker is asked for. Each run is independent and deterministic, so the verdicts do not depend
 * on the number of workers; a failing seed replays alone with `--seed N --runs 1`.
 */
import { Worker } from "node:worker_threads"
import { Schema } from "effect"
import { runVopr, type RunResult } from "./simulate.ts"

export const VoprTask = Schema.Struct({ seed: Schema.Int, profile: Schema.Literal("short", "long") })
export type VoprTask = typeof VoprTask.Type

export const RunSummary = Schema.Struct({
  seed: Schema.Int,
  ok: Schema.Boolean,
  failures: Schema.Array(Schema.String),
  description: Schema.String,
  events: Schema.Number,
  sim_ms: Schema.Number,
  views_max: Schema.Number,
  height_max: Schema.Number,
  evidence: Schema.Number,
  crashes: Schema.Number
})
export type RunSummary = typeof RunSummary.Type
const decodeSummary = Schema.decodeUnknownSync(RunSummary)

export const summarize = (r: RunResult): RunSummary => ({
  seed: r.seed,
  ok: r.ok,
  failures: [...r.failures],
  description: r.description,
  events: r.facts.events,
  sim_ms: r.facts.sim_ms,
  views_max: r.facts.views_max,
  height_max: r.facts.height_max,
  evidence: r.facts.evidence,
  crashes: r.facts.crashes
})

/** the command that replays one seed exactly */
export const replayCommand = (seed: number, profile: "short" | "long"): string => `npm run vopr -- --seed ${seed} --runs 1 --profile ${profile} --verbose`

/** runs at most this many seeds per invocation */
export const RUNS_MAX = 10_000_000

const WORKER_URL = new URL("./worker.ts", import.meta.url).href
const spawn = (): Worker =>
  new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(WORKER_URL)}, ${JSON.stringify(import.meta.url)}))`, { eval: true })

export const runMany = async (
  seed_first: number,
  runs: number,
  workers: number,
  profile: "short" | "long",
  onResult: (r: RunSummary) => void
): Promise<void> => {
  if (!Number.isSafeInteger(runs) || runs < 1 || runs > RUNS_MAX) throw new RangeError(`runs must be in 1..${RUNS_MAX}`)
  if (workers <= 1 || runs === 1) {
    for (let seed = seed_first; seed < seed_first + runs; seed++) onResult(summarize(runVopr(seed, { profile })))
    return
  }
  let next = seed_first
  const end = seed_first + runs
  const pool = Array.from({ length: Math.min(workers, runs) }, spawn)
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              if (next >= end) {
                resolve()
                return
              }
              const task: VoprTask = { seed: next++, profile }
              w.postMessage(task)
            }
            w.on("message", (raw: unknown) => {
              onResult(decodeSummary(raw))
              feed()
            })
            w.on("error", reject)
            feed()
          })
      )
    )
  } finally {
    await Promise.all(pool.map((w) => w.terminate()))
  }
}

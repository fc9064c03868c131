/**
 * The fairness harness: Monte Carlo over the catalogue's bets, spread over worker threads in
 * fixed-size chunks (deterministic per chunk, see monte-carlo.ts), then one row per bet with the
 * measured RTP, its standard error and whether it agrees with the theoretical figure:
 *   |measured − theoretical| ≤ max(0.1 percentage points, 4 standard errors).
 * (0.1 pp is the target for main bets at 10^7 rounds; for high-variance bets such as a straight-up
 * number, 10^7 rounds leave a standard error near 0.18 pp, so 4σ decides.) The standard error is
 * the sample's, but never below the exact one when the bet states its exact second moment: the
 * variance of video poker or a sic bo triple sits in awards too rare for a small sample to hold,
 * and a sample without them would otherwise shrink the window into a false FAIL.
 */
import { mkdirSync } from "node:fs"
import { Worker } from "node:worker_threads"
import { FAIRNESS_CATALOG } from "./catalog.ts"
import { DEFAULT_CHUNK_ROUNDS, DEFAULT_ROUNDS_MAIN, DEFAULT_ROUNDS_SIDE, DEFAULT_ROUNDS_SUPER } from "./budget.ts"
import { readCheckpoint, writeCheckpoint } from "./checkpoint.ts"
import { betKey, estimate, mergeTallies, type Tally } from "./monte-carlo.ts"
import type { FairnessBet } from "./types.ts"
import type { ChunkTask } from "./worker.ts"

export const TOLERANCE_RTP = 0.001
export const TOLERANCE_SIGMAS = 4
export { DEFAULT_CHUNK_ROUNDS, DEFAULT_ROUNDS_MAIN, DEFAULT_ROUNDS_SIDE, DEFAULT_ROUNDS_SUPER }

export interface FairnessRow {
  readonly game: string
  readonly bet_type: string
  readonly rules: string
  readonly super_mode: boolean
  readonly theoretical_rtp: number
  readonly measured_rtp: number
  readonly rounds: number
  readonly stderr: number
  readonly within_tolerance: boolean
  readonly source: string
  readonly measured_at: string
}

export interface Progress {
  /** chunks finished, those read back from checkpoints included */
  readonly chunks_done: number
  readonly chunks_total: number
  /** chunks read back from checkpoints (not played in this run) */
  readonly chunks_resumed: number
  readonly rounds_done: number
  readonly rounds_total: number
  /**
   * the wall-clock seconds the unfinished chunks should still take: each bet's rounds left at the
   * time per round its finished chunks took on a worker in this run (a bet not measured yet at the
   * mean of the measured bets of its kind, super or not), over the workers; NaN until known
   */
  readonly seconds_left: number
}

export interface HarnessOptions {
  readonly rounds_main: number
  readonly rounds_side: number
  /** rounds of each super-mode entry (they run through the session executor, ~10x slower per round) */
  readonly rounds_super?: number
  readonly chunk_rounds: number
  readonly workers: number
  /** 32 bytes as hex: the root of every chunk's stream */
  readonly seed_hex: string
  readonly measured_at: string
  readonly select?: (b: FairnessBet) => boolean
  readonly onProgress?: (p: Progress) => void
  /**
   * a folder for one checkpoint file per finished (bet, chunk): a rerun with the same seed and
   * chunk size reads them back instead of playing those chunks again
   */
  readonly checkpoint_dir?: string
  /** stop early (an interrupt): workers are ended, finished chunks stay checkpointed */
  readonly signal?: AbortSignal
}

/** The run was interrupted before every chunk finished; checkpointed chunks are kept. */
export class FairnessInterrupted extends Error {
  readonly _tag = "FairnessInterrupted"
  constructor(
    readonly chunks_done: number,
    readonly chunks_total: number
  ) {
    super(`interrupted with ${chunks_done} of ${chunks_total} chunks done`)
  }
}

export const withinTolerance = (theoretical: number, measured: number, stderr: number): boolean => {
  const allowed = Math.max(TOLERANCE_RTP, Number.isFinite(stderr) ? TOLERANCE_SIGMAS * stderr : 0)
  return Number.isFinite(measured) && Math.abs(measured - theoretical) <= allowed
}

/** The standard error of n rounds from an exact second moment (per unit staked): √((m2 − rtp²)/n). */
export const exactStderr = (rtp: number, second_moment: number, rounds: number): number =>
  rounds > 0 ? Math.sqrt(Math.max(second_moment - rtp * rtp, 0) / rounds) : Number.NaN

/** The standard error a bet's tally is judged by: the sample's, never below the exact one. */
export const judgedStderr = (b: Pick<FairnessBet, "theoretical_rtp" | "second_moment">, rounds: number, sample_stderr: number): number =>
  b.second_moment === undefined ? sample_stderr : Math.max(Number.isFinite(sample_stderr) ? sample_stderr : 0, exactStderr(b.theoretical_rtp, b.second_moment, rounds))

export const roundsFor = (b: FairnessBet, o: Pick<HarnessOptions, "rounds_main" | "rounds_side" | "rounds_super">): number =>
  b.super_mode ? Math.min(o.rounds_super ?? DEFAULT_ROUNDS_SUPER, o.rounds_main) : b.main ? o.rounds_main : o.rounds_side

const DEFAULT_BUDGET = { rounds_main: DEFAULT_ROUNDS_MAIN, rounds_side: DEFAULT_ROUNDS_SIDE, rounds_super: DEFAULT_ROUNDS_SUPER }

/** One row per bet; a tally smaller than the default run's is labelled a smoke run in `source`. */
export const rowOf = (b: FairnessBet, t: Tally, measured_at: string): FairnessRow => {
  const e = estimate(t)
  const stderr = judgedStderr(b, t.rounds, e.stderr)
  return {
    game: b.game,
    bet_type: b.bet_type,
    rules: b.rules,
    super_mode: b.super_mode,
    theoretical_rtp: b.theoretical_rtp,
    measured_rtp: e.rtp,
    rounds: t.rounds,
    stderr,
    within_tolerance: withinTolerance(b.theoretical_rtp, e.rtp, stderr),
    source: t.rounds < roundsFor(b, DEFAULT_BUDGET) ? `smoke run (${t.rounds.toLocaleString("en-US")} rounds, below the default ${roundsFor(b, DEFAULT_BUDGET).toLocaleString("en-US")}): ${b.source}` : b.source,
    measured_at
  }
}

interface ChunkReply {
  readonly key: string
  readonly chunk: number
  readonly tally?: Tally
  readonly error?: string
}

/**
 * A worker runs the TypeScript sources through tsx's module hooks, registered inside the worker, so
 * it works whatever loader started this process (the tsx CLI, vitest).
 */
const WORKER_URL = new URL("./worker.ts", import.meta.url).href
const spawn = (): Worker =>
  new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(WORKER_URL)}, ${JSON.stringify(import.meta.url)}))`, {
    eval: true
  })

/** Measure the selected bets of the catalogue; rows in catalogue order. */
export const runFairness = async (o: HarnessOptions): Promise<ReadonlyArray<FairnessRow>> => {
  const bets = FAIRNESS_CATALOG.filter((b) => o.select === undefined || o.select(b))
  const tasks: ChunkTask[] = []
  for (const b of bets) {
    const rounds = roundsFor(b, o)
    for (let chunk = 0, left = rounds; left > 0; chunk++, left -= o.chunk_rounds)
      tasks.push({ key: betKey(b), seed_hex: o.seed_hex, chunk, rounds: Math.min(o.chunk_rounds, left) })
  }
  const results = new Map<string, Tally[]>()
  const store = (key: string, chunk: number, t: Tally): void => {
    const list = results.get(key) ?? []
    list[chunk] = t
    results.set(key, list)
  }
  const total = tasks.length
  const rounds_total = tasks.reduce((a, t) => a + t.rounds, 0)
  let done = 0
  let rounds_done = 0
  const pending: ChunkTask[] = []
  if (o.checkpoint_dir !== undefined) mkdirSync(o.checkpoint_dir, { recursive: true })
  for (const t of tasks) {
    const saved = o.checkpoint_dir === undefined ? undefined : readCheckpoint(o.checkpoint_dir, t)
    if (saved === undefined) pending.push(t)
    else {
      store(t.key, t.chunk, saved)
      done++
      rounds_done += t.rounds
    }
  }
  const resumed = done
  // every bet's first chunk before any bet's second: each bet's cost is measured early, so the
  // time left is known after one pass (results are stored by chunk index: order changes nothing)
  const order = new Map(bets.map((b, i) => [betKey(b), i]))
  pending.sort((a, b) => a.chunk - b.chunk || (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0))
  const superOf = new Map(bets.map((b) => [betKey(b), b.super_mode]))
  const cost = new Map<string, { ms: number; rounds: number }>()
  const unfinished = new Set(pending)
  const workerCount = Math.max(1, Math.min(o.workers, pending.length))
  const secondsLeft = (): number => {
    const mean = (superMode: boolean): number => {
      const rates = [...cost].filter(([k]) => superOf.get(k) === superMode).map(([, c]) => c.ms / c.rounds)
      return rates.length === 0 ? Number.NaN : rates.reduce((a, r) => a + r, 0) / rates.length
    }
    const fallback = { base: mean(false), super: mean(true) }
    let ms = 0
    for (const t of unfinished) {
      const c = cost.get(t.key)
      ms += t.rounds * (c === undefined ? (superOf.get(t.key) === true ? fallback.super : fallback.base) : c.ms / c.rounds)
    }
    return ms / 1000 / workerCount
  }
  const progress = (): Progress => ({
    chunks_done: done,
    chunks_total: total,
    chunks_resumed: resumed,
    rounds_done,
    rounds_total,
    seconds_left: unfinished.size === 0 ? 0 : secondsLeft()
  })
  o.onProgress?.(progress())
  let next = 0
  const pool: Worker[] = []
  const sent_ms = new Map<Worker, number>()
  try {
    await new Promise<void>((resolve, reject) => {
      if (done === total) return resolve()
      if (o.signal?.aborted === true) return reject(new FairnessInterrupted(done, total))
      o.signal?.addEventListener("abort", () => reject(new FairnessInterrupted(done, total)), { once: true })
      const feed = (w: Worker): void => {
        const t = pending[next++]
        if (t === undefined) return
        sent_ms.set(w, performance.now())
        w.postMessage(t)
      }
      for (let i = 0; i < workerCount; i++) {
        const w = spawn()
        pool.push(w)
        w.on("error", reject)
        w.on("exit", (code) => {
          if (done < total) reject(new Error(`a fairness worker exited (code ${code}) with ${total - done} chunks left`))
        })
        w.on("message", (m: ChunkReply) => {
          if (o.signal?.aborted === true) return
          if (m.error !== undefined || m.tally === undefined) return reject(new Error(m.error ?? "a worker sent no tally"))
          const task = pending.find((t) => t.key === m.key && t.chunk === m.chunk)
          if (task === undefined) return reject(new Error(`a worker answered a chunk never sent (${m.key} #${m.chunk})`))
          store(m.key, m.chunk, m.tally)
          const c = cost.get(m.key) ?? { ms: 0, rounds: 0 }
          cost.set(m.key, { ms: c.ms + performance.now() - (sent_ms.get(w) ?? performance.now()), rounds: c.rounds + task.rounds })
          unfinished.delete(task)
          if (o.checkpoint_dir !== undefined) writeCheckpoint(o.checkpoint_dir, task, m.tally)
          done++
          rounds_done += task.rounds
          o.onProgress?.(progress())
          if (done === total) resolve()
          else feed(w)
        })
        feed(w)
      }
    })
  } finally {
    await Promise.all(pool.map((w) => w.terminate()))
  }
  return bets.map((b) => rowOf(b, mergeTallies(results.get(betKey(b)) ?? []), o.measured_at))
}

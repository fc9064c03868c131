/**
 * A year of phase1-island (report, never gate): `npm run bench -- year [--agents N] [--days D]
 * [--scaling 1000,5000,10000] [--scaling-days D]` (or `npx tsx bench/year.ts …`). Defaults: 10,000
 * phase-1 players × 365 days, the goal being ≤ 3 minutes on one core.
 *
 * The main run simulates `agents × days` in this thread and writes its results the way `npm
 * start` does (results.duckdb, one Parquet file per catalog table, catalog.duckdb) into a
 * temporary folder. Measured: wall and CPU time of the simulation, tx/s, agent-steps/s (calls of
 * an agent's `next`), blocks, and rows/s into DuckDB + Parquet + catalog. When the run is shorter
 * than the full year, the full-year time is projected from the measured days (day 0 as measured,
 * later days at their mean, linear in agents per the scaling rows) twice: from wall time at the
 * run's load, and from process CPU time (what an idle core would take); both are labelled
 * "PROJECTED", never measured. One-time process costs (JIT, strategy tables, the fairness
 * catalogue's exact RTPs) are paid by a 50-player warm-up day first.
 *
 * Progress (days done, time left) goes to stderr, a line a minute when piped.
 *
 * The scaling rows (simulation only, no files) run a few days at each population size: if the
 * CPU cost per agent-day stays flat across sizes, the cost is linear in agents. The machine is
 * shared: the load average is printed next to every figure; ratios within one run travel best.
 */
import { mkdtempSync, rmSync } from "node:fs"
import os from "node:os"
import { join } from "node:path"
import { Effect, Either } from "effect"
import { phase1Island } from "../scenarios/phase1-island/scenario.ts"
import type { Agent } from "../sim/agents/agent.ts"
import type { MetricsCollector } from "../sim/metrics/collector.ts"
import { defaultCollectors } from "../sim/metrics/index.ts"
import { manifestOf } from "../sim/runner/run-scenario.ts"
import { writeRunFiles } from "../sim/runner/run-files.ts"
import { CodeVersion } from "../sim/runner/services.ts"
import { simulate, type SimulationResult } from "../sim/runner/simulate.ts"
import { dayProgress, progressPrinter } from "../sim/cli/progress.ts"
import type { ResolvedScenario } from "../sim/scenario.ts"
import { printReport, type BenchReport } from "./report.ts"

export const YEAR_AGENTS = 10_000
export const YEAR_DAYS = 365
/** the goal for the full year on one core (docs/simulations.md) */
export const YEAR_WALL_S_GOAL = 180

export interface YearOptions {
  readonly agents: number
  readonly days: number
  /** population sizes of the scaling rows (empty = none) */
  readonly scaling: ReadonlyArray<number>
  readonly scaling_days: number
  /** write the main run's result files (rows/s); off = simulation only */
  readonly write: boolean
}

const ARGS_MAX = 32

const intArg = (name: string, raw: string | undefined, lo: number, hi: number): number => {
  const n = Number(raw)
  if (raw === undefined || !Number.isInteger(n) || n < lo || n > hi) throw new RangeError(`--${name} takes an integer in [${lo}, ${hi}], got ${String(raw)}`)
  return n
}

/** the bench's options from the command line (unknown words, e.g. other bench names, are ignored) */
export const parseYearArgs = (argv: ReadonlyArray<string>): YearOptions => {
  let agents = YEAR_AGENTS
  let days = YEAR_DAYS
  let scaling: number[] = []
  let scaling_days = 2
  let write = true
  for (let i = 0; i < Math.min(argv.length, ARGS_MAX); i++) {
    const a = argv[i]
    const v = argv[i + 1]
    if (a === "--agents") agents = intArg("agents", v, 1, 20_000)
    else if (a === "--days") days = intArg("days", v, 1, YEAR_DAYS)
    else if (a === "--scaling-days") scaling_days = intArg("scaling-days", v, 1, YEAR_DAYS)
    else if (a === "--scaling") scaling = (v ?? "").split(",").slice(0, 8).map((s) => intArg("scaling", s, 1, 20_000))
    else if (a === "--no-write") {
      write = false
      continue
    } else continue
    i++
  }
  return { agents, days, scaling, scaling_days, write }
}

const resolved = (agents: number, days: number): ResolvedScenario => {
  const r = phase1Island.resolve({ agents: String(agents), days: String(days) })
  if (Either.isLeft(r)) throw new Error(r.left)
  return r.right
}

/** the agent, counting every call of its `next` (one agent-step) */
const counted = (agent: Agent, steps: { n: number }): Agent => ({
  ...agent,
  next: (view, rng) => {
    steps.n++
    return agent.next(view, rng)
  }
})

const cpuMs = (): number => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1_000
}

/** a collector that only reads the clocks (wall, process CPU) at each day's end (it adds no column and no table) */
const dayClock = (ends_ms: number[], ends_cpu_ms: number[]): MetricsCollector => ({
  family: "bench_day_clock",
  daily_columns: [],
  observeBlock: () => {},
  endDay: () => {
    ends_ms.push(performance.now())
    ends_cpu_ms.push(cpuMs())
    return []
  }
})

const spans = (ends: ReadonlyArray<number>, start: number): number[] => ends.map((t, i) => t - (i === 0 ? start : (ends[i - 1] ?? start)))

export interface YearRun {
  readonly agents: number
  readonly days: number
  readonly wall_ms: number
  readonly cpu_ms: number
  readonly transactions: number
  readonly blocks: number
  readonly agent_steps: number
  /** wall time of each simulated day (the last one without the end-of-run tables) */
  readonly day_ms: ReadonlyArray<number>
  /** process CPU time of each simulated day (load-independent, unlike wall time) */
  readonly day_cpu_ms: ReadonlyArray<number>
  readonly load: string
  readonly result: SimulationResult
  readonly scenario: ResolvedScenario
}

const load = (): string => os.loadavg().map((x) => x.toFixed(2)).join(" ")

/** simulate phase1-island with `agents` players for `days` days in this thread */
export const simulateYear = (agents: number, days: number): YearRun => {
  const scenario = resolved(agents, days)
  const steps = { n: 0 }
  const agents_counted = scenario.spec.agents.map((a) => counted(a, steps))
  const ends_ms: number[] = []
  const ends_cpu_ms: number[] = []
  const tracked = agents_counted.map((a) => ({ index: a.index, name: a.name, kind: a.kind, public_key: a.signer.public_key }))
  const spec = { ...scenario.spec, agents: agents_counted, collectors: [...defaultCollectors(tracked), dayClock(ends_ms, ends_cpu_ms)] }
  const cpu0 = cpuMs()
  const t0 = performance.now()
  // days done and the time left on stderr (a plain line a minute when piped: a full year runs for an hour or more)
  const label = `year bench ${agents.toLocaleString("en-US")} × ${days} d`
  const progress = dayProgress(label, progressPrinter(label, { tty: process.stderr.isTTY === true, write: (t) => process.stderr.write(t), plain_every_ms: 60_000 }))
  const result = simulate(spec, { progress })
  const wall_ms = performance.now() - t0
  const cpu_ms = cpuMs() - cpu0
  return {
    agents,
    days,
    wall_ms,
    cpu_ms,
    transactions: Number(result.totals.transactions),
    blocks: Number(result.totals.blocks),
    agent_steps: steps.n,
    day_ms: spans(ends_ms, t0),
    day_cpu_ms: spans(ends_cpu_ms, cpu0),
    load: load(),
    result,
    scenario
  }
}

export interface WriteFigures {
  readonly rows: number
  readonly wall_ms: number
}

/** write a run's result files into a temporary folder (removed afterwards): rows and wall time */
export const writeYear = async (run: YearRun): Promise<WriteFigures> => {
  const dir = mkdtempSync(join(os.tmpdir(), "nullspace-bench-year-"))
  try {
    const manifest = await Effect.runPromise(manifestOf(run.scenario, run.result).pipe(Effect.provideService(CodeVersion, "bench")))
    const r = run.result
    const rows =
      r.daily.length + 1 + r.snapshots.length + Object.keys(run.scenario.parameters).length + r.metrics.tables.reduce((n, t) => n + t.rows.length, 0)
    const t0 = performance.now()
    await writeRunFiles(dir, manifest, r.daily, r.snapshots, r.metrics)
    return { rows, wall_ms: performance.now() - t0 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const perSecond = (n: number, ms: number): number => (n * 1_000) / ms

/** the population of the warm-up run (pays the process's one-time costs: JIT, strategy tables, the fairness catalogue's exact RTPs) */
const WARMUP_AGENTS = 50

const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / xs.length

/**
 * full-year wall time from a shorter run: day 0 (registrations, every signer's key) as measured,
 * the later days at the mean of the measured later days (day 0's cost when only one day ran),
 * the end-of-run tables once, and the whole scaled linearly in agents (see the scaling rows)
 */
export const projectYear_ms = (days_ms: ReadonlyArray<number>, total_ms: number, agents: number): number => {
  const day0 = days_ms[0] ?? total_ms
  const later = days_ms.length > 1 ? mean(days_ms.slice(1)) : day0
  const finish = total_ms - days_ms.reduce((a, b) => a + b, 0)
  return (day0 + later * (YEAR_DAYS - 1) + finish) * (YEAR_AGENTS / agents)
}

export const benchYear = async (argv: ReadonlyArray<string> = process.argv.slice(2)): Promise<BenchReport> => {
  const o = parseYearArgs(argv)
  const full = o.agents === YEAR_AGENTS && o.days === YEAR_DAYS
  console.log(`\n(year bench: phase1-island ${o.agents.toLocaleString("en-US")} players × ${o.days} days after a ${WARMUP_AGENTS}-player warm-up day; ${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, node ${process.version}, load average before ${load()})`)
  simulateYear(WARMUP_AGENTS, 1)
  const main = simulateYear(o.agents, o.days)
  const written = o.write ? await writeYear(main) : null
  const label = `${o.agents.toLocaleString("en-US")} × ${o.days} d, measured`
  const later = main.day_ms.slice(1)
  const rows: Array<readonly [string, number]> = [
    [`${label}: simulation wall s (load after ${main.load})`, main.wall_ms / 1_000],
    [`${label}: simulation CPU s`, main.cpu_ms / 1_000],
    [`${label}: day 0 wall s (registrations, first signatures)`, (main.day_ms[0] ?? Number.NaN) / 1_000],
    [`${label}: later days, mean wall s per day`, later.length > 0 ? mean(later) / 1_000 : Number.NaN],
    [`${label}: day 0 CPU s`, (main.day_cpu_ms[0] ?? Number.NaN) / 1_000],
    [`${label}: later days, mean CPU s per day`, main.day_cpu_ms.length > 1 ? mean(main.day_cpu_ms.slice(1)) / 1_000 : Number.NaN],
    [`${label}: transactions`, main.transactions],
    [`${label}: blocks`, main.blocks],
    [`${label}: agent-steps (calls of next)`, main.agent_steps],
    [`${label}: tx/s`, perSecond(main.transactions, main.wall_ms)],
    [`${label}: agent-steps/s`, perSecond(main.agent_steps, main.wall_ms)],
    [`${label}: µs per agent-day`, (main.wall_ms * 1_000) / (o.agents * o.days)],
    [`${label}: tx per CPU-second`, perSecond(main.transactions, main.cpu_ms)],
    [`${label}: agent-steps per CPU-second`, perSecond(main.agent_steps, main.cpu_ms)]
  ]
  if (written !== null) {
    rows.push([`${label}: result rows written (DuckDB + Parquet + catalog)`, written.rows])
    rows.push([`${label}: result write wall s`, written.wall_ms / 1_000])
    rows.push([`${label}: rows/s into DuckDB + Parquet + catalog`, perSecond(written.rows, written.wall_ms)])
  }
  if (full) rows.push([`full year 10,000 × 365, MEASURED simulation wall s (goal ≤ ${YEAR_WALL_S_GOAL})`, main.wall_ms / 1_000])
  else {
    rows.push([`full year 10,000 × 365, PROJECTED simulation wall s at this run's load (goal ≤ ${YEAR_WALL_S_GOAL})`, projectYear_ms(main.day_ms, main.wall_ms, o.agents) / 1_000])
    rows.push(["full year 10,000 × 365, PROJECTED simulation CPU s (= wall s on an idle core)", projectYear_ms(main.day_cpu_ms, main.cpu_ms, o.agents) / 1_000])
    if (written !== null) {
      // the result rows grow with agents × days (player_snapshots dominates)
      const rows_full = (written.rows * YEAR_AGENTS * YEAR_DAYS) / (o.agents * o.days)
      rows.push(["full year, PROJECTED result rows", rows_full])
      rows.push(["full year, PROJECTED result write wall s (at the measured rows/s)", rows_full / perSecond(written.rows, written.wall_ms)])
    }
  }
  let base: number | null = null
  for (const n of o.scaling) {
    const s = simulateYear(n, o.scaling_days)
    const us = (s.cpu_ms * 1_000) / (n * o.scaling_days)
    base ??= us
    const l = `scaling ${n.toLocaleString("en-US")} × ${o.scaling_days} d, measured`
    rows.push([`${l}: CPU µs per agent-day (load after ${s.load})`, us])
    rows.push([`${l}: wall µs per agent-day`, (s.wall_ms * 1_000) / (n * o.scaling_days)])
    rows.push([`${l}: tx/s`, perSecond(s.transactions, s.wall_ms)])
    rows.push([`${l}: agent-steps/s`, perSecond(s.agent_steps, s.wall_ms)])
    rows.push([`${l}: CPU per agent-day ÷ the first size's`, us / base])
  }
  return { name: `phase1-island year: ${o.agents.toLocaleString("en-US")} players × ${o.days} days (goal: 10,000 × 365 in ≤ 3 min on one core)`, rows }
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) printReport(await benchYear())

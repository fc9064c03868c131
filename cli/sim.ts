/**
 * npm run sim -- <command> [options]   (one @effect/cli parser; `--help` on every command)
 *
 *   run         one scenario run → runs/<run_id>/{results.duckdb,manifest.json}, runs/LATEST
 *               (--fidelity full --validators 4 [--faults crash-partition]: every block agreed by
 *               simulated validators running the production consensus state machine first)
 *               (also the default: `npm run sim -- --scenario quickstart --days 2` still works)
 *   sweep       a grid (--grid k=v1,v2 / k=lo..hi:step) and/or --point k=v,k=v, × --seeds
 *   montecarlo  the base parameters × --seeds N
 *   compare     --arm-a k=v … vs --arm-b k=v … over the same seeds: paired differences with 95 % t-intervals
 *   worker      a distributed worker: runs cells from a NATS JetStream work queue
 *   list        the scenarios and their parameters
 *
 * Experiments write runs/experiments/<experiment_id>/ (resumable: rerun the same command) and the
 * experiments, cells and cell_results tables of runs/catalog.duckdb. Runs folder:
 * NULLSPACE_RUNS_DIR, else runs/ at the repository root. Progress with time left on stderr.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { hostname } from "node:os"
import { availableParallelism } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { Args, Command, Options } from "@effect/cli"
import { Console, Data, Effect, Either, Option } from "effect"
import { CATALOG, DEFAULT_SCENARIO } from "../scenarios/index.ts"
import { runCliMain } from "../sim/cli/main.ts"
import { CliLive, REPO_ROOT, RunsDirFromEnv } from "../sim/cli/paths.ts"
import { formatRun } from "../sim/cli/print-run.ts"
import { dayProgress, progressPrinter } from "../sim/cli/progress.ts"
import { localBackend } from "../sim/experiments/backends/local.ts"
import { poolBackend } from "../sim/experiments/backends/pool-backend.ts"
import type { Backend } from "../sim/experiments/backends/backend.ts"
import { describeCodeVersion } from "../sim/experiments/code-version.ts"
import { emptyRequest, parseAssignment, parseValues, planExperiment, type ExperimentKind, type ExperimentRequest } from "../sim/experiments/plan.ts"
import { runExperiment, type ExperimentReport } from "../sim/experiments/run-experiment.ts"
import { formatSummary } from "../sim/experiments/summary.ts"
import { InvalidParameters } from "../sim/runner/errors.ts"
import { resolveScenario, runScenario } from "../sim/runner/run-scenario.ts"
import { RunsDir } from "../sim/runner/services.ts"
import { writeSnapshotFile } from "../sim/runner/twin.ts"
import { FIDELITY_FAULTS, FIDELITY_VALIDATORS_MAX, FullFidelity, type FidelityFaults } from "../sim/runner/fidelity.ts"

/** the default broker (the NATS client itself loads only when a nats backend or worker starts) */
const NATS_DEFAULT_URL = "nats://127.0.0.1:4222"
const loadNats = () => Effect.promise(() => import("../sim/experiments/backends/nats.ts"))
const CATALOG_URL = new URL("../scenarios/index.ts", import.meta.url).href
const SIM_CLI = fileURLToPath(import.meta.url)

class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {
  get exit_code(): number {
    return 2
  }
}
class SnapshotNotWritten extends Data.TaggedError("SnapshotNotWritten")<{ readonly message: string }> {}
class ExperimentIncomplete extends Data.TaggedError("ExperimentIncomplete")<{ readonly message: string }> {}
class WorkerFailed extends Data.TaggedError("WorkerFailed")<{ readonly message: string }> {}

// ---------------------------------------------------------------- shared options

const scenarioOption = Options.text("scenario").pipe(Options.withDefault(DEFAULT_SCENARIO), Options.withDescription("scenario name (see `list`)"))
const paramOption = Options.text("param").pipe(Options.repeated, Options.withDescription("a scenario parameter as key=value (repeatable)"))
const agentsOption = Options.integer("agents").pipe(Options.optional, Options.withDescription("number of agents (same as --param agents=N)"))
const daysOption = Options.integer("days").pipe(Options.optional, Options.withDescription("simulated days (same as --param days=N)"))

const assignments = (scenario: string, texts: ReadonlyArray<string>, flag: string): Effect.Effect<Record<string, string>, InvalidParameters> => {
  const out: Record<string, string> = {}
  for (const text of texts) {
    const kv = parseAssignment(text)
    if (Either.isLeft(kv)) return Effect.fail(new InvalidParameters({ scenario, detail: `${flag}: ${kv.left}` }))
    out[kv.right[0]] = kv.right[1]
  }
  return Effect.succeed(out)
}

const baseOverrides = (a: {
  readonly scenario: string
  readonly param: ReadonlyArray<string>
  readonly agents: Option.Option<number>
  readonly days: Option.Option<number>
}) =>
  Effect.map(assignments(a.scenario, a.param, "--param"), (out) => {
    if (Option.isSome(a.agents)) out["agents"] = String(a.agents.value)
    if (Option.isSome(a.days)) out["days"] = String(a.days.value)
    return out
  })

// ---------------------------------------------------------------- run

const runOptions = {
  scenario: scenarioOption,
  seed: Options.text("seed").pipe(Options.optional, Options.withDescription("seed (any text)")),
  agents: agentsOption,
  days: daysOption,
  param: paramOption,
  fidelity: Options.choice("fidelity", ["direct", "full"]).pipe(
    Options.withDefault("direct"),
    Options.withDescription("direct: apply each block with its dev seed; full: every block agreed by --validators simulated validators first (docs/simulations.md)")
  ),
  validators: Options.integer("validators").pipe(Options.withDefault(4), Options.withDescription("full fidelity: simulated validators (≥ 4)")),
  faults: Options.choice("faults", FIDELITY_FAULTS).pipe(Options.withDefault("none"), Options.withDescription("full fidelity: none | crash-partition | all (with Byzantine actors)")),
  consensus_seed: Options.integer("consensus-seed").pipe(Options.withDefault(1), Options.withDescription("full fidelity: the consensus simulator seed (network, faults, keys)")),
  state_snapshot: Options.file("state-snapshot").pipe(
    Options.optional,
    Options.withDescription("also write the final chain's state snapshot here (for `npm run ops -- twin --snapshot`)")
  )
}

const runHandler = (a: {
  readonly scenario: string
  readonly seed: Option.Option<string>
  readonly agents: Option.Option<number>
  readonly days: Option.Option<number>
  readonly param: ReadonlyArray<string>
  readonly fidelity: "direct" | "full"
  readonly validators: number
  readonly faults: FidelityFaults
  readonly consensus_seed: number
  readonly state_snapshot: Option.Option<string>
}) =>
  Effect.gen(function* () {
    const overrides = yield* baseOverrides(a)
    if (Option.isSome(a.seed)) overrides["seed"] = a.seed.value
    yield* resolveScenario(CATALOG, a.scenario, overrides)
    if (a.fidelity === "full" && (a.validators < 4 || a.validators > FIDELITY_VALIDATORS_MAX))
      return yield* Effect.fail(new UsageError({ message: `--validators must be in 4..${FIDELITY_VALIDATORS_MAX}` }))
    const finality = a.fidelity === "full" ? new FullFidelity({ validators: a.validators, seed: a.consensus_seed, faults: a.faults }) : undefined
    const started_ms = Date.now()
    const tty = process.stderr.isTTY === true
    yield* Effect.sync(() => process.stderr.write(`sim: running ${a.scenario} …${tty ? "\r" : "\n"}`))
    const progress = dayProgress(`sim ${a.scenario}`)
    const { run, written } = yield* runScenario(CATALOG, a.scenario, overrides, finality === undefined ? { progress } : { finality, progress }).pipe(Effect.provide(CliLive))
    if (tty) yield* Effect.sync(() => process.stderr.write("\x1b[K"))
    const elapsed_ms = Date.now() - started_ms
    yield* Console.log(formatRun(run, written, elapsed_ms))
    if (Option.isSome(a.state_snapshot)) {
      const file = resolve(a.state_snapshot.value)
      const bytes = yield* Effect.try({
        try: () => writeSnapshotFile(file, run.result.chain),
        catch: (e) => new SnapshotNotWritten({ message: `state snapshot not written to ${file}: ${e instanceof Error ? e.message : String(e)}` })
      })
      yield* Console.log(`  state snapshot    ${file} (height ${run.result.chain.height}, ${bytes} bytes)`)
    }
    if (finality !== undefined) {
      const s = finality.stats()
      yield* Console.log(
        `  full fidelity     ${s.validators} validators · ${s.blocks} blocks agreed over ${s.consensus_heights} consensus heights (${s.empty_payloads} empty) · ${s.views} views · ` +
          `${(s.sim_ms / 1000).toFixed(1)} s simulated · ${s.events} events · ${s.crashes} crashes · ${s.evidence} evidence · ${Math.round((s.blocks * 1000) / Math.max(1, elapsed_ms))} blocks/s\n` +
          `                    ${s.description}`
      )
    }
  })

const run = Command.make("run", { ...runOptions, positional: Args.text({ name: "scenario" }).pipe(Args.optional) }, (a) =>
  runHandler({ ...a, scenario: Option.getOrElse(a.positional, () => a.scenario) })
).pipe(Command.withDescription("run one scenario and write its result files"))

// ---------------------------------------------------------------- experiments

const positive = (name: string) =>
  Options.integer(name).pipe(Options.filterMap((n) => (n >= 1 ? Option.some(n) : Option.none()), `--${name} must be a positive integer`))

const experimentOptions = {
  scenario: scenarioOption,
  param: paramOption,
  agents: agentsOption,
  days: daysOption,
  seeds: positive("seeds").pipe(Options.optional, Options.withDescription("number of seeds: the cells run with seeds 1..N")),
  seed_list: Options.text("seed-list").pipe(Options.optional, Options.withDescription("explicit seeds, comma-separated (instead of --seeds)")),
  backend: Options.choice("backend", ["local", "processes", "threads", "nats"]).pipe(
    Options.withDefault("processes"),
    Options.withDescription("where cells run: in this process, on child processes (default), on worker threads, or on NATS workers")
  ),
  workers: positive("workers").pipe(Options.withDefault(availableParallelism()), Options.withDescription("cell workers (processes and threads backends; default one per core)")),
  nats: Options.text("nats").pipe(Options.withDefault(NATS_DEFAULT_URL), Options.withDescription("NATS server (nats backend)")),
  stream: Options.text("stream").pipe(Options.optional, Options.withDescription("work queue name prefix (nats backend; default from the experiment id)")),
  spawn_workers: Options.integer("spawn-workers").pipe(
    Options.withDefault(0),
    Options.withDescription("nats backend: also start this many local `worker` processes (others may join from anywhere)")
  ),
  ack_wait: positive("ack-wait-ms").pipe(Options.withDefault(30_000), Options.withDescription("nats backend: redelivery after this long without a heartbeat")),
  out: Options.text("out").pipe(Options.optional, Options.withDescription("experiment folder (default runs/experiments/<experiment_id>)")),
  catalog: Options.text("catalog").pipe(Options.optional, Options.withDescription("DuckDB catalog (default runs/catalog.duckdb)"))
}

type ExperimentArgs = {
  readonly scenario: string
  readonly param: ReadonlyArray<string>
  readonly agents: Option.Option<number>
  readonly days: Option.Option<number>
  readonly seeds: Option.Option<number>
  readonly seed_list: Option.Option<string>
  readonly backend: string
  readonly workers: number
  readonly nats: string
  readonly stream: Option.Option<string>
  readonly spawn_workers: number
  readonly ack_wait: number
  readonly out: Option.Option<string>
  readonly catalog: Option.Option<string>
}

const seedsOf = (a: ExperimentArgs, default_count: number): Effect.Effect<ReadonlyArray<string>, UsageError> => {
  if (Option.isSome(a.seed_list) && Option.isSome(a.seeds)) return Effect.fail(new UsageError({ message: "give --seeds or --seed-list, not both" }))
  if (Option.isSome(a.seed_list)) {
    const v = parseValues(a.seed_list.value)
    return Either.isLeft(v) ? Effect.fail(new UsageError({ message: `--seed-list: ${v.left}` })) : Effect.succeed(v.right)
  }
  const n = Option.getOrElse(a.seeds, () => default_count)
  return Effect.succeed(Array.from({ length: n }, (_, i) => String(i + 1)))
}

const spawnWorkers = (n: number, url: string, stream: string, folder: string): ChildProcess[] =>
  Array.from({ length: n }, (_, i) =>
    spawn(process.execPath, ["--import", "tsx", SIM_CLI, "worker", "--nats", url, "--stream", stream, "--out", folder, "--name", `local-${i + 1}`, "--threads", "1"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "inherit", "inherit"]
    })
  )

const formatReport = (r: ExperimentReport): string => {
  const lines = [
    `experiment ${r.plan.experiment_id}  (${r.plan.kind}, scenario ${r.plan.scenario}, ${r.plan.cells.length} cells, backend ${r.backend}, ${(r.elapsed_ms / 1000).toFixed(1)} s)`,
    `  folder       ${r.folder}`,
    `  cells        ${r.results.size} done (${r.resumed} resumed, ${r.recorded} run now, ${r.duplicates} duplicate reports ignored), ${r.failed.length} failed`,
    `  result hash  ${r.result_hash ?? "(incomplete)"}`
  ]
  for (const f of r.failed) lines.push(`  FAILED ${f.cell_id}: ${f.error}`)
  if (r.summary !== null) lines.push("", formatSummary(r.summary))
  return lines.join("\n")
}

const runExperimentCommand = (kind: ExperimentKind, a: ExperimentArgs, fill: (r: ExperimentRequest) => Effect.Effect<ExperimentRequest, InvalidParameters | UsageError>) =>
  Effect.gen(function* () {
    const base = yield* baseOverrides(a)
    const seeds = yield* seedsOf(a, kind === "sweep" ? 1 : 8)
    const request = yield* fill({ ...emptyRequest(kind, a.scenario), base, seeds })
    const planned = planExperiment(CATALOG, request)
    if (Either.isLeft(planned)) return yield* Effect.fail(planned.left)
    const plan = planned.right
    const runs_dir = yield* RunsDir
    const folder = Option.match(a.out, { onNone: () => join(runs_dir, "experiments", plan.experiment_id), onSome: (o) => resolve(o) })
    const code_version = describeCodeVersion(REPO_ROOT)
    const worker = `${hostname()}:${process.pid}`
    const stream = Option.getOrElse(a.stream, () => `nsexp_${plan.experiment_id.replace(/[^A-Za-z0-9_-]/g, "_")}`)
    let children: ChildProcess[] = []
    const { natsBackend } = a.backend === "nats" ? yield* loadNats() : { natsBackend: undefined }
    const backend: Backend =
      a.backend === "local"
        ? localBackend({ catalog: CATALOG, folder, code_version, worker: "local" })
        : a.backend === "processes" || a.backend === "threads"
          ? poolBackend({ catalog_url: CATALOG_URL, folder, code_version, size: a.workers, kind: a.backend })
          : natsBackend === undefined
            ? localBackend({ catalog: CATALOG, folder, code_version, worker: "local" })
            : natsBackend({
              url: a.nats,
              stream,
              ack_wait_ms: a.ack_wait,
              onReady: () => {
                if (a.spawn_workers > 0) children = spawnWorkers(a.spawn_workers, a.nats, stream, folder)
                else process.stderr.write(`waiting for workers: npm run sim -- worker --nats ${a.nats} --stream ${stream}\n`)
              }
            })
    const show = progressPrinter(`${kind} ${plan.experiment_id}`)
    const report = yield* runExperiment({
      plan,
      folder,
      backend,
      started_by: `${worker} ${code_version}`,
      onProgress: (p) =>
        show({
          done: p.cells_done,
          total: p.cells_total,
          unit: "cells",
          elapsed_ms: p.elapsed_ms,
          left_ms: p.left_ms,
          note: [p.cells_resumed > 0 ? `${p.cells_resumed} resumed` : "", p.cells_failed > 0 ? `${p.cells_failed} failed` : ""].filter((s) => s !== "").join(", ")
        })
    }).pipe(
      Effect.onInterrupt(() => Console.error(`\ninterrupted: finished cells are kept in ${folder}; rerun the same command to resume`)),
      Effect.ensuring(Effect.sync(() => children.forEach((c) => c.kill("SIGTERM"))))
    )
    const catalog_path = Option.match(a.catalog, { onNone: () => join(runs_dir, "catalog.duckdb"), onSome: (c) => resolve(c) })
    const { writeExperimentCatalog } = yield* Effect.promise(() => import("../sim/experiments/catalog.ts"))
    yield* Effect.tryPromise({
      try: () => writeExperimentCatalog(catalog_path, report, code_version),
      catch: (e) => new ExperimentIncomplete({ message: `writing the catalog ${catalog_path}: ${e instanceof Error ? e.message : String(e)}` })
    })
    yield* Console.log(formatReport(report) + `\n  catalog      ${catalog_path} (experiments, cells, cell_results)`)
    if (report.result_hash === null)
      return yield* Effect.fail(
        new ExperimentIncomplete({ message: `${report.failed.length} cell(s) failed; finished cells are kept in ${folder}: rerun the same command to retry the rest` })
      )
  }).pipe(Effect.provide(RunsDirFromEnv))

const sweep = Command.make(
  "sweep",
  {
    ...experimentOptions,
    grid: Options.text("grid").pipe(Options.repeated, Options.withDescription("key=v1,v2,… or key=lo..hi[:step]: one axis of the cartesian grid (repeatable)")),
    point: Options.text("point").pipe(Options.repeated, Options.withDescription("one listed point: k=v,k=v (repeatable)")),
    sample: positive("sample").pipe(Options.optional, Options.withDescription("run only this many grid points (seeded sample)"))
  },
  (a) =>
    runExperimentCommand("sweep", a, (r) =>
      Effect.gen(function* () {
        const grid: Array<readonly [string, ReadonlyArray<string>]> = []
        for (const text of a.grid) {
          const kv = parseAssignment(text)
          if (Either.isLeft(kv)) return yield* Effect.fail(new UsageError({ message: `--grid: ${kv.left}` }))
          const values = parseValues(kv.right[1])
          if (Either.isLeft(values)) return yield* Effect.fail(new UsageError({ message: `--grid ${kv.right[0]}: ${values.left}` }))
          grid.push([kv.right[0], values.right])
        }
        const points: Array<Record<string, string>> = []
        for (const text of a.point) points.push(yield* assignments(a.scenario, text.split(","), "--point"))
        return { ...r, grid, points, sample: Option.getOrNull(a.sample) }
      })
    )
).pipe(Command.withDescription("sweep scenario parameters over a grid or listed points (× seeds)"))

const montecarlo = Command.make("montecarlo", experimentOptions, (a) => runExperimentCommand("montecarlo", a, Effect.succeed)).pipe(
  Command.withDescription("run the scenario over N seeds: mean, sd and 95 % t-interval of each outcome")
)

const compare = Command.make(
  "compare",
  {
    ...experimentOptions,
    a: Options.text("arm-a").pipe(Options.repeated, Options.withDescription("arm A: a parameter as key=value (repeatable)")),
    b: Options.text("arm-b").pipe(Options.repeated, Options.withDescription("arm B: a parameter as key=value (repeatable)"))
  },
  (a) =>
    runExperimentCommand("compare", a, (r) =>
      Effect.gen(function* () {
        return { ...r, a: yield* assignments(a.scenario, a.a, "--arm-a"), b: yield* assignments(a.scenario, a.b, "--arm-b") }
      })
    )
).pipe(Command.withDescription("A/B: two parameter sets over the same seeds, paired differences B − A with 95 % t-intervals"))

// ---------------------------------------------------------------- worker

const worker = Command.make(
  "worker",
  {
    nats: Options.text("nats").pipe(Options.withDefault(NATS_DEFAULT_URL), Options.withDescription("NATS server")),
    stream: Options.text("stream").pipe(Options.withDescription("the experiment's work queue name prefix (printed by the coordinator)")),
    out: Options.text("out").pipe(Options.optional, Options.withDescription("where this worker writes run files (default runs/experiments/<experiment id>)")),
    threads: positive("threads").pipe(Options.withDefault(1), Options.withDescription("cells run at once, each on its own worker thread")),
    name: Options.text("name").pipe(Options.optional, Options.withDescription("worker name in the results (default host:pid)")),
    idle_exit: Options.integer("idle-exit-s").pipe(Options.withDefault(0), Options.withDescription("exit after this many seconds without work (0: wait until the queue is deleted)")),
    wait_queue: Options.integer("wait-queue-s").pipe(Options.withDefault(60), Options.withDescription("how long to wait for the work queue to appear"))
  },
  (a) =>
    Effect.gen(function* () {
      const runs_dir = yield* RunsDir
      // the coordinator's default prefix is nsexp_<experiment_id>: share its folder on this machine
      const folder = Option.match(a.out, { onNone: () => join(runs_dir, "experiments", a.stream.replace(/^nsexp_/, "")), onSome: (o) => resolve(o) })
      const name = Option.getOrElse(a.name, () => `${hostname()}:${process.pid}`)
      const { natsWorker } = yield* loadNats()
      const stats = yield* Effect.tryPromise({
        try: (signal) =>
          natsWorker({
            url: a.nats,
            stream: a.stream,
            catalog_url: CATALOG_URL,
            folder,
            code_version: describeCodeVersion(REPO_ROOT),
            name,
            threads: a.threads,
            idle_exit_ms: a.idle_exit * 1000,
            wait_queue_ms: a.wait_queue * 1000,
            signal,
            log: (s) => process.stderr.write(`worker ${name}: ${s}\n`)
          }),
        catch: (e) => new WorkerFailed({ message: `worker ${name}: ${e instanceof Error ? e.message : String(e)}` })
      })
      yield* Console.error(`worker ${name}: done (${stats.cells_done} cells, ${stats.cells_failed} failed, ${stats.duplicates} duplicate results)`)
    }).pipe(Effect.provide(RunsDirFromEnv))
).pipe(Command.withDescription("run cells from a NATS JetStream work queue until it is deleted"))

// ---------------------------------------------------------------- list

const list = Command.make("list", {}, () =>
  Console.log(
    [...CATALOG.scenarios.values()]
      .map(
        (s) =>
          `${s.name}${s.name === CATALOG.default_name ? " (default)" : ""}: ${s.description}\n` +
          Object.entries(s.defaults)
            .map(([k, v]) => `    ${k.padEnd(24)} ${typeof v === "string" ? JSON.stringify(v) : String(v)}`)
            .join("\n")
      )
      .join("\n\n")
  )
).pipe(Command.withDescription("list the scenarios and their parameters (with defaults)"))

// ---------------------------------------------------------------- root

const sim = Command.make("sim", runOptions, runHandler).pipe(
  Command.withDescription("Null/Space simulations: run, sweep, montecarlo, compare, worker, list (without a command: run)"),
  Command.withSubcommands([run, sweep, montecarlo, compare, worker, list])
)

runCliMain(Command.run(sim, { name: "sim", version: "0.1.0" })(process.argv))

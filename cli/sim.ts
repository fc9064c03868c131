/**
 * npm run sim -- --scenario quickstart --seed 42 --agents 200 --days 7 [--param key=value ...]
 * Runs a scenario through the engine and writes runs/<run_id>/{results.duckdb,manifest.json} and
 * runs/LATEST (runs folder: NULLSPACE_RUNS_DIR, else runs/ at the repository root).
 */
import { Command, Options } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Option } from "effect"
import { CATALOG, DEFAULT_SCENARIO } from "../scenarios/index.ts"
import { CliLive } from "../sim/cli/paths.ts"
import { formatRun } from "../sim/cli/print-run.ts"
import { InvalidParameters } from "../sim/runner/errors.ts"
import { runScenario } from "../sim/runner/run-scenario.ts"

const options = {
  scenario: Options.text("scenario").pipe(Options.withDefault(DEFAULT_SCENARIO), Options.withDescription("scenario name")),
  seed: Options.text("seed").pipe(Options.optional, Options.withDescription("seed (any text)")),
  agents: Options.integer("agents").pipe(Options.optional, Options.withDescription("number of agents")),
  days: Options.integer("days").pipe(Options.optional, Options.withDescription("simulated days")),
  param: Options.text("param").pipe(Options.repeated, Options.withDescription("a scenario parameter as key=value (repeatable)"))
}

/** --seed/--agents/--days and every --param key=value as one override map */
const overridesOf = (a: {
  readonly seed: Option.Option<string>
  readonly agents: Option.Option<number>
  readonly days: Option.Option<number>
  readonly param: ReadonlyArray<string>
  readonly scenario: string
}): Effect.Effect<Record<string, string>, InvalidParameters> => {
  const out: Record<string, string> = {}
  for (const text of a.param) {
    const eq = text.indexOf("=")
    if (eq <= 0) return Effect.fail(new InvalidParameters({ scenario: a.scenario, detail: `--param expects key=value, got "${text}"` }))
    out[text.slice(0, eq).trim()] = text.slice(eq + 1).trim()
  }
  if (Option.isSome(a.seed)) out["seed"] = a.seed.value
  if (Option.isSome(a.agents)) out["agents"] = String(a.agents.value)
  if (Option.isSome(a.days)) out["days"] = String(a.days.value)
  return Effect.succeed(out)
}

const sim = Command.make("sim", options, (a) =>
  Effect.gen(function* () {
    const overrides = yield* overridesOf(a)
    const started_ms = Date.now()
    const { run, written } = yield* runScenario(CATALOG, a.scenario, overrides).pipe(Effect.provide(CliLive))
    yield* Console.log(formatRun(run, written, Date.now() - started_ms))
  })
)

const cli = Command.run(sim, { name: "sim", version: "0.1.0" })

const reportAndFail = (e: { readonly message: string }) =>
  Effect.zipRight(
    Console.error(e.message),
    Effect.sync(() => {
      process.exitCode = 1
    })
  )

cli(process.argv).pipe(
  Effect.catchTags({
    InvalidParameters: reportAndFail,
    ScenarioNotFound: reportAndFail,
    SimulationFailed: reportAndFail,
    ResultWriteError: reportAndFail
  }),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain
)

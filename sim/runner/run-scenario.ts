/**
 * Running a named scenario as an Effect: resolve and validate its parameters, simulate (plain
 * code, see simulate.ts), compute the manifest, and hand the run to the ResultSink. The catalog of
 * named scenarios is passed in (scenarios/index.ts `CATALOG`), so sim/ never imports scenarios/.
 */
import { Clock, Effect, Either } from "effect"
import type { ResolvedScenario, ScenarioCatalog } from "../scenario.ts"
import { InvalidParameters, InvariantViolated, ScenarioNotFound, SimulationFailed } from "./errors.ts"
import { manifestRoot, runIdOf, type RunManifest } from "./manifest.ts"
import type { WrittenRun } from "./run-files.ts"
import { CodeVersion, ResultSink, type CompletedRun } from "./services.ts"
import { simulate, type SimulateOptions, type SimulationResult } from "./simulate.ts"

export const resolveScenario = (
  catalog: ScenarioCatalog,
  name: string = catalog.default_name,
  overrides: Readonly<Record<string, string>> = {}
): Effect.Effect<ResolvedScenario, ScenarioNotFound | InvalidParameters> => {
  const scenario = catalog.scenarios.get(name)
  if (scenario === undefined) return Effect.fail(new ScenarioNotFound({ name, known: [...catalog.scenarios.keys()] }))
  const resolved = scenario.resolve(overrides)
  return Either.isLeft(resolved) ? Effect.fail(new InvalidParameters({ scenario: name, detail: resolved.left })) : Effect.succeed(resolved.right)
}

/** the manifest of a (complete or partial) simulation of a resolved scenario */
export const manifestOf = (resolved: ResolvedScenario, result: SimulationResult): Effect.Effect<RunManifest, never, CodeVersion> =>
  Effect.gen(function* () {
    const manifest_root = manifestRoot({
      scenario: resolved.scenario,
      parameters: resolved.parameters,
      seed: resolved.seed,
      final_state_root: result.final_state_root,
      daily: result.daily,
      block_digests: result.block_digests
    })
    const code_version = yield* CodeVersion
    const now_ms = yield* Clock.currentTimeMillis
    return {
      run_id: runIdOf(resolved.scenario, manifest_root),
      scenario: resolved.scenario,
      parameters: resolved.parameters,
      seed: resolved.seed,
      code_version,
      final_state_root: result.final_state_root,
      manifest_root,
      days: BigInt(result.daily.length),
      blocks: result.totals.blocks,
      transactions: result.totals.transactions,
      created_at: new Date(now_ms).toISOString()
    }
  })

/**
 * simulate a resolved scenario and build its manifest (nothing is written). An invariant
 * violation fails with InvariantViolated carrying the partial run.
 */
export const completeRun = (resolved: ResolvedScenario, options: SimulateOptions = {}): Effect.Effect<CompletedRun, SimulationFailed | InvariantViolated, CodeVersion> =>
  Effect.gen(function* () {
    const result = yield* Effect.try({
      try: () => simulate(resolved.spec, options),
      catch: (e) => (e instanceof InvariantViolated ? e : new SimulationFailed({ detail: e instanceof Error ? e.message : String(e) }))
    })
    const manifest = yield* manifestOf(resolved, result)
    return { manifest, result }
  })

export const simulateScenario = (
  catalog: ScenarioCatalog,
  name: string = catalog.default_name,
  overrides: Readonly<Record<string, string>> = {},
  options: SimulateOptions = {}
) => Effect.flatMap(resolveScenario(catalog, name, overrides), (r) => completeRun(r, options))

/** simulate and write the results through the ResultSink */
export const runScenario = (
  catalog: ScenarioCatalog,
  name: string = catalog.default_name,
  overrides: Readonly<Record<string, string>> = {},
  options: SimulateOptions = {}
) =>
  Effect.gen(function* () {
    const resolved = yield* resolveScenario(catalog, name, overrides)
    const sink = yield* ResultSink
    const run = yield* completeRun(resolved, options).pipe(
      Effect.catchTag("InvariantViolated", (e) =>
        // keep everything simulated up to the violation, with the violation record, then fail
        Effect.gen(function* () {
          const manifest = yield* manifestOf(resolved, e.partial)
          if (sink.writeViolation !== undefined) yield* sink.writeViolation({ manifest, result: e.partial }, e.violation)
          return yield* Effect.fail(e)
        })
      )
    )
    const written: WrittenRun = yield* sink.write(run)
    return { run, written }
  })

/**
 * Running a named scenario as an Effect: resolve and validate its parameters, simulate (plain
 * code, see simulate.ts), compute the manifest, and hand the run to the ResultSink. The catalog of
 * named scenarios is passed in (scenarios/index.ts `CATALOG`), so sim/ never imports scenarios/.
 */
import { Clock, Effect, Either } from "effect"
import type { ResolvedScenario, ScenarioCatalog } from "../scenario.ts"
import { InvalidParameters, ScenarioNotFound, SimulationFailed } from "./errors.ts"
import { manifestRoot, runIdOf, type RunManifest } from "./manifest.ts"
import type { WrittenRun } from "./run-files.ts"
import { CodeVersion, ResultSink, type CompletedRun } from "./services.ts"
import { simulate } from "./simulate.ts"

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

/** simulate a resolved scenario and build its manifest (nothing is written) */
export const completeRun = (resolved: ResolvedScenario): Effect.Effect<CompletedRun, SimulationFailed, CodeVersion> =>
  Effect.gen(function* () {
    const result = yield* Effect.try({
      try: () => simulate(resolved.spec),
      catch: (e) => new SimulationFailed({ detail: e instanceof Error ? e.message : String(e) })
    })
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
    const manifest: RunManifest = {
      run_id: runIdOf(resolved.scenario, manifest_root),
      scenario: resolved.scenario,
      parameters: resolved.parameters,
      seed: resolved.seed,
      code_version,
      final_state_root: result.final_state_root,
      manifest_root,
      days: BigInt(resolved.days),
      blocks: result.totals.blocks,
      transactions: result.totals.transactions,
      created_at: new Date(now_ms).toISOString()
    }
    return { manifest, result }
  })

export const simulateScenario = (catalog: ScenarioCatalog, name: string = catalog.default_name, overrides: Readonly<Record<string, string>> = {}) =>
  Effect.flatMap(resolveScenario(catalog, name, overrides), completeRun)

/** simulate and write the results through the ResultSink */
export const runScenario = (
  catalog: ScenarioCatalog,
  name: string = catalog.default_name,
  overrides: Readonly<Record<string, string>> = {}
) =>
  Effect.gen(function* () {
    const run = yield* simulateScenario(catalog, name, overrides)
    const sink = yield* ResultSink
    const written: WrittenRun = yield* sink.write(run)
    return { run, written }
  })

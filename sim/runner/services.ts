/**
 * The runner's services: where results go (RunsDir + ResultSink) and which code produced them
 * (CodeVersion). Command lines provide the live Layers; tests provide their own.
 */
import { Context, Effect, Layer } from "effect"
import { detectCodeVersion } from "./code-version.ts"
import { writeBlockLog } from "./block-log.ts"
import { ResultWriteError, type ViolationRecord } from "./errors.ts"
import type { RunManifest } from "./manifest.ts"
import { nodeDir, writeAgentsFile, writeRunFiles, writeViolationFile, type RunFilesOptions, type WrittenRun } from "./run-files.ts"
import type { SimulationResult } from "./simulate.ts"

/** a run's manifest together with what the simulation produced */
export interface CompletedRun {
  readonly manifest: RunManifest
  readonly result: SimulationResult
}

export class RunsDir extends Context.Tag("nullspace/sim/RunsDir")<RunsDir, string>() {}

export class CodeVersion extends Context.Tag("nullspace/sim/CodeVersion")<CodeVersion, string>() {}

/** git HEAD of the checkout at `root` (+ "-dirty"), else its package.json version */
export const CodeVersionFromGit = (root: string): Layer.Layer<CodeVersion> => Layer.sync(CodeVersion, () => detectCodeVersion(root))

export interface ResultSinkShape {
  readonly write: (run: CompletedRun) => Effect.Effect<WrittenRun, ResultWriteError>
  /** a run stopped by an invariant: its partial results plus violation.json (sinks that keep nothing may leave it out) */
  readonly writeViolation?: (run: CompletedRun, violation: ViolationRecord) => Effect.Effect<WrittenRun, ResultWriteError>
}

export class ResultSink extends Context.Tag("nullspace/sim/ResultSink")<ResultSink, ResultSinkShape>() {}

/** results.duckdb + Parquet + manifest.json + catalog.duckdb (+ node/ with the blocks when the run kept them) */
const writeCompletedRun = async (runs_dir: string, run: CompletedRun, violation?: ViolationRecord, options: RunFilesOptions = {}): Promise<WrittenRun> => {
  const written = await writeRunFiles(runs_dir, run.manifest, run.result.daily, run.result.snapshots, run.result.metrics, violation, options)
  if (run.result.blocks.length > 0) writeBlockLog(nodeDir(written.dir), run.result.chain.config, run.result.blocks)
  writeAgentsFile(written.dir, run.result.agents)
  return written
}

/** the sink writing under `runs_dir` (options: RunFilesOptions, e.g. no catalog for experiment cells) */
const sinkAt = (runs_dir: string, options: RunFilesOptions = {}): ResultSinkShape => ({
  write: (run: CompletedRun) =>
    Effect.tryPromise({
      try: () => writeCompletedRun(runs_dir, run, undefined, options),
      catch: (e) => new ResultWriteError({ path: runs_dir, detail: e instanceof Error ? e.message : String(e) })
    }),
  writeViolation: (run: CompletedRun, violation: ViolationRecord) =>
    Effect.tryPromise({
      try: async () => {
        const written = await writeCompletedRun(runs_dir, run, violation, options)
        writeViolationFile(written.dir, violation)
        return written
      },
      catch: (e) => new ResultWriteError({ path: runs_dir, detail: e instanceof Error ? e.message : String(e) })
    })
})

/** results.duckdb + Parquet + manifest.json + catalog.duckdb + LATEST under the RunsDir */
export const DuckDbResultSink: Layer.Layer<ResultSink, never, RunsDir> = Layer.effect(
  ResultSink,
  Effect.map(RunsDir, (runs_dir) => sinkAt(runs_dir))
)

/** the live sink writing under `runs_dir` */
export const duckDbSinkAt = (runs_dir: string, options: RunFilesOptions = {}): Layer.Layer<ResultSink> => Layer.succeed(ResultSink, sinkAt(runs_dir, options))

/** Where the command lines find the checkout and put results (the only place NULLSPACE_RUNS_DIR is read). */
import { resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { Config, Effect, Layer, Option } from "effect"
import { CodeVersionFromGit, DuckDbResultSink, RunsDir } from "../runner/services.ts"

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url))

/** NULLSPACE_RUNS_DIR (resolved against the working directory), else runs/ at the repository root */
export const RunsDirFromEnv: Layer.Layer<RunsDir> = Layer.effect(
  RunsDir,
  Config.option(Config.nonEmptyString("NULLSPACE_RUNS_DIR")).pipe(
    Effect.map((dir) => (Option.isSome(dir) ? resolve(dir.value.trim()) : resolve(REPO_ROOT, "runs"))),
    Effect.orElseSucceed(() => resolve(REPO_ROOT, "runs"))
  )
)

/** everything a command line needs to run and write a scenario */
export const CliLive = Layer.merge(CodeVersionFromGit(REPO_ROOT), DuckDbResultSink).pipe(Layer.provideMerge(RunsDirFromEnv))

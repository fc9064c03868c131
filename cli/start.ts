/**
 * npm start: the main job. Runs the default scenario (phase1-island: a year of the closed economy;
 * quickstart stays a named scenario of `npm run sim`) on its embedded defaults, with
 * no external services; writes its results (runs/<run_id>/results.duckdb, manifest.json, LATEST);
 * writes the run report; builds the dashboard site; prints where to open both.
 */
import { Command } from "@effect/cli"
import { Console, Effect } from "effect"
import { writeRunReport } from "../notebooks/run-report.ts"
import { CATALOG, START_SCENARIO } from "../scenarios/index.ts"
import { CliLive, REPO_ROOT } from "../sim/cli/paths.ts"
import { formatRun } from "../sim/cli/print-run.ts"
import { runCliMain } from "../sim/cli/main.ts"
import { dayProgress } from "../sim/cli/progress.ts"
import { buildSite } from "../sim/cli/site-build.ts"
import { runScenario } from "../sim/runner/run-scenario.ts"
import { RunsDir } from "../sim/runner/services.ts"

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

const main = Effect.gen(function* () {
  const runs_dir = yield* RunsDir
  const t0 = Date.now()
  yield* Console.log(`Null/Space: running scenario ${START_SCENARIO} (defaults) into ${runs_dir}`)
  // progress with the time left on stderr, once a day (in place in a terminal, every 10 s when piped)
  const { run, written } = yield* runScenario(CATALOG, START_SCENARIO, {}, { progress: dayProgress(START_SCENARIO) })
  yield* Console.log(formatRun(run, written, Date.now() - t0))

  const t1 = Date.now()
  const report = yield* Effect.tryPromise(() => writeRunReport(runs_dir, written.run_id)).pipe(
    Effect.tap((path) => Console.log(`\nreport written in ${seconds(Date.now() - t1)}: ${path}`)),
    Effect.catchAll((e) => Effect.as(Console.error(`report not written: ${e.message}`), undefined))
  )

  const t2 = Date.now()
  yield* Console.log("building the dashboard (astro build --root site) …")
  const site = yield* buildSite(REPO_ROOT, runs_dir).pipe(
    Effect.tap(() => Console.log(`dashboard built in ${seconds(Date.now() - t2)}`)),
    Effect.catchTag("SiteBuildFailed", (e) =>
      Effect.as(
        Effect.zipRight(
          Console.error(`${e.message}\n${e.output}`),
          Effect.sync(() => {
            process.exitCode = 1
          })
        ),
        undefined
      )
    )
  )

  yield* Console.log(
    [
      "",
      `done in ${seconds(Date.now() - t0)}`,
      `  results    ${written.results}`,
      ...(report !== undefined ? [`  report     ${report}`] : []),
      ...(site !== undefined ? [`  dashboard  ${site}`, `             or serve it: npx astro preview --root site`] : [])
    ].join("\n")
  )
})

const start = Command.make("start", {}, () =>
  main.pipe(
    Effect.provide(CliLive),
    Effect.catchAll((e) =>
      Effect.zipRight(
        Console.error(e.message),
        Effect.sync(() => {
          process.exitCode = 1
        })
      )
    )
  )
).pipe(Command.withDescription("run the default scenario, write its report and build the dashboard (no options)"))

runCliMain(Command.run(start, { name: "start", version: "0.1.0" })(process.argv))

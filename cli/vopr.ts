/**
 * npm run vopr -- [--seed N] [--runs M] [--workers W] [--profile short|long] [--verbose] [--mix]
 * Runs the deterministic consensus simulator for seeds N … N + M − 1 on all cores (worker
 * threads when M > 1) and prints every failing seed with its fault mix and the checker's words,
 * then runs per minute. Every failing seed is printed with the command that replays it exactly
 * (`npm run vopr -- --seed <it> --runs 1 --profile <profile> --verbose`); --mix prints the fault mix the seeds cover.
 * Exit code 1 when any run failed.
 */
import * as os from "node:os"
import { Command, Options } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { faultMix, formatMix } from "../sim/vopr/mix.ts"
import { replayCommand, runMany, type RunSummary } from "../sim/vopr/pool.ts"

const options = {
  seed: Options.integer("seed").pipe(Options.withDefault(1), Options.withDescription("first seed")),
  runs: Options.integer("runs").pipe(Options.withDefault(1), Options.withDescription("number of seeded runs")),
  workers: Options.integer("workers").pipe(Options.withDefault(os.availableParallelism()), Options.withDescription("worker threads (default: all cores)")),
  profile: Options.choice("profile", ["short", "long"]).pipe(Options.withDefault("long"), Options.withDescription("short: faults heal within 1.5–3.5 s (CI); long: within 3–8 s")),
  verbose: Options.boolean("verbose").pipe(Options.withDescription("print every run, not only failures")),
  mix: Options.boolean("mix").pipe(Options.withDescription("print the fault mix the seeds cover (from their drawn configurations)"))
}

const line = (r: RunSummary): string =>
  `seed ${r.seed} ${r.ok ? "ok  " : "FAIL"} views ${r.views_max} heights ${r.height_max} evidence ${r.evidence} events ${r.events} sim ${r.sim_ms} ms · ${r.description}`

const vopr = Command.make("vopr", options, (a) =>
  Effect.gen(function* () {
    const started_ms = Date.now()
    const failed: RunSummary[] = []
    let done = 0
    yield* Effect.promise(() =>
      runMany(a.seed, a.runs, a.workers, a.profile, (r) => {
        done++
        if (!r.ok) failed.push(r)
        if (a.verbose || !r.ok) {
          console.log(line(r))
          for (const f of r.failures) console.log(`    ${f}`)
          if (!r.ok) console.log(`    replay: ${replayCommand(r.seed, a.profile)}`)
        }
      })
    )
    const elapsed_ms = Math.max(1, Date.now() - started_ms)
    yield* Console.log(
      `${done} runs (seeds ${a.seed}…${a.seed + a.runs - 1}, profile ${a.profile}, ${Math.min(a.workers, a.runs)} workers): ${failed.length} failed · ${elapsed_ms} ms · ${Math.round((done * 60_000) / elapsed_ms)} runs/minute`
    )
    if (a.mix) yield* Console.log(`fault mix of seeds ${a.seed}…${a.seed + a.runs - 1} (runs with each):\n${formatMix(faultMix(a.seed, a.runs, a.profile))}`)
    if (failed.length > 0) {
      yield* Console.log(`failing seeds: ${failed.map((r) => r.seed).join(" ")}`)
      for (const r of failed) yield* Console.log(`replay: ${replayCommand(r.seed, a.profile)}`)
      process.exitCode = 1
    }
  })
)

Command.run(vopr, { name: "vopr", version: "0.1.0" })(process.argv).pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain)

/**
 * npm run conformance -- <file-or-folder> [...]
 * Prints `ok NAME` or `FAIL NAME: what differed` per vector, then `N passed, N failed`; exit 1 on
 * any failure (or an unreadable path), 2 on a usage error. @effect/cli: --help, one-line errors.
 */
import { Args, Command } from "@effect/cli"
import { Console, Data, Effect } from "effect"
import { runVectors } from "../conformance/runner.ts"
import { runCliMain } from "./main.ts"

class ConformanceFailed extends Data.TaggedError("ConformanceFailed")<{ readonly message: string }> {}

const paths = Args.text({ name: "file-or-folder" }).pipe(Args.atLeast(1), Args.withDescription("conformance vector files or folders of them"))

const conformance = Command.make("conformance", { paths }, (a) =>
  Effect.gen(function* () {
    const results = yield* Effect.try({
      try: () => runVectors(a.paths),
      catch: (e) => new ConformanceFailed({ message: e instanceof Error ? e.message : String(e) })
    })
    for (const r of results) yield* Console.log(r.ok ? `ok ${r.name}` : `FAIL ${r.name}: ${r.detail}`)
    const passed = results.filter((r) => r.ok).length
    yield* Console.log(`${passed} passed, ${results.length - passed} failed`)
    if (passed !== results.length) return yield* Effect.fail(new ConformanceFailed({ message: `${results.length - passed} vector(s) failed` }))
  })
).pipe(Command.withDescription("run conformance vectors through the engine"))

runCliMain(Command.run(conformance, { name: "conformance", version: "0.1.0" })(process.argv))

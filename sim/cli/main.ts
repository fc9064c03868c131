/**
 * How every command line ends: @effect/cli has already printed a usage error (unknown flag, bad
 * value, missing argument), so that exits 2 with nothing more; a tagged error exits 1 (or its own
 * code) with its message on one line of stderr; a defect exits 70 with one line, never a stack
 * trace. Interruption (Ctrl-C) exits 130.
 */
import { ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect } from "effect"

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, " ").trim()

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g
const strip = (tty: boolean) => (v: unknown): unknown => (tty || typeof v !== "string" ? v : v.replace(ANSI, ""))

/** the console with colour codes removed from what goes to a pipe or file (usage and help text included) */
const plainWhenPiped = (c: Console.Console): Console.Console => ({
  ...c,
  log: (...args: ReadonlyArray<unknown>) => c.log(...args.map(strip(process.stdout.isTTY === true))),
  error: (...args: ReadonlyArray<unknown>) => c.error(...args.map(strip(process.stderr.isTTY === true)))
})

const exitWith = (code: number) =>
  Effect.sync(() => {
    process.exitCode = code
  })

/** a failure the command line maps to an exit code: anything with a message (tagged errors) */
export interface CliFailure {
  readonly message: string
  readonly exit_code?: number
}

export const runCliMain = <E extends CliFailure | ValidationError.ValidationError>(program: Effect.Effect<void, E, NodeContext.NodeContext>): void =>
  Console.consoleWith((c) => Console.withConsole(program, plainWhenPiped(c))).pipe(
    Effect.catchAllCause((cause) => {
      if (Cause.isInterruptedOnly(cause)) return exitWith(130)
      const failure = Cause.failureOption(cause)
      if (failure._tag === "Some") {
        const e = failure.value
        if (ValidationError.isValidationError(e)) return exitWith(2)
        return Effect.zipRight(Console.error(oneLine(e.message)), exitWith(e.exit_code ?? 1))
      }
      const defect = Cause.squash(cause)
      return Effect.zipRight(Console.error(`internal error: ${oneLine(defect instanceof Error ? defect.message : String(defect))}`), exitWith(70))
    }),
    Effect.provide(NodeContext.layer),
    NodeRuntime.runMain({ disableErrorReporting: true })
  )

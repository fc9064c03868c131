/**
 * What the operator tools print, shared by the run-folder commands (ops.ts) and the node commands
 * (ops-node.ts): JSON with bigints as numbers (strings beyond 2^53), written to stdout or to
 * `--output <file>` (parent folders created, written through a temporary file and renamed), and
 * the sybil scan's report (the scan as JSON, then its precision and recall on stderr when ground
 * truth is known) with the scan's options, so both commands take the same names and defaults; and
 * how both command lines end (`runOpsMain`).
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { Options, ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Data, Effect, Option } from "effect"
import { scoreLines, type SybilScan } from "../sim/ops/sybil-scan.ts"

export class OutputUnwritable extends Data.TaggedError("OutputUnwritable")<{ readonly message: string }> {}

export const opsJson = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? (x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString()) : x), 2) + "\n"

export const output = Options.file("output").pipe(Options.optional, Options.withDescription("write here (parent folders created) instead of stdout"))

/** the text on stdout, or in the file (then "wrote <file>" on stderr) */
export const emit = (text: string, out: Option.Option<string>): Effect.Effect<void, OutputUnwritable> =>
  Option.match(out, {
    onNone: () => Console.log(text.trimEnd()),
    onSome: (path) =>
      Effect.try({
        try: () => {
          mkdirSync(dirname(path), { recursive: true })
          writeFileSync(`${path}.tmp`, text)
          renameSync(`${path}.tmp`, path)
        },
        catch: (e) => new OutputUnwritable({ message: `OutputUnwritable: cannot write ${path}: ${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 300)}` })
      }).pipe(Effect.zipRight(Console.error(`wrote ${path}`)))
  })

/** the sybil scan's options beyond where its players and metadata come from (simulations.md §7.3) */
export const sybilScanOptions = {
  output,
  bucket_seconds: Options.integer("bucket-seconds").pipe(Options.withDefault(3_600), Options.withDescription("creation-time bucket; 0 disables time clustering")),
  min_cluster_size: Options.integer("min-cluster-size").pipe(Options.withDefault(3), Options.withDescription("smallest cluster")),
  include_all: Options.boolean("include-all").pipe(Options.withDescription("list every player, not only flagged ones"))
}

/** the sybil scan's report: the scan as JSON (stdout or --output), then "≥k flag(s): precision …, recall …" on stderr when there is ground truth */
export const printSybilScan = (scan: SybilScan, sybils: ReadonlySet<string>, out: Option.Option<string>): Effect.Effect<void, OutputUnwritable> =>
  Effect.zipRight(emit(opsJson(scan), out), Effect.forEach(scoreLines(scan, sybils), (line) => Console.error(line), { discard: true }))

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, " ").trim()
const exit1 = Effect.sync(() => {
  process.exitCode = 1
})

/**
 * How the ops command lines end, always exit code 1 on failure: a failure's message on one line of
 * stderr; a usage error @effect/cli has already printed (nothing more); a defect (an option's own
 * file check that cannot run, say a path through a regular file) one "Unexpected: …" line.
 */
export const runOpsMain = (program: Effect.Effect<void, unknown, NodeContext.NodeContext>): void =>
  program.pipe(
    Effect.catchAll((e) => Effect.zipRight(ValidationError.isValidationError(e) ? Effect.void : Console.error(oneLine(e instanceof Error ? e.message : String(e))), exit1)),
    Effect.catchAllDefect((d) => Effect.zipRight(Console.error(`Unexpected: ${oneLine(d instanceof Error ? d.message : String(d)).slice(0, 400)}`), exit1)),
    Effect.provide(NodeContext.layer),
    NodeRuntime.runMain({ disableErrorReporting: true })
  )

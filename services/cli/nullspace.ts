/**
 * `npx nullspace verify <session-id> [--api http://127.0.0.1:8080] [--group-key <hex>] [--json]`
 *
 * A player's check of a game session, trusting nothing the node says: fetches the session's
 * verification bundle from a validator's API (GET /session/:id/verification), checks every step's
 * seed, finalization, events proof and execution certificate against the validator set, replays
 * the session from the finalized seeds with the engine and compares it with the events
 * (services/verify/check.ts), and prints each check. Pin the network with --group-key (printed by
 * `npm run chain`); without it the bundle's own identity is used and the output says so.
 * Exit code 0: every check passed; 1: a check failed; 2: no bundle (unreachable API, unknown
 * session, a node that does not certify).
 */
import { Args, Command, Options } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Option } from "effect"
import { NullspaceClient } from "../verify/client.ts"

const verify = Command.make(
  "verify",
  {
    session_id: Args.text({ name: "session-id" }).pipe(Args.withDescription("the session id (decimal)")),
    api: Options.text("api").pipe(Options.withDefault("http://127.0.0.1:8080"), Options.withDescription("a validator's API (npm run chain serves one on 8080)")),
    group_key: Options.text("group-key").pipe(Options.optional, Options.withDescription("the network's BLS group key (hex) to pin")),
    json: Options.boolean("json").pipe(Options.withDescription("print the report as JSON"))
  },
  (o) =>
    Effect.gen(function* () {
      if (!/^[0-9]{1,20}$/.test(o.session_id)) {
        yield* Console.error(`session id must be a decimal u64, got ${JSON.stringify(o.session_id)}`)
        return yield* Effect.sync(() => (process.exitCode = 2))
      }
      const client = new NullspaceClient(o.api, Option.match(o.group_key, { onNone: () => ({}), onSome: (group_key) => ({ group_key }) }))
      const fetched = yield* Effect.either(client.session(BigInt(o.session_id)))
      if (fetched._tag === "Left") {
        const f = fetched.left
        yield* Console.error(f.status === null ? `cannot fetch ${f.url}: ${f.message}` : `${f.url} answered ${f.status}: ${f.message}`)
        return yield* Effect.sync(() => (process.exitCode = 2))
      }
      const report = fetched.right
      if (o.json) yield* Console.log(JSON.stringify(report, null, 2))
      else {
        for (const c of report.checks) yield* Console.log(`${c.ok ? "ok  " : "FAIL"} ${c.step === null ? "session" : `step ${c.step}`} ${c.name}: ${c.detail}`)
        yield* Console.log(
          report.ok
            ? `session ${report.session_id}: every check passed${report.complete ? " (settled)" : " (not settled yet)"}`
            : `session ${report.session_id}: ${report.checks.filter((c) => !c.ok).length} check(s) FAILED`
        )
      }
      if (!report.ok) yield* Effect.sync(() => (process.exitCode = 1))
    })
).pipe(Command.withDescription("verify a game session's outcome from public data"))

const nullspace = Command.make("nullspace").pipe(Command.withDescription("Null/Space player tools"), Command.withSubcommands([verify]))
const cli = Command.run(nullspace, { name: "nullspace", version: "0.1.0" })

cli(process.argv).pipe(
  Effect.catchAll((e) => Effect.zipRight(Console.error(e instanceof Error ? e.message : String(e)), Effect.sync(() => (process.exitCode = 2)))),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: true })
)

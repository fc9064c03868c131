/**
 * `npx tsx services/cli/validator.ts <deal|run> [flags]` (--help lists them):
 *   deal --dirs a,b,c,d                     dealer ceremony: one validator-key.json (0600) per data dir
 *   run  --data-dir a --peers h:p,h:p,…     one validator (peers listed by validator index, own entry included)
 *        [--api-port 8080 --api-host 127.0.0.1]  also serve the API (submit + reads) on this validator
 *        [--leader-ms 1000]                 leader timeout (advance = 2×, retry = 10×)
 * Environment for the API: FANOUT_URL / FANOUT_CHANNEL / FANOUT_ORIGIN (the update fanout between
 * indexers, docs/fanout.md), EXPLORER_DATABASE_URL and EXPLORER_SCHEMA (the explorer in a shared
 * Postgres; unset: none).
 * Logs one JSON line per notable event; SIGINT/SIGTERM closes sockets and logs and exits 0.
 */
import { Command, Options } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Option } from "effect"
import { NodeVerifierLive } from "../../engine/tx/verify-node.ts"
import { ApiMetricsLive } from "../api/metrics.ts"
import { Listening } from "../api/http-server.ts"
import { defaultDevServerConfig, edgeDefaults, ServerConfig } from "../config.ts"
import { ConsoleLogSinkLive } from "../log.ts"
import { dealValidatorKeys } from "../node/validator/keys.ts"
import { Validator, ValidatorCertifiedLive, ValidatorDevChainLive, ValidatorLive, ValidatorSessionVerificationsLive } from "../node/validator/validator-layer.ts"
import type { ValidatorOptions } from "../node/validator/validator.ts"
import { ApiLayer } from "../server.ts"
import { explorerLayer } from "../explorer/live.ts"
import { explorerSettingsFrom } from "../explorer/settings.ts"

const parsePeers = (raw: string): ReadonlyArray<{ host: string; port: number }> =>
  raw.split(",").map((p) => {
    const at = p.lastIndexOf(":")
    const port = Number(p.slice(at + 1))
    if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`--peers: not host:port: ${p}`)
    return { host: p.slice(0, at), port }
  })

const deal = Command.make("deal", { dirs: Options.text("dirs").pipe(Options.withDescription("comma-separated data dirs, one per validator")) }, (o) =>
  Effect.gen(function* () {
    const dirs = o.dirs.split(",").filter((d) => d.length > 0)
    const files = yield* Effect.try(() => dealValidatorKeys(dirs))
    yield* Console.log(JSON.stringify({ msg: "validator.dealt", validators: files.length, quorum: files.length - Math.floor((files.length - 1) / 3), dirs }))
  })
).pipe(Command.withDescription("dealer ceremony: ed25519 vote keys and a t-of-n BLS sharing into each data dir"))

const run = Command.make(
  "run",
  {
    data_dir: Options.directory("data-dir").pipe(Options.withDescription("this validator's data dir (holds validator-key.json)")),
    peers: Options.text("peers").pipe(Options.withDescription("host:port of every validator by index, comma-separated")),
    api_port: Options.integer("api-port").pipe(Options.optional, Options.withDescription("serve the HTTP/WebSocket API on this port")),
    api_host: Options.text("api-host").pipe(Options.withDefault("127.0.0.1"), Options.withDescription("API bind address")),
    allow_origin: Options.text("allow-origin").pipe(Options.repeated, Options.withDescription("a browser origin allowed to call the API (required when --api-host is beyond loopback)")),
    leader_ms: Options.integer("leader-ms").pipe(Options.withDefault(1_000), Options.withDescription("leader timeout in ms"))
  },
  (o) =>
    Effect.gen(function* () {
      const addresses = yield* Effect.try(() => parsePeers(o.peers))
      const options: ValidatorOptions = {
        data_dir: o.data_dir,
        addresses,
        timeouts: { leader_ms: o.leader_ms, advance_ms: 2 * o.leader_ms, retry_ms: 10 * o.leader_ms, fetch_ms: 2 * o.leader_ms },
        log: (e) => console.log(JSON.stringify(e))
      }
      const node = ValidatorLive(options)
      const main = Option.match(o.api_port, {
        onNone: () =>
          Effect.gen(function* () {
            const v = yield* Validator
            yield* Console.log(JSON.stringify({ msg: "validator.started", index: v.keys.index, listen: addresses[v.keys.index] }))
            return yield* Effect.never
          }).pipe(Effect.provide(node)),
        onSome: (port) => {
          // the explorer only with a shared Postgres named (validators keep no embedded copy)
          const db = process.env["EXPLORER_DATABASE_URL"]
          const schema = process.env["EXPLORER_SCHEMA"]
          const explorer = db === undefined || db === "" ? null : explorerSettingsFrom(schema === undefined || schema === "" ? {} : { schema }, process.env)
          return Effect.gen(function* () {
            const v = yield* Validator
            const l = yield* Listening
            yield* Console.log(JSON.stringify({ msg: "validator.started", index: v.keys.index, listen: addresses[v.keys.index], api: l.url }))
            return yield* Effect.never
          }).pipe(
            Effect.provide(
              ApiLayer.pipe(
                Layer.provideMerge(explorerLayer(explorer, null)),
                Layer.provideMerge(Layer.mergeAll(ValidatorDevChainLive, ValidatorCertifiedLive, ValidatorSessionVerificationsLive)),
                Layer.provideMerge(node),
                Layer.provideMerge(
                  Layer.mergeAll(
                    Layer.succeed(ServerConfig, {
                      ...defaultDevServerConfig,
                      ...edgeDefaults(o.api_host, process.env),
                      port,
                      host: o.api_host,
                      allowed_origins: o.allow_origin,
                      data_dir: null,
                      block_interval_ms: 0,
                      log_requests: false,
                      explorer
                    }),
                    ConsoleLogSinkLive,
                    NodeVerifierLive,
                    ApiMetricsLive
                  )
                )
              )
            )
          )
        }
      })
      return yield* main
    })
).pipe(Command.withDescription("run one validator (and optionally the API on it)"))

const validator = Command.make("validator").pipe(Command.withDescription("consensus validator node"), Command.withSubcommands([deal, run]))
const cli = Command.run(validator, { name: "validator", version: "0.1.0" })

cli(process.argv).pipe(
  Effect.catchAll((e) => Effect.zipRight(Console.error(e instanceof Error ? e.message : String(e)), Effect.sync(() => (process.exitCode = 1)))),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: true })
)

/**
 * `npm run ops -- <command>`: operator tools (simulations.md §7) on a run folder (runs/<id>, with
 * node/blocks.log and agents.jsonl) or a node data dir, whose state is rebuilt by replaying its
 * blocks through the engine. Every command answers --help.
 *
 *   sybil-scan         clusters by IP / device / creation hour; precision and recall when the run has ground truth
 *                      (on a running node: `node sybil-scan --node <url> --metadata <file>`, ops-node.ts)
 *   freeroll-snapshot  phase-2 eligibility (JSON or CSV)
 *   recovery           recovery pool, debt and the vault RetireWorstVaultDebt would take next
 *   session-dump       one session and its player
 *   tournaments        the §7.1 schedule at the chain's time and the scheduler's next actions
 *   twin               continue a run folder or node data dir (or a state snapshot: --snapshot) with a scenario's agents (digital twin)
 *   snapshot           write the state snapshot of a run folder's or node data dir's chain (--out <file>)
 */
import { readFileSync } from "node:fs"
import { Command, Options } from "@effect/cli"
import { Console, Data, Effect, Option } from "effect"
import { house } from "../engine/casino/house.ts"
import { players } from "../engine/casino/player.ts"
import { clockAt } from "../engine/chain/clock.ts"
import { SnapshotInvalid } from "../engine/chain/snapshot.ts"
import { worstVault } from "../engine/economy/vault/recovery.ts"
import { vaults } from "../engine/economy/vault/vault.ts"
import { getSession } from "../engine/games/session.ts"
import { scheduleOf, schedulerActions, slotAt } from "../sim/agents/operators/tournament-scheduler.ts"
import { freerollSnapshot, snapshotCsv, snapshotJson } from "../sim/ops/freeroll-snapshot.ts"
import { loadRunState } from "../sim/ops/run-state.ts"
import { CliLive } from "../sim/cli/paths.ts"
import { dayProgress } from "../sim/cli/progress.ts"
import { BLOCKS_FILE } from "../sim/runner/block-log.ts"
import { nodeDir } from "../sim/runner/run-files.ts"
import { runScenario } from "../sim/runner/run-scenario.ts"
import { chainFromBlockLog, chainFromSnapshot, writeSnapshotFile } from "../sim/runner/twin.ts"
import { CATALOG } from "../scenarios/index.ts"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { parseMetadata, sybilScan } from "../sim/ops/sybil-scan.ts"
import { nodeOps, sybilScore } from "./ops-node.ts"
import { emit, opsJson as json, output, printSybilScan, runOpsMain, sybilScanOptions } from "./ops-output.ts"

/** a --metadata file that cannot be read or parsed */
export class MetadataInvalid extends Data.TaggedError("MetadataInvalid")<{ readonly message: string }> {}

const run = Options.directory("run").pipe(Options.withDescription("run folder (runs/<id>) or node data dir holding blocks.log"))
const at = (dir: string) => {
  const s = loadRunState(dir)
  return { s, at: { view: Number(s.chain.view), height: Number(s.chain.height), generated_at_unix: Number(clockAt(s.chain.view).now_s) } }
}

const sybil = Command.make(
  "sybil-scan",
  {
    run,
    ...sybilScanOptions,
    metadata: Options.file("metadata").pipe(Options.optional, Options.withDescription("off-chain metadata (JSON array or JSONL); default the run's agents.jsonl"))
  },
  (o) =>
    Effect.gen(function* () {
      const { s, at: when } = at(o.run)
      const metadata = yield* Option.match(o.metadata, {
        onNone: () => Effect.succeed(s.metadata),
        onSome: (f) =>
          Effect.try({
            try: () => parseMetadata(readFileSync(f, "utf8")),
            catch: (e) => new MetadataInvalid({ message: `MetadataInvalid: metadata ${f}: ${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 300)}` })
          })
      })
      const scan = sybilScan(s.chain.store, when, metadata, { bucket_seconds: o.bucket_seconds, min_cluster_size: o.min_cluster_size, include_all: o.include_all })
      yield* printSybilScan(scan, s.sybils, o.output)
    })
).pipe(Command.withDescription("sybil scan (simulations.md §7.3)"))

const snapshot = Command.make(
  "freeroll-snapshot",
  {
    run,
    output,
    format: Options.choice("format", ["json", "csv"]).pipe(Options.withDefault("json" as const), Options.withDescription("output format")),
    min_credits: Options.integer("min-credits").pipe(Options.withDefault(0), Options.withDescription("leave out players below this many credits")),
    unlocked_only: Options.boolean("unlocked-only").pipe(Options.withDescription("count unlocked credits only"))
  },
  (o) =>
    Effect.gen(function* () {
      const { s, at: when } = at(o.run)
      const snap = freerollSnapshot(s.chain.store, { view: s.chain.view, height: s.chain.height, generated_at_unix: when.generated_at_unix }, { unlocked_only: o.unlocked_only, min_credits: BigInt(o.min_credits) })
      yield* emit(o.format === "csv" ? snapshotCsv(snap) : snapshotJson(snap), o.output)
    })
).pipe(Command.withDescription("freeroll snapshot exporter: phase-2 bonus eligibility (simulations.md §7.2)"))

const recovery = Command.make("recovery", { run, output }, (o) =>
  Effect.gen(function* () {
    const { s } = at(o.run)
    const h = house.get(s.chain.store)
    const now_s = clockAt(s.chain.view).now_s
    const next = worstVault(s.chain.store, now_s)
    yield* emit(
      json({
        height: s.chain.height,
        recovery_pool_vusdt: h.recovery_pool_vusdt,
        recovery_pool_retired: h.recovery_pool_retired,
        total_vusdt_debt: h.total_vusdt_debt,
        vaults_with_debt: [...vaults.values(s.chain.store)].filter((v) => v.debt_vusdt > 0n).length,
        next_retirement_target: next,
        next_retirement_vault: next === null ? null : vaults.get(s.chain.store, next)
      }),
      o.output
    )
  })
).pipe(Command.withDescription("recovery pool status and the vault RetireWorstVaultDebt takes next (simulations.md §7.4; submitting needs a node)"))

const session = Command.make(
  "session-dump",
  {
    run,
    output,
    session_id: Options.integer("session-id").pipe(Options.optional, Options.withDescription("session id")),
    player: Options.text("player").pipe(Options.optional, Options.withDescription("player public key (hex, optional 0x)"))
  },
  (o) =>
    Effect.gen(function* () {
      const { s } = at(o.run)
      const sess = Option.flatMap(o.session_id, (id) => Option.fromNullable(getSession(s.chain, BigInt(id))))
      const key = Option.orElse(
        Option.map(o.player, (p) => p.toLowerCase().replace(/^0x/, "")),
        () => Option.map(sess, (x) => x.player)
      )
      if (Option.isNone(o.session_id) && Option.isNone(o.player)) return yield* Effect.fail(new Error("give --session-id or --player"))
      const session = Option.getOrNull(sess)
      yield* emit(
        json({
          session_id: Option.getOrNull(o.session_id),
          player_public_key: Option.getOrNull(key),
          session:
            session === null
              ? null
              : { id: session.id, player: session.player, game_type: session.game_type, bet: session.bet, move_count: session.move_count, created_view: session.created_view, is_complete: session.is_complete },
          player: Option.getOrNull(Option.flatMap(key, (k) => Option.fromNullable(players.get(s.chain.store, k))))
        }),
        o.output
      )
    })
).pipe(Command.withDescription("session dump (simulations.md §7.5)"))

const tournamentsCmd = Command.make("tournaments", { run, output }, (o) =>
  Effect.gen(function* () {
    const { s } = at(o.run)
    const clock = clockAt(s.chain.view)
    const slot = slotAt(clock.now_s * 1_000n)
    yield* emit(json({ now_ms: clock.now_s * 1_000n, schedule: scheduleOf(slot), next_actions: schedulerActions({ state: s.chain.store, clock }, 1) }), o.output)
  })
).pipe(Command.withDescription("tournament scheduler (simulations.md §7.1): the schedule now and what it would submit"))

/** the chain a twin starts from: a state snapshot file, or a run folder's / node's block log replayed */
const twinStart = (o: { readonly run: Option.Option<string>; readonly snapshot: Option.Option<string> }) =>
  Effect.try({
    try: () => {
      if (Option.isSome(o.snapshot)) {
        if (Option.isSome(o.run)) throw new Error("give --run or --snapshot, not both")
        return { chain: chainFromSnapshot(o.snapshot.value), from: `snapshot ${o.snapshot.value}` }
      }
      if (Option.isNone(o.run)) throw new Error("give --run <dir> (a block log to replay) or --snapshot <file>")
      const node = existsSync(join(o.run.value, BLOCKS_FILE)) ? o.run.value : nodeDir(o.run.value)
      return { chain: chainFromBlockLog(node), from: o.run.value }
    },
    catch: (e) =>
      e instanceof SnapshotInvalid
        ? new Error(`state snapshot refused (${e.reason}, code ${e.code}): ${e.message}; nothing was run`)
        : new Error(e instanceof Error ? e.message : String(e))
  })

const twin = Command.make(
  "twin",
  {
    run: run.pipe(Options.optional),
    snapshot: Options.file("snapshot").pipe(Options.optional, Options.withDescription("start from this state snapshot (npm run ops -- snapshot) instead of replaying --run")),
    scenario: Options.text("scenario").pipe(Options.withDescription("the scenario whose agents continue the chain")),
    days: Options.integer("days").pipe(Options.withDescription("days to simulate after the log's last day")),
    param: Options.keyValueMap("param").pipe(Options.optional, Options.withDescription("scenario parameter key=value (repeatable)"))
  },
  (o) =>
    Effect.gen(function* () {
      const { chain, from } = yield* twinStart(o)
      const height = chain.height
      const overrides = { ...Object.fromEntries(Option.getOrElse(o.param, () => new Map<string, string>())), days: String(o.days) }
      const { run: done, written } = yield* runScenario(CATALOG, o.scenario, overrides, { start: { chain }, progress: dayProgress(`twin ${o.scenario}`) }).pipe(
        Effect.provide(CliLive)
      )
      yield* Console.log(`twin of ${from} (height ${height}) continued ${o.days} day(s) from day ${done.result.first_day}: ${written.dir}`)
    })
).pipe(Command.withDescription("digital twin: replay a run folder's or node's block log (or restore a state snapshot), then continue with a scenario's agents"))

const stateSnapshot = Command.make(
  "snapshot",
  { run, out: Options.file("out").pipe(Options.withDescription("the snapshot file to write (parent folders created)")) },
  (o) =>
    Effect.gen(function* () {
      const node = existsSync(join(o.run, BLOCKS_FILE)) ? o.run : nodeDir(o.run)
      const chain = yield* Effect.try({ try: () => chainFromBlockLog(node), catch: (e) => new Error(e instanceof Error ? e.message : String(e)) })
      const bytes = yield* Effect.try({ try: () => writeSnapshotFile(o.out, chain), catch: (e) => new Error(e instanceof Error ? e.message : String(e)) })
      yield* Console.log(`state snapshot of ${o.run} at height ${chain.height} (view ${chain.view}, root ${chain.stateRoot()}): ${o.out} (${bytes} bytes)`)
    })
).pipe(Command.withDescription("write the state snapshot of a run folder's or node's chain (its block log replayed), for `twin --snapshot`"))

const ops = Command.make("ops").pipe(
  Command.withDescription("operator tools on a run folder or node data dir"),
  Command.withSubcommands([sybil, snapshot, recovery, session, tournamentsCmd, twin, stateSnapshot, nodeOps, sybilScore])
)

const cli = Command.run(ops, { name: "ops", version: "0.1.0" })

runOpsMain(cli(process.argv))

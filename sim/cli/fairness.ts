/**
 * npm run fairness [-- --rounds N --side-rounds N --super-rounds N --chunk N --game G[,G] --bet TYPE
 *                     --rules RULES --super-only --main-only --workers N --seed TEXT --db PATH --checkpoints DIR
 *                     --estimate N]
 * Measures every bet of the fairness catalogue (sim/fairness/catalog.ts) by Monte Carlo through the
 * engine (super-mode rows through the session executor), on one worker thread per core, prints a
 * table and writes the rows to runs/fairness/fairness.duckdb. Every finished chunk is checkpointed
 * (default: a `checkpoints` folder next to the database): an interrupted run (Ctrl-C) rerun with the
 * same flags resumes where it stopped. Progress with the time left goes to stderr (one line
 * rewritten in a terminal, a line every 10 s otherwise). Exit 1 when a bet is outside its tolerance.
 * `--estimate N` plays N rounds of every selected bet and projects the full run (fairness/estimate.ts).
 */
import { availableParallelism, loadavg } from "node:os"
import { dirname, join } from "node:path"
import { Command, Options } from "@effect/cli"
import { Console, Data, Effect, Option } from "effect"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import { DEFAULT_CHUNK_ROUNDS, DEFAULT_ROUNDS_MAIN, DEFAULT_ROUNDS_SIDE, DEFAULT_ROUNDS_SUPER } from "../fairness/budget.ts"
import type { FairnessRow, Progress } from "../fairness/harness.ts"
import type { FairnessBet } from "../fairness/types.ts"
import { FAIRNESS_DB_PATH, writeFairnessRows } from "../fairness/sink.ts"
import { runCliMain } from "./main.ts"

class InvalidFairnessOptions extends Data.TaggedError("InvalidFairnessOptions")<{ readonly message: string }> {
  get exit_code(): number {
    return 2
  }
}
class FairnessRunFailed extends Data.TaggedError("FairnessRunFailed")<{ readonly message: string }> {}
class FairnessOutOfTolerance extends Data.TaggedError("FairnessOutOfTolerance")<{ readonly message: string }> {}

const positive = (name: string, fallback: number) =>
  Options.integer(name).pipe(
    Options.withDefault(fallback),
    Options.filterMap((n) => (n >= 1 ? Option.some(n) : Option.none()), `--${name} must be a positive integer`)
  )

const options = {
  rounds: positive("rounds", DEFAULT_ROUNDS_MAIN).pipe(Options.withDescription("rounds of each main bet")),
  side_rounds: Options.integer("side-rounds").pipe(Options.optional, Options.withDescription(`rounds of each side bet (default ${DEFAULT_ROUNDS_SIDE}, at most --rounds)`)),
  super_rounds: Options.integer("super-rounds").pipe(Options.optional, Options.withDescription(`rounds of each super-mode row (default ${DEFAULT_ROUNDS_SUPER}, at most --rounds)`)),
  chunk: positive("chunk", DEFAULT_CHUNK_ROUNDS).pipe(Options.withDescription("rounds per chunk (the unit of work, of determinism and of checkpoints)")),
  game: Options.text("game").pipe(Options.optional, Options.withDescription("only these games (comma-separated)")),
  bet: Options.text("bet").pipe(Options.optional, Options.withDescription("only this bet type")),
  rules: Options.text("rules").pipe(Options.optional, Options.withDescription("only these table rules")),
  super_only: Options.boolean("super-only").pipe(Options.withDescription("only the super-mode rows")),
  main_only: Options.boolean("main-only").pipe(Options.withDescription("only main bets and their super-mode rows")),
  workers: positive("workers", availableParallelism()).pipe(Options.withDescription("worker threads (default: one per core)")),
  seed: Options.text("seed").pipe(Options.withDefault("default"), Options.withDescription("seed (any text)")),
  db: Options.text("db").pipe(Options.withDefault(FAIRNESS_DB_PATH), Options.withDescription("DuckDB file the rows are written to")),
  checkpoints: Options.text("checkpoints").pipe(Options.optional, Options.withDescription("checkpoint folder (default: checkpoints/ next to --db)")),
  estimate: Options.integer("estimate").pipe(
    Options.optional,
    Options.withDescription("play only N rounds of each selected bet on this thread and project the full run's CPU time and its time on --workers (nothing written)")
  )
}

const positiveOr = (name: string, v: Option.Option<number>, fallback: number): Effect.Effect<number, InvalidFairnessOptions> =>
  Option.match(v, {
    onNone: () => Effect.succeed(fallback),
    onSome: (n) => (n >= 1 ? Effect.succeed(n) : Effect.fail(new InvalidFairnessOptions({ message: `--${name} must be a positive integer (got ${n})` })))
  })

const ESTIMATE_ROWS_SHOWN = 12

const pct = (x: number, digits = 3): string => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : "n/a")
const pp = (x: number): string => (Number.isFinite(x) ? (x * 100).toFixed(3) : "n/a")

export const formatRows = (rows: ReadonlyArray<FairnessRow>): string => {
  const head = ["game", "bet", "rules", "super", "theory", "measured", "Δ pp", "σ pp", "rounds", "ok"]
  const body = rows.map((r) => [
    r.game,
    r.bet_type,
    r.rules,
    r.super_mode ? "yes" : "no",
    pct(r.theoretical_rtp),
    pct(r.measured_rtp),
    pp(r.measured_rtp - r.theoretical_rtp),
    pp(r.stderr),
    r.rounds.toLocaleString("en-US"),
    r.within_tolerance ? "ok" : "FAIL"
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n")
}

const duration = (s: number): string => {
  if (!Number.isFinite(s)) return "?"
  const t = Math.max(0, Math.round(s))
  const h = Math.floor(t / 3600)
  const m = Math.floor((t % 3600) / 60)
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m${String(t % 60).padStart(2, "0")}s`
}

/**
 * A progress reporter. Time left: the harness's per-bet estimate (each bet's measured time per
 * round); until every kind of bet has a measurement, the rounds played so far in this run
 * (resumed chunks excluded), which undercounts when the slow super rows are still ahead.
 */
const progressReporter = (tty: boolean, write: (s: string) => void) => {
  const started_ms = Date.now()
  let first: Progress | undefined
  let last_ms = 0
  return (p: Progress): void => {
    first ??= p
    const now_ms = Date.now()
    const finished = p.chunks_done === p.chunks_total
    if (!finished && now_ms - last_ms < (tty ? 500 : 10_000)) return
    last_ms = now_ms
    const elapsed_s = (now_ms - started_ms) / 1000
    const played = p.rounds_done - first.rounds_done
    const left_s = Number.isFinite(p.seconds_left) ? p.seconds_left : played > 0 ? ((p.rounds_total - p.rounds_done) * elapsed_s) / played : Number.NaN
    const text =
      `fairness: ${p.chunks_done}/${p.chunks_total} chunks` +
      (p.chunks_resumed > 0 ? ` (${p.chunks_resumed} from checkpoints)` : "") +
      `, ${((100 * p.rounds_done) / Math.max(p.rounds_total, 1)).toFixed(1)} % of rounds, ${duration(elapsed_s)} elapsed` +
      (finished ? "" : `, ~${duration(left_s)} left`)
    write(tty ? `\r${text}\x1b[K${finished ? "\n" : ""}` : `${text}\n`)
  }
}

const fairness = Command.make("fairness", options, (a) =>
  Effect.gen(function* () {
    const rounds_side = yield* positiveOr("side-rounds", a.side_rounds, Math.min(DEFAULT_ROUNDS_SIDE, a.rounds))
    const rounds_super = yield* positiveOr("super-rounds", a.super_rounds, Math.min(DEFAULT_ROUNDS_SUPER, a.rounds))
    const games = Option.map(a.game, (g) => g.split(",").filter((x) => x.length > 0))
    const seed_hex = toHex(sha256(utf8(`nullspace/fairness/${a.seed}`)))
    const checkpoint_dir = Option.getOrElse(a.checkpoints, () => join(dirname(a.db), "checkpoints"))
    const report = progressReporter(process.stderr.isTTY === true, (s) => process.stderr.write(s))
    const started_ms = Date.now()
    const select = (b: FairnessBet): boolean =>
      Option.match(games, { onNone: () => true, onSome: (g) => g.includes(b.game) }) &&
      Option.match(a.bet, { onNone: () => true, onSome: (t) => b.bet_type === t }) &&
      Option.match(a.rules, { onNone: () => true, onSome: (r) => b.rules === r }) &&
      (!a.super_only || b.super_mode) &&
      (!a.main_only || b.main)
    if (Option.isSome(a.estimate)) {
      const sample = yield* positiveOr("estimate", a.estimate, 1)
      const { estimateRun } = yield* Effect.promise(() => import("../fairness/estimate.ts"))
      const e = estimateRun({ rounds_main: a.rounds, rounds_side, rounds_super, seed_hex, select, workers: a.workers }, sample)
      if (e.bets.length === 0) return yield* Effect.fail(new InvalidFairnessOptions({ message: "no bet matches the selection" }))
      const top = [...e.bets].sort((x, y) => y.cpu_s - x.cpu_s).slice(0, ESTIMATE_ROWS_SHOWN)
      yield* Console.log(
        [
          `estimate from ${sample.toLocaleString("en-US")} rounds per bet (CPU time of this thread, load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}):`,
          ...top.map((b) => `  ${b.cpu_s.toFixed(0).padStart(7)} CPU-s  ${(1 / b.cpu_s_per_round).toFixed(0).padStart(8)} rounds/CPU-s  ${b.rounds.toLocaleString("en-US").padStart(11)} rounds  ${b.key}`),
          `  … ${e.bets.length} bets; super-mode rows ${e.cpu_s_super.toFixed(0)} CPU-s, the rest ${(e.cpu_s - e.cpu_s_super).toFixed(0)} CPU-s`,
          `full run: ${e.cpu_s.toFixed(0)} CPU-s ≈ ${duration(e.wall_s)} on ${e.workers} worker(s) with the cores to themselves`
        ].join("\n")
      )
      return
    }
    // the harness (and with it the catalogue's exact figures) loads only when a run starts
    const { FairnessInterrupted, runFairness } = yield* Effect.promise(() => import("../fairness/harness.ts"))
    const rows = yield* Effect.tryPromise({
      try: (signal) =>
        runFairness({
          rounds_main: a.rounds,
          rounds_side,
          rounds_super,
          chunk_rounds: a.chunk,
          workers: a.workers,
          seed_hex,
          measured_at: new Date().toISOString(),
          checkpoint_dir,
          signal,
          select,
          onProgress: report
        }),
      catch: (e) =>
        new FairnessRunFailed({
          message: e instanceof FairnessInterrupted ? `${e.message}; rerun the same command to resume (checkpoints in ${checkpoint_dir})` : e instanceof Error ? e.message : String(e)
        })
    }).pipe(Effect.onInterrupt(() => Console.error(`\ninterrupted: finished chunks are kept in ${checkpoint_dir}; rerun the same command to resume`)))
    if (rows.length === 0) return yield* Effect.fail(new InvalidFairnessOptions({ message: "no bet matches the selection" }))
    yield* Console.log(formatRows(rows))
    yield* Effect.tryPromise({ try: () => writeFairnessRows(a.db, rows), catch: (e) => new FairnessRunFailed({ message: `writing ${a.db}: ${String(e)}` }) })
    const failed = rows.filter((r) => !r.within_tolerance).length
    yield* Console.log(`${rows.length - failed} passed, ${failed} failed in ${duration((Date.now() - started_ms) / 1000)} (rows written to ${a.db})`)
    if (failed > 0) return yield* Effect.fail(new FairnessOutOfTolerance({ message: `${failed} bet(s) outside their tolerance` }))
  })
)

runCliMain(Command.run(fairness, { name: "fairness", version: "0.1.0" })(process.argv))

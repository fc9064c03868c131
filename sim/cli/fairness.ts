/**
 * npm run fairness [-- --rounds N --side-rounds N --game G[,G] --bet TYPE --rules RULES --super-only --workers N --seed TEXT --db PATH]
 * Measures every bet of the fairness catalogue (sim/fairness/catalog.ts) by Monte Carlo through the
 * engine's game rules, prints a table and writes the rows to runs/fairness/fairness.duckdb.
 * Exit 1 when a bet's measured RTP is outside its tolerance.
 */
import { availableParallelism } from "node:os"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import { DEFAULT_CHUNK_ROUNDS, DEFAULT_ROUNDS_MAIN, DEFAULT_ROUNDS_SIDE, runFairness, type FairnessRow } from "../fairness/harness.ts"
import { FAIRNESS_DB_PATH, writeFairnessRows } from "../fairness/sink.ts"

const USAGE =
  "usage: npm run fairness -- [--rounds N] [--side-rounds N] [--chunk N] [--game G[,G...]] [--bet TYPE] [--rules RULES] [--super-only] [--workers N] [--seed TEXT] [--db PATH]"

const args = process.argv.slice(2)
const flags = new Map<string, string>()
for (let i = 0; i < args.length; i++) {
  const a = args[i]!
  if (!a.startsWith("--")) {
    console.error(`${USAGE}\nunexpected argument ${a}`)
    process.exit(2)
  }
  const name = a.slice(2)
  if (name === "super-only" || name === "help") flags.set(name, "true")
  else {
    const v = args[++i]
    if (v === undefined) {
      console.error(`${USAGE}\n--${name} needs a value`)
      process.exit(2)
    }
    flags.set(name, v)
  }
}
if (flags.has("help")) {
  console.log(USAGE)
  process.exit(0)
}
const count = (name: string, fallback: number): number => {
  const v = flags.get(name)
  if (v === undefined) return fallback
  const n = Number(v.replaceAll("_", ""))
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer`)
    process.exit(2)
  }
  return n
}

const rounds_main = count("rounds", DEFAULT_ROUNDS_MAIN)
const rounds_side = count("side-rounds", flags.has("rounds") ? Math.min(DEFAULT_ROUNDS_SIDE, rounds_main) : DEFAULT_ROUNDS_SIDE)
const games = flags.get("game")?.split(",").filter((g) => g.length > 0)
const betType = flags.get("bet")
const rules = flags.get("rules")
const superOnly = flags.has("super-only")
const db = flags.get("db") ?? FAIRNESS_DB_PATH
const seed_hex = toHex(sha256(utf8(`nullspace/fairness/${flags.get("seed") ?? "default"}`)))

const pct = (x: number, digits = 3): string => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : "n/a")
const pp = (x: number): string => (Number.isFinite(x) ? (x * 100).toFixed(3) : "n/a")

const print = (rows: ReadonlyArray<FairnessRow>): void => {
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
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: ReadonlyArray<string>): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")
  console.log(line(head))
  console.log(widths.map((w) => "-".repeat(w)).join("  "))
  for (const row of body) console.log(line(row))
}

const started_ms = Date.now()
let lastReport_ms = 0
const rows = await runFairness({
  rounds_main,
  rounds_side,
  chunk_rounds: count("chunk", DEFAULT_CHUNK_ROUNDS),
  workers: count("workers", availableParallelism()),
  seed_hex,
  measured_at: new Date().toISOString(),
  select: (b) =>
    (games === undefined || games.includes(b.game)) && (betType === undefined || b.bet_type === betType) &&
    (rules === undefined || b.rules === rules) &&
    (!superOnly || b.super_mode),
  onProgress: (done, total) => {
    const now_ms = Date.now()
    if (now_ms - lastReport_ms > 5_000 || done === total) {
      lastReport_ms = now_ms
      process.stderr.write(`fairness: ${done}/${total} chunks, ${((now_ms - started_ms) / 1000).toFixed(0)} s\n`)
    }
  }
})
if (rows.length === 0) {
  console.error("no bet matches the selection")
  process.exit(2)
}
print(rows)
await writeFairnessRows(db, rows)
const failed = rows.filter((r) => !r.within_tolerance).length
console.log(`${rows.length - failed} passed, ${failed} failed (rows written to ${db})`)
process.exit(failed === 0 ? 0 : 1)

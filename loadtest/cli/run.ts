/**
 * npm run loadtest -- [--script loadtest/scripts/roulette.js] [--vus N] [--duration 10s | --iterations N]
 *                     [--start-service] [--journeys N] [--rounds R] [-e KEY=VALUE ...] [--no-db]
 *
 * Runs a k6 script on this repository's k6-compatible runtime. Unless -e CORPUS=… is given, a fresh
 * corpus of the kind the script plays (scripts-dir.ts SCRIPT_CORPUS) with `--journeys` pre-signed
 * player journeys (default 500) is signed by the engine into a temporary file first and passed
 * as CORPUS (loadtest/corpus.ts). --start-service starts `npm run serve` (in memory, free loopback
 * port, the corpus's admin key in --admin-keys) for the run and passes its URL as BASE_URL. Prints k6's end-of-test summary,
 * appends a row to <runs>/loadtest/loadtest.duckdb (runs = NULLSPACE_RUNS_DIR or runs/), and
 * exits like k6: 0, 99 when a threshold failed, 104 for invalid options, 107 for script errors.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve } from "node:path"
import { parseArgs } from "node:util"
import { Schema } from "effect"
import { buildCorpus, Corpus, writeCorpus } from "../corpus.ts"
import { corpusKindOf, SCRIPTS_DIR } from "../scripts-dir.ts"
import { parseDuration_ms } from "../runtime/duration.ts"
import { runTest, EXIT } from "../runtime/runner.ts"
import { appendLoadtestRecord, loadtestRecord } from "../results.ts"
import { REPO_ROOT, startService, type ServiceProcess } from "../service.ts"

const usage = "usage: npm run loadtest -- [--script FILE] [--vus N] [--duration 10s | --iterations N] [--start-service] [--journeys N] [--rounds R] [-e KEY=VALUE] [--no-db]"

const die = (message: string, code: number = EXIT.invalid_config): never => {
  process.stderr.write(`loadtest: ${message}\n${usage}\n`)
  process.exit(code)
}

const { values } = parseArgs({
  options: {
    script: { type: "string", default: join(SCRIPTS_DIR, "roulette.js") },
    journeys: { type: "string", default: "500" },
    rounds: { type: "string", default: "3" },
    vus: { type: "string" },
    duration: { type: "string" },
    iterations: { type: "string" },
    "start-service": { type: "boolean", default: false },
    env: { type: "string", short: "e", multiple: true, default: [] },
    "no-db": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false }
  },
  allowPositionals: false
})

if (values.help) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}

const positiveInt = (flag: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined
  const n = Number(raw)
  return Number.isInteger(n) && n > 0 ? n : die(`${flag} needs a positive integer, got ${raw}`)
}
const duration_ms = values.duration === undefined ? undefined : parseDuration_ms(values.duration)
if (duration_ms instanceof Error) die(`--duration: ${duration_ms.message}`)

const env: Record<string, string> = {}
for (const kv of values.env) {
  const at = kv.indexOf("=")
  if (at <= 0) die(`-e needs KEY=VALUE, got ${kv}`)
  env[kv.slice(0, at)] = kv.slice(at + 1)
}

const script = resolve(values.script)
if (!existsSync(script)) die(`no script at ${script}`)

let corpusDir: string | null = null
/** the admin key of the corpus the run plays (a journeys corpus seeds the AMM in setup) */
let corpusAdminKey: string | null = null
if (env["CORPUS"] === undefined) {
  const kind = corpusKindOf(script)
  if (kind !== null) {
    const journeys = positiveInt("--journeys", values.journeys) ?? 500
    corpusDir = mkdtempSync(join(tmpdir(), "nullspace-corpus-"))
    const file = join(corpusDir, `${kind}.json`)
    const t0 = performance.now()
    const corpus = buildCorpus({ kind, journeys, rounds_per_journey: positiveInt("--rounds", values.rounds) ?? 3 })
    writeCorpus(file, corpus)
    process.stderr.write(`signed a ${kind} corpus of ${journeys} journeys in ${(performance.now() - t0).toFixed(0)} ms -> ${file}\n`)
    env["CORPUS"] = file
    corpusAdminKey = corpus.admin_public_key
  }
} else {
  // a relative CORPUS is relative to the script, as k6's open() reads it
  const given = Schema.decodeUnknownEither(Corpus)(JSON.parse(readFileSync(resolve(dirname(script), env["CORPUS"]), "utf8")))
  if (given._tag === "Left") die(`CORPUS ${env["CORPUS"]} is not a corpus of format 2: ${given.left.message.slice(0, 300)}`)
  else corpusAdminKey = given.right.admin_public_key
}

let service: ServiceProcess | null = null
const stopService = async () => {
  if (service !== null) await service.stop()
  service = null
  if (corpusDir !== null) rmSync(corpusDir, { recursive: true, force: true })
  corpusDir = null
}
process.on("SIGINT", () => void stopService().then(() => process.exit(130)))
process.on("SIGTERM", () => void stopService().then(() => process.exit(143)))

if (values["start-service"]) {
  service = await startService(corpusAdminKey === null ? {} : { admin_keys: [corpusAdminKey] })
  process.stderr.write(`service started at ${service.base_url} (pid ${service.pid})\n`)
  env["BASE_URL"] ??= service.base_url
}

let exitCode: number = EXIT.ok
try {
  const outcome = await runTest({
    script_path: script,
    overrides: {
      ...(values.vus === undefined ? {} : { vus: positiveInt("--vus", values.vus) }),
      ...(typeof duration_ms === "number" ? { duration_ms } : {}),
      ...(values.iterations === undefined ? {} : { iterations: positiveInt("--iterations", values.iterations) })
    },
    env,
    print_summary: true
  })
  exitCode = outcome.exit_code
  if (outcome.error !== null) process.stderr.write(`loadtest: ${outcome.error}\n`)
  if (outcome.summary !== null) {
    const record = loadtestRecord(outcome, relative(REPO_ROOT, script))
    const perSecond = outcome.duration_ms > 0 ? outcome.iterations_completed / (outcome.duration_ms / 1000) : 0
    process.stdout.write(
      `run ${record.run_id}: ${record.iterations} iterations (${perSecond.toFixed(2)}/s), ${record.http_reqs} http requests, ` +
        `http p95 ${record.http_req_duration_p95_ms?.toFixed(2) ?? "n/a"} ms, thresholds ${record.thresholds_passed ? "passed" : "FAILED"}\n`
    )
    if (!values["no-db"]) {
      const fromEnv = process.env["NULLSPACE_RUNS_DIR"]
      const runsDir = fromEnv !== undefined && fromEnv.trim() !== "" ? resolve(fromEnv) : resolve(REPO_ROOT, "runs")
      const path = await appendLoadtestRecord(runsDir, record, outcome.timeline, outcome.totals)
      process.stdout.write(`summary appended to ${path} (tables loadtest_runs, loadtest_endpoints: ${outcome.totals.length} rows, loadtest_series: ${outcome.timeline.length} rows)\n`)
    }
  }
} finally {
  await stopService()
}
process.exit(exitCode)

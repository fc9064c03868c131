/**
 * The CI load run: every script in loadtest/scripts (the same files real k6 runs) through this
 * repository's runtime, briefly and all at once, against one dev chain started on a free loopback
 * port with the journeys corpus's admin key; then their results go to a temporary DuckDB exactly
 * as `npm run loadtest` writes them (loadtest_runs, loadtest_endpoints, loadtest_series).
 *
 * Latency thresholds may breach on a loaded CI box (exit 99): that is reported, not a failure of
 * this test. Everything else must hold: no failed check, no casino error, every script's own
 * count of done work above zero, every endpoint it exercises answered.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { queryRows, withDuckDb } from "../../sim/sinks/duckdb.ts"
import { buildCorpus, writeCorpus } from "../corpus.ts"
import { appendLoadtestRuns, loadtestDbPath, loadtestRecord } from "../results.ts"
import { EXIT, runTest, type RunOutcome } from "../runtime/runner.ts"
import { corpusKindOf, listScripts } from "../scripts-dir.ts"
import { startService, type ServiceProcess } from "../service.ts"

const dir = mkdtempSync(join(tmpdir(), "loadtest-e2e-"))
let service: ServiceProcess | null = null
const scripts = listScripts()
const corpora = new Map<string, string>()
let admin: string | null = null

beforeAll(async () => {
  const salt = `e2e-${Date.now()}`
  for (const script of scripts) {
    const kind = corpusKindOf(script)
    if (kind === null) throw new Error(`${script}: no corpus kind`)
    const corpus = buildCorpus({ kind, journeys: kind === "journeys" ? 16 : 40, rounds_per_journey: 2, salt: `${salt}-${basename(script)}` })
    if (corpus.admin_public_key !== null) admin = corpus.admin_public_key
    const file = join(dir, `${basename(script, ".js")}.json`)
    writeCorpus(file, corpus)
    corpora.set(script, file)
  }
  const t0 = performance.now()
  service = await startService(admin === null ? {} : { admin_keys: [admin] })
  process.stderr.write(`e2e: corpora signed, service started in ${(performance.now() - t0).toFixed(0)} ms\n`)
}, 150_000)

afterAll(async () => {
  if (service !== null) await service.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** thresholds a loaded machine may breach (latency); any other breach fails the test */
const LATENCY = /^(http_req_duration|update_latency_ms|step_latency_ms|update_delivery_ms|ws_connecting)\b/

const value = (o: RunOutcome, metric: string, key: string): number => o.summary?.metrics[metric]?.values[key] ?? 0

describe("the CI load run: every script, bounded", () => {
  it("runs all four scripts at once against a started dev chain and records them in DuckDB", { timeout: 120_000 }, async () => {
    const base_url = service?.base_url ?? ""
    expect(base_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const env = { BASE_URL: base_url, DURATION_S: "4", VUS: "2", RATE: "1", SEED_PLAYERS: "4", HOLD_S: "2", STEP_TIMEOUT_MS: "8000" }
    const outcomes = await Promise.all(
      scripts.map((script) =>
        runTest({
          script_path: script,
          overrides: {},
          // the explorer's reads are cheap: more of them, so every route is read
          env: { ...env, CORPUS: corpora.get(script) ?? "", ...(basename(script) === "explorer.js" ? { RATE: "16" } : {}) },
          print_summary: false
        }).then((o) => [basename(script, ".js"), o] as const)
      )
    )
    const byName = new Map(outcomes)
    for (const [name, o] of outcomes) {
      expect([EXIT.ok, EXIT.thresholds_failed], `${name}: ${o.error}`).toContain(o.exit_code)
      const breached = (o.evaluation?.results ?? []).filter((r) => !r.ok).map((r) => r.key)
      expect(breached.filter((k) => !LATENCY.test(k)), name).toEqual([])
      expect(value(o, "checks", "fails"), `${name}: failed checks`).toBe(0)
      expect(value(o, "checks", "passes"), name).toBeGreaterThan(0)
      expect(value(o, "http_req_failed", "passes"), `${name}: failed requests`).toBe(0)
      expect(o.timeline.length, name).toBeGreaterThan(0)
    }
    const get = (name: string): RunOutcome => {
      const o = byName.get(name)
      if (o === undefined) throw new Error(`no run of ${name}`)
      return o
    }
    expect(value(get("roulette"), "rounds_completed", "count")).toBeGreaterThan(0)
    expect(value(get("journeys"), "journeys_completed", "count")).toBeGreaterThan(0)
    expect(value(get("journeys"), "casino_errors", "count")).toBe(0)
    expect(value(get("updates"), "update_delivery_ms{stream:all}", "p(95)")).toBeGreaterThan(0)
    expect(value(get("updates"), "update_delivery_ms{stream:account}", "p(95)")).toBeGreaterThan(0)
    // every read route answered at least once
    const reads = new Set(get("explorer").totals.filter((p) => p.metric === "reads" && p.count > 0).map((p) => p.name))
    const routes = ["GET /chain", "GET /account/:pubkey", "GET /player/:pubkey", "GET /session/:id", "GET /state/:table/:key", "GET /seed/:view", "GET /healthz"]
    // npm run serve indexes an embedded explorer: its routes are read too
    routes.push("GET /explorer/blocks", "GET /explorer/blocks/:id", "GET /explorer/tx/:hash", "GET /explorer/account/:pubkey", "GET /explorer/sessions/:id")
    routes.push("GET /explorer/games/:pubkey", "GET /explorer/search")
    for (const route of routes) expect(reads, route).toContain(route)

    // results as `npm run loadtest` appends them
    const runsDir = join(dir, "runs")
    await appendLoadtestRuns(
      runsDir,
      outcomes.map(([name, o]) => ({ record: loadtestRecord(o, `loadtest/scripts/${name}.js`), timeline: o.timeline, totals: o.totals }))
    )
    await withDuckDb(loadtestDbPath(runsDir), async (conn) => {
      const runs = await queryRows(conn, "SELECT script, iterations, checks_failed FROM loadtest_runs ORDER BY script")
      expect(runs.map((r) => r["script"])).toEqual(["explorer", "journeys", "roulette", "updates"].map((n) => `loadtest/scripts/${n}.js`))
      expect(runs.every((r) => r["checks_failed"] === 0n)).toBe(true)
      const submit = await queryRows(
        conn,
        "SELECT script, samples, p95 FROM loadtest_endpoints WHERE metric = 'http_req_duration' AND endpoint = 'POST /submit' ORDER BY script"
      )
      expect(submit.map((r) => r["script"])).toEqual(["journeys", "roulette", "updates"].map((n) => `loadtest/scripts/${n}.js`))
      expect(submit.every((r) => typeof r["samples"] === "bigint" && r["samples"] > 0n && Number(r["p95"]) > 0)).toBe(true)
      // per second: throughput and percentiles of the roulette run over its seconds
      const perSecond = await queryRows(
        conn,
        "SELECT t_s, samples, p95 FROM loadtest_series WHERE script = 'loadtest/scripts/roulette.js' AND metric = 'http_req_duration' AND endpoint = '' ORDER BY t_s"
      )
      expect(perSecond.length).toBeGreaterThanOrEqual(2)
      const delivery = await queryRows(conn, "SELECT DISTINCT endpoint FROM loadtest_series WHERE metric = 'update_delivery_ms' ORDER BY endpoint")
      expect(delivery.map((r) => r["endpoint"])).toEqual(["", "account", "all"])
    })
  })
})

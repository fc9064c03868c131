/**
 * The runtime against a local HTTP + WebSocket server: k6's http, ws, metrics, checks, groups,
 * lifecycle and threshold semantics, observed through the summary a real run produces.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { EXIT, runTest, type RunOutcome } from "../runtime/runner.ts"
import type { CheckSummary, GroupSummary } from "../runtime/summary.ts"
import { startFixtureServer, type FixtureServer } from "./fixture-server.ts"

let server: FixtureServer
let dir: string

beforeAll(async () => {
  server = await startFixtureServer()
  dir = mkdtempSync(join(tmpdir(), "loadtest-runtime-"))
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const run = async (name: string, source: string, overrides = {}): Promise<RunOutcome> => {
  const path = join(dir, `${name}.js`)
  writeFileSync(path, source)
  return runTest({ script_path: path, overrides, env: { BASE: server.base_url, WSU: server.ws_url }, print_summary: false })
}

const allChecks = (g: GroupSummary): CheckSummary[] => [...g.checks, ...g.groups.flatMap(allChecks)]
const rootOf = (o: RunOutcome): GroupSummary => {
  if (o.summary === null) throw new Error(`the run produced no summary: ${o.error}`)
  return o.summary.root_group
}
const failing = (o: RunOutcome) => allChecks(rootOf(o)).filter((c) => c.fails > 0).map((c) => c.name)
const metric = (o: RunOutcome, name: string, key: string) => o.summary?.metrics[name]?.values[key]

describe("k6/http", () => {
  it("requests, responses, bodies, batch, expected statuses and network errors", async () => {
    const before = server.requests()
    const o = await run(
      "http",
      `
import http from 'k6/http'
import { check } from 'k6'
export default function () {
  const B = __ENV.BASE
  const r = http.get(B + '/json')
  check(r, {
    'status 200': (x) => x.status === 200,
    'json()': (x) => x.json().ok === true && Array.isArray(x.json().items),
    'json(selector)': (x) => x.json('items.1') === 2 && x.json('items.#') === 3,
    'headers canonical': (x) => x.headers['Content-Type'] === 'application/json',
    'timings': (x) => x.timings.duration > 0 && x.timings.duration >= x.timings.waiting,
    'arrays of the script realm': (x) => x.json().items instanceof Array,
  })
  const bin = new Uint8Array([0, 1, 254, 255]).buffer
  check(http.post(B + '/echo', bin, { headers: { 'Content-Type': 'application/octet-stream' } }), {
    'ArrayBuffer body sent as bytes': (x) => x.json('hex') === '0001feff' && x.json('content_type') === 'application/octet-stream',
  })
  check(http.post(B + '/echo', { a: '1 2', b: 'x' }), {
    'object body form-encoded': (x) => x.json('content_type') === 'application/x-www-form-urlencoded' && x.json('bytes') === 9,
  })
  check(http.get(B + '/json', { responseType: 'binary' }), { 'binary body is an ArrayBuffer': (x) => x.body instanceof ArrayBuffer && x.body.byteLength > 10 })
  check(http.get(B + '/status/404'), { '404 kept': (x) => x.status === 404 })
  check(http.get(B + '/status/503', { responseCallback: http.expectedStatuses(503) }), { '503 expected': (x) => x.status === 503 })
  const rs = http.batch([B + '/json', ['POST', B + '/echo', 'abc'], { method: 'GET', url: B + '/status/201' }])
  check(rs, { 'batch in order': (x) => x.length === 3 && x[0].status === 200 && x[1].json('bytes') === 3 && x[2].status === 201 })
  const many = http.batch(Array.from({ length: 25 }, (_, i) => B + '/status/' + (200 + i)))
  check(many, { 'batch larger than 20 runs in chunks': (x) => x.length === 25 && x.every((r, i) => r.status === 200 + i) })
  const named = http.batch({ a: B + '/json', b: ['GET', B + '/status/204'] })
  check(named, { 'batch of an object keeps its keys': (x) => x.a.status === 200 && x.b.status === 204 })
  check(http.get('http://127.0.0.1:1/'), { 'refused: status 0, code 1212': (x) => x.status === 0 && x.error_code === 1212 && x.error !== '' })
  check(http.get('http://example.com/'), { 'non-loopback blocked: code 1111': (x) => x.status === 0 && x.error_code === 1111 })
  let threw = false
  try { http.post(B + '/echo', new Uint8Array([1])) } catch (e) { threw = e instanceof Error }
  check(threw, { 'typed array body refused': (t) => t === true })
}
`
    )
    expect(o.error).toBeNull()
    expect(failing(o)).toEqual([])
    expect(allChecks(rootOf(o))).toHaveLength(17)
    // 36 requests reached the server; 2 more failed at connect / were blocked; the typed-array body was refused before sending
    expect(server.requests() - before).toBe(36)
    expect(metric(o, "http_reqs", "count")).toBe(38)
    // failed = the 404 and the two network errors; the expected 503 is not a failure
    expect(metric(o, "http_req_failed", "passes")).toBe(3)
    expect(metric(o, "http_req_failed", "fails")).toBe(35)
    expect(metric(o, "iterations", "count")).toBe(1)
    expect(o.exit_code).toBe(EXIT.ok)
  })
})

describe("k6/ws", () => {
  it("blocks until the socket closes, orders events like k6 and counts messages", async () => {
    const o = await run(
      "ws",
      `
import ws from 'k6/ws'
import { check } from 'k6'
export default function () {
  const log = []
  const res = ws.connect(__ENV.WSU, {}, function (socket) {
    log.push('setup')
    socket.on('open', () => { log.push('open'); socket.send('burst:3') })
    socket.on('message', (m) => { log.push('message:' + m); if (m === 'm2') socket.send('close:4001') })
    socket.on('error', (e) => log.push('error:' + e.error()))
    socket.on('close', (code) => log.push('close:' + code))
  })
  check(log, { 'event order': (l) => l.join(',') === 'setup,open,message:hello,message:m0,message:m1,message:m2,error:websocket: close 4001,close:4001' })
  check(res, { 'handshake status 101': (r) => r.status === 101 })
  const t0 = Date.now()
  let closedWith = null
  let ticks = 0
  ws.connect(__ENV.WSU, function (socket) {
    socket.setInterval(() => { ticks++ }, 20)
    socket.setTimeout(() => socket.close(), 150)
    socket.on('close', (c) => { closedWith = c })
  })
  check(Date.now() - t0, { 'connect blocked until close()': (ms) => ms >= 140 })
  check(closedWith, { 'close() defaults to 1001': (c) => c === 1001 })
  check(ticks, { 'interval ran in the socket loop': (n) => n >= 3 })
  let threw = ''
  try { ws.connect(__ENV.WSU.replace('/ws', '/nows'), function () {}) } catch (e) { threw = String(e) }
  check(threw, { 'failed handshake throws': (s) => s.length > 0 })
}
`
    )
    expect(o.error).toBeNull()
    expect(failing(o)).toEqual([])
    expect(allChecks(rootOf(o))).toHaveLength(6)
    expect(metric(o, "ws_sessions", "count")).toBe(2)
    expect(metric(o, "ws_msgs_received", "count")).toBe(5)
    expect(metric(o, "ws_msgs_sent", "count")).toBe(2)
  })
})

describe("k6/ws timers", () => {
  it("a timeout or interval that is not > 0 ms throws, as in real k6 v0.49 (updates.js hit it there)", async () => {
    const o = await run(
      "ws-zero-timers",
      `
import ws from 'k6/ws'
import { check } from 'k6'
export default function () {
  const zero = []
  ws.connect(__ENV.WSU, function (socket) {
    try { socket.setTimeout(() => {}, 0) } catch (e) { zero.push(String(e)) }
    try { socket.setInterval(() => {}, -1) } catch (e) { zero.push(String(e)) }
    socket.setTimeout(() => socket.close(), 1)
  })
  check(zero, { 'zero timers throw as in k6': (z) => z.length === 2 && /setTimeout requires a >0 timeout parameter, received 0\\.00/.test(z[0]) && /setInterval requires a >0 interval parameter, received -1\\.00/.test(z[1]) })
}
`
    )
    expect(o.error).toBeNull()
    expect(failing(o)).toEqual([])
    expect(allChecks(rootOf(o)).map((c) => [c.name, c.passes])).toEqual([["zero timers throw as in k6", 1]])
  })
})

describe("metrics, checks, groups, lifecycle and thresholds", () => {
  it("custom metrics with tags, groups, setup data, teardown, per-VU iterations, failing threshold exit code", async () => {
    const o = await run(
      "metrics",
      `
import { check, group, sleep } from 'k6'
import { Counter, Gauge, Rate, Trend } from 'k6/metrics'
const perVu = new Counter('per_vu')
const level = new Gauge('level')
const ok = new Rate('ok_rate')
const t = new Trend('work_ms', true)
const fromTeardown = new Counter('from_teardown')
export const options = {
  scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 3 } },
  thresholds: {
    'per_vu{vu:1}': ['count==3'],
    'per_vu{vu:2}': ['count==3'],
    level: ['value>=1'],
    ok_rate: ['rate==0.5'],
    work_ms: ['min>=10', 'max<0'],
    from_teardown: ['count==42'],
    checks: ['rate==1'],
  },
}
export function setup() { return { n: 42, word: 'from setup' } }
export default function (data) {
  perVu.add(1, { vu: String(__VU) })
  level.add(__VU)
  ok.add(true)
  ok.add(false)
  ok.add(1)
  ok.add(0)
  group('outer', () => {
    group('inner', () => { check(data, { 'setup data arrives': (d) => d.word === 'from setup' }) })
    check(__ITER, { 'iteration numbers from 0': (i) => i >= 0 && i < 3 })
  })
  t.add(10 + __ITER)
  sleep(0.01)
}
export function teardown(data) { fromTeardown.add(data.n) }
`
    )
    expect(o.error).toContain("thresholds")
    expect(o.exit_code).toBe(EXIT.thresholds_failed)
    expect(o.thresholds_passed).toBe(false)
    expect(o.evaluation?.breached).toEqual(["work_ms"])
    expect(o.evaluation?.results.filter((r) => !r.ok).map((r) => r.source)).toEqual(["max<0"])
    expect(metric(o, "iterations", "count")).toBe(6)
    expect(metric(o, "work_ms", "max")).toBe(12)
    expect(o.summary?.metrics["work_ms"]?.contains).toBe("time")
    const root = rootOf(o)
    expect(root.groups.map((g) => g.name)).toEqual(["outer"])
    const outer = root.groups[0]
    expect(outer?.checks.map((c) => [c.name, c.passes, c.fails])).toEqual([["iteration numbers from 0", 6, 0]])
    expect(outer?.groups.map((g) => g.path)).toEqual(["::outer::inner"])
    expect(outer?.groups[0]?.checks.map((c) => [c.name, c.passes])).toEqual([["setup data arrives", 6]])
    expect(metric(o, "group_duration", "max")).toBeGreaterThan(0)
  })

  it("ends iterations still running after gracefulStop without counting them", async () => {
    const o = await run(
      "graceful",
      `
import { sleep } from 'k6'
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1500ms', gracefulStop: '0s' } } }
export default function () { sleep(0.6) }
`
    )
    expect(o.exit_code).toBe(EXIT.ok)
    expect(o.iterations_completed).toBe(2)
    expect(o.iterations_interrupted).toBe(1)
    expect(metric(o, "iterations", "count")).toBe(2)
  })

  it("shared-iterations runs exactly the requested count across VUs; the script sees only k6 globals", async () => {
    const o = await run(
      "shared",
      `
import { check } from 'k6'
export const options = { vus: 3, iterations: 10 }
export default function () {
  check(null, {
    'no Node or web globals': () => [typeof process, typeof TextEncoder, typeof fetch, typeof setTimeout, typeof URL].every((t) => t === 'undefined'),
    'k6 globals': () => typeof __VU === 'number' && __VU >= 1 && __VU <= 3 && typeof __ITER === 'number' && __ENV.BASE.startsWith('http://127.0.0.1:'),
  })
}
`
    )
    expect(o.exit_code).toBe(EXIT.ok)
    expect(metric(o, "iterations", "count")).toBe(10)
    expect(failing(o)).toEqual([])
  })

  it("k6/execution numbers every iteration of a scenario once across its VUs; k6/data and k6/encoding as in k6", async () => {
    const o = await run(
      "execution",
      `
import { check } from 'k6'
import exec from 'k6/execution'
import { SharedArray } from 'k6/data'
import encoding from 'k6/encoding'
const rows = new SharedArray('rows', function () { return [{ b64: 'AAH+/w==' }, { b64: 'aGk=' }] })
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } } }
export default function () {
  check(null, { ['iteration ' + exec.scenario.iterationInTest]: () => true })
  check(null, {
    'scenario name': () => exec.scenario.name === 's',
    'vu id': () => exec.vu.idInTest === __VU && exec.vu.iterationInScenario === __ITER,
    'shared array is read-only': () => { try { rows[0].b64 = 'x' } catch (e) {} return rows[0].b64 === 'AAH+/w==' && Object.isFrozen(rows) },
    'b64decode to ArrayBuffer': () => { const b = new Uint8Array(encoding.b64decode(rows[0].b64, 'std')); return b instanceof Uint8Array && b.length === 4 && b[2] === 254 },
    'b64decode to string': () => encoding.b64decode(rows[1].b64, 'std', 's') === 'hi',
    'b64encode round trip': () => encoding.b64encode('hi') === 'aGk=' && encoding.b64encode('hi', 'rawstd') === 'aGk',
    'malformed base64 throws': () => { try { encoding.b64decode('a$==', 'std'); return false } catch (e) { return true } },
  })
}
`
    )
    expect(o.exit_code, o.error ?? "").toBe(EXIT.ok)
    expect(failing(o)).toEqual([])
    const numbered = allChecks(rootOf(o)).filter((c) => c.name.startsWith("iteration "))
    expect(numbered.map((c) => c.name).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `iteration ${i}`).sort())
    expect(numbered.every((c) => c.passes === 1)).toBe(true)
  })

  it("constant-arrival-rate starts iterations on the clock, and counts starts with no free VU as dropped", async () => {
    const fast = await run(
      "arrival-fast",
      `
export const options = { scenarios: { a: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '2s', preAllocatedVUs: 2, maxVUs: 2 } } }
export default function () {}
`
    )
    expect(fast.exit_code, fast.error ?? "").toBe(EXIT.ok)
    const n = metric(fast, "iterations", "count") ?? 0
    expect(n).toBeGreaterThanOrEqual(36) // 40 scheduled; a loaded machine may drop a few
    expect(n + (metric(fast, "dropped_iterations", "count") ?? 0)).toBe(40)
    const slow = await run(
      "arrival-slow",
      `
import { sleep } from 'k6'
export const options = { scenarios: { a: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '2s', preAllocatedVUs: 2, gracefulStop: '1s' } } }
export default function () { sleep(0.5) }
`
    )
    expect(slow.exit_code, slow.error ?? "").toBe(EXIT.ok)
    const done = metric(slow, "iterations", "count") ?? 0
    expect(done).toBeLessThanOrEqual(10) // 2 VUs × 2 s ÷ 0.5 s, and the starts in flight
    const dropped = metric(slow, "dropped_iterations", "count") ?? 0
    expect(dropped).toBeGreaterThan(20) // starts found both VUs busy (those due after the last claim are not counted)
    expect(done + dropped).toBeLessThanOrEqual(40)
  })

  it("an arrival rate starts VUs beyond preAllocatedVUs, up to maxVUs, while every VU is busy; the timeline charts it per second", async () => {
    const o = await run(
      "arrival-grow",
      `
import { sleep } from 'k6'
import { Trend } from 'k6/metrics'
const t = new Trend('work_ms', true)
export const options = { scenarios: { a: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '3s', preAllocatedVUs: 1, maxVUs: 6, gracefulStop: '2s' } } }
export default function () { sleep(0.25); t.add(250, { name: 'work' }) }
`
    )
    expect(o.exit_code, o.error ?? "").toBe(EXIT.ok)
    const vusMax = metric(o, "vus_max", "max") ?? 0
    expect(vusMax).toBeGreaterThan(1)
    expect(vusMax).toBeLessThanOrEqual(6)
    // one VU alone finishes at most 3 s / 0.25 s = 12 iterations
    expect(metric(o, "iterations", "count") ?? 0).toBeGreaterThan(12)
    // the timeline: iterations per second, and the custom trend overall and per name tag
    const seconds = new Set(o.timeline.filter((p) => p.metric === "iterations" && p.name === "").map((p) => p.t_s))
    expect(seconds.size).toBeGreaterThanOrEqual(3)
    const perName = o.timeline.filter((p) => p.metric === "work_ms" && p.name === "work")
    expect(perName.length).toBeGreaterThanOrEqual(3)
    expect(perName.every((p) => p.p95 === 250 && p.type === "trend")).toBe(true)
    const total = o.totals.find((p) => p.metric === "work_ms" && p.name === "")
    expect(total?.count).toBe(metric(o, "iterations", "count"))
  })

  it("ramping-vus (and the options.stages shortcut) runs VU k only while the stage line admits it", async () => {
    const o = await run(
      "ramping",
      `
import { check, sleep } from 'k6'
import exec from 'k6/execution'
export const options = { stages: [{ duration: '1s', target: 2 }, { duration: '1s', target: 0 }] }
export default function () {
  check(null, { ['vu ' + exec.vu.idInTest]: () => true })
  sleep(0.1)
}
`
    )
    expect(o.exit_code, o.error ?? "").toBe(EXIT.ok)
    const n = metric(o, "iterations", "count") ?? 0
    // VU 1 runs from 0.5 s to 1.5 s, VU 2 only at the peak: far fewer than 2 VUs for 2 s (≈ 40)
    expect(n).toBeGreaterThan(3)
    expect(n).toBeLessThan(30)
    const perVu = allChecks(rootOf(o)).filter((c) => c.name.startsWith("vu "))
    expect(perVu.map((c) => c.name).sort()).toEqual(["vu 1", "vu 2"])
    const [first, second] = [perVu.find((c) => c.name === "vu 1")?.passes ?? 0, perVu.find((c) => c.name === "vu 2")?.passes ?? 0]
    expect(first).toBeGreaterThan(second)
  })

  it("abortOnFail stops the run at the periodic threshold check", async () => {
    const o = await run(
      "abort",
      `
import { check, sleep } from 'k6'
export const options = {
  scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '60s', gracefulStop: '0s' } },
  thresholds: { checks: [{ threshold: 'rate>0.9', abortOnFail: true }] },
}
export default function () { check(1, { 'always fails': (x) => x === 2 }); sleep(0.05) }
`
    )
    expect(o.exit_code).toBe(EXIT.thresholds_failed)
    expect(o.error).toContain("abortOnFail")
    expect(o.duration_ms).toBeLessThan(30_000)
    expect(o.evaluation?.breached).toEqual(["checks"])
  })

  it("handleSummary receives k6's summary data and its outputs replace the default summary", async () => {
    const file = join(dir, "summary-out.json")
    const o = await run(
      "handle-summary",
      `
import { check } from 'k6'
export const options = { iterations: 2, thresholds: { iterations: ['count==2'] } }
export default function () { check(true, { yes: (x) => x }) }
export function handleSummary(data) {
  return {
    stdout: 'custom ' + data.metrics.iterations.values.count,
    ${JSON.stringify(file)}: JSON.stringify({ checks: data.root_group.checks, t: data.metrics.iterations.thresholds, ms: data.state.testRunDurationMs > 0 }),
  }
}
`
    )
    expect(o.exit_code).toBe(EXIT.ok)
    expect(o.summary_text).toBe("custom 2")
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ checks: [{ name: "yes", passes: 2, fails: 0 }], t: { "count==2": { ok: true } }, ms: true })
  })

  it("refuses HTTP in the init context and thresholds on unknown metrics, with k6's exit codes", async () => {
    const init = await run("init-http", `import http from 'k6/http'\nhttp.get(__ENV.BASE + '/json')\nexport default function () {}\n`)
    expect(init.exit_code).toBe(EXIT.script_exception)
    expect(init.error).toContain("init context")
    const unknown = await run("unknown-metric", `export const options = { thresholds: { not_declared: ['count>0'] } }\nexport default function () {}\n`)
    expect(unknown.exit_code).toBe(EXIT.invalid_config)
    expect(unknown.error).toContain("not_declared")
  })
})

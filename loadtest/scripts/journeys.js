// Mixed player journeys: a k6 script (plain ES module JavaScript, no BigInt, only k6 imports), run
// unmodified by real k6 (v0.47 and later) and by `npm run loadtest`.
//
// One iteration is one fresh player's day, pre-signed by the engine in Node into the corpus
// (`npm run loadtest:corpus -- --kind journeys`, loadtest/corpus.ts): register, a vault (create,
// deposit, borrow, repay), two AMM swaps, one session of every game (roulette, baccarat, sic bo,
// craps, video poker, three card, Ultimate Hold'em, hi-lo, then blackjack or casino war). Each step
// is one POST /submit; the iteration listens on /updates?account=<pk> and sends the next step
// when the stream shows the step's last transaction. Blackjack's finish depends on the deal: the
// script reads GET /session/:id and sends the corpus's alternative when the session already
// awaits the reveal; casino war's Surrender is skipped unless the Play tied.
//
// setup() sends the corpus's admin submissions (the AMM seeding swaps and borrowing need) and
// waits until the admin's nonce shows them executed: the service must run with
// `--admin-keys <admin_public_key of the corpus>`.
//
// Scenarios: `players` (ramping-vus: ramp up, hold, ramp down) and `arrivals`
// (ramping-arrival-rate: new players per second, more VUs than pre-allocated when they are busy).
// Journey k of scenario `players` is corpus journey 2k, of `arrivals` 2k + 1: no two iterations
// share an account. Thresholds per endpoint from the SLOs (chain-and-services.md §5.2): submit
// p95 ≤ 250 ms and p99 ≤ 500 ms, no failed requests, zero casino errors.
//
// Environment (k6 -e KEY=VALUE): BASE_URL (default http://127.0.0.1:8080), CORPUS (default
// ../corpus/journeys.json), VUS (players peak, default 4), RATE (arrivals per second at peak,
// default 1), DURATION_S (each scenario's length, default 30), STEP_TIMEOUT_MS (default 10000),
// SUMMARY_JSON (also write the summary data to this file).

import http from 'k6/http'
import ws from 'k6/ws'
import { check, sleep } from 'k6'
import { Counter, Trend } from 'k6/metrics'
import { SharedArray } from 'k6/data'
import encoding from 'k6/encoding'
import exec from 'k6/execution'

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
const WS_URL = BASE_URL.replace(/^http/, 'ws')
const CORPUS = __ENV.CORPUS || '../corpus/journeys.json'
const VUS = Math.max(1, Number(__ENV.VUS || 4))
const RATE = Math.max(1, Number(__ENV.RATE || 1))
const DURATION_S = Math.max(3, Number(__ENV.DURATION_S || 30))
const STEP_TIMEOUT_MS = Math.max(500, Number(__ENV.STEP_TIMEOUT_MS || 10000))

// element 0: the corpus's setup (admin key and submissions); 1..n: the journeys
const corpus = new SharedArray('journeys corpus', function () {
  const c = JSON.parse(open(CORPUS))
  if (c.format !== 2 || c.kind !== 'journeys') throw new Error(CORPUS + ' is not a journeys corpus of format 2 (npm run loadtest:corpus -- --kind journeys)')
  return [{ admin_public_key: c.admin_public_key, setup: c.setup }].concat(c.journeys)
})

const third = Math.max(1, Math.floor(DURATION_S / 3))
export const options = {
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  scenarios: {
    players: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: third + 's', target: VUS },
        { duration: third + 's', target: VUS },
        { duration: DURATION_S - 2 * third + 's', target: 0 },
      ],
      gracefulRampDown: '10s',
      gracefulStop: '15s',
    },
    arrivals: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      preAllocatedVUs: 1,
      maxVUs: Math.max(2, RATE * 8),
      stages: [
        { duration: third + 's', target: RATE },
        { duration: DURATION_S - third + 's', target: RATE },
      ],
      gracefulStop: '15s',
    },
  },
  thresholds: {
    'http_req_duration{name:POST /submit}': ['p(95)<250', 'p(99)<500'],
    'http_req_failed{name:POST /submit}': ['rate<0.01'],
    'http_req_duration{name:GET /session/:id}': ['p(95)<250'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    step_latency_ms: ['p(95)<5000'],
    casino_errors: ['count==0'],
    journeys_completed: ['count>0'],
  },
}

const stepLatency = new Trend('step_latency_ms', true)
const stepsCompleted = new Counter('steps_completed')
const journeysCompleted = new Counter('journeys_completed')
const casinoErrors = new Counter('casino_errors')
const corpusExhausted = new Counter('corpus_exhausted')

const submitParams = { headers: { 'Content-Type': 'application/octet-stream' }, tags: { name: 'POST /submit' } }

const submit = (sub, step) => {
  const r = http.post(BASE_URL + '/submit', encoding.b64decode(sub.submission_b64, 'std'), submitParams)
  return check(r, {
    'submit accepted': (x) => x.status === 200,
    'submit accepted every transaction': (x) => x.status === 200 && x.json('accepted') === sub.transactions,
  }, { step: step })
}

export function setup() {
  const h = http.get(BASE_URL + '/healthz', { tags: { name: 'GET /healthz' } })
  if (h.status !== 200) throw new Error('the service at ' + BASE_URL + ' is not healthy (status ' + h.status + ')')
  const meta = corpus[0]
  if (meta.setup.length === 0) return { journeys: corpus.length - 1 }
  const cfg = http.get(BASE_URL + '/config', { tags: { name: 'GET /config' } })
  const admins = cfg.status === 200 ? cfg.json('admin_keys') || [] : []
  if (admins.indexOf(meta.admin_public_key) < 0)
    throw new Error('the service does not list the corpus admin key: start it with --admin-keys ' + meta.admin_public_key)
  const last = meta.setup[meta.setup.length - 1].last_nonce
  for (let i = 0; i < meta.setup.length; i++) {
    const s = meta.setup[i]
    const r = http.post(BASE_URL + '/submit', encoding.b64decode(s.submission_b64, 'std'), submitParams)
    if (r.status !== 200) throw new Error('the setup submission was refused: ' + r.status + ' ' + r.body)
  }
  // the admin's nonce passes the last setup transaction once its block executed
  for (let i = 0; i < 200; i++) {
    const a = http.get(BASE_URL + '/account/' + meta.admin_public_key, { tags: { name: 'GET /account/:pubkey' } })
    if (a.status === 200 && String(a.json('nonce')) === String(Number(last) + 1)) return { journeys: corpus.length - 1 }
    sleep(0.1)
  }
  throw new Error('the setup transactions did not execute within 20 s')
}

const stageOf = (session_id) => {
  const r = http.get(BASE_URL + '/session/' + session_id, { tags: { name: 'GET /session/:id' } })
  check(r, { 'session readable': (x) => x.status === 200 })
  if (r.status !== 200) return null
  const state = r.json('state')
  return state && typeof state === 'object' ? state.stage : null
}

const journeyIndex = () => 2 * exec.scenario.iterationInTest + (exec.scenario.name === 'arrivals' ? 1 : 0)

export default function () {
  const k = journeyIndex()
  if (k + 1 >= corpus.length) {
    corpusExhausted.add(1)
    return
  }
  const journey = corpus[k + 1]
  const pk = journey.public_key
  const steps = journey.steps
  const completed = {}
  let next = 0
  let pending = null
  let failed = false
  let finished = false
  const res = ws.connect(WS_URL + '/updates?account=' + pk, { tags: { name: 'WS /updates?account' } }, function (socket) {
    const advance = () => {
      for (; next < steps.length; ) {
        const step = steps[next]
        next += 1
        if (step.skip_if_completed && step.session_id !== null && completed[step.session_id]) continue
        let sub = step
        if (step.alternative !== null && stageOf(step.session_id) === step.alternative.when_stage) sub = step.alternative
        const sent_at = Date.now()
        if (!submit(sub, step.name)) {
          failed = true
          socket.close(1000)
          return
        }
        pending = { name: step.name, last_nonce: sub.last_nonce, sent_at: sent_at }
        return
      }
      finished = true
      socket.close(1000)
    }
    socket.on('open', advance)
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw)
      const events = frame.events || []
      for (let i = 0; i < events.length; i++) {
        const ev = events[i]
        if (ev.player !== pk) continue
        if (ev._tag === 'GameCompleted') completed[ev.session_id] = true
        if (ev._tag === 'CasinoError') {
          casinoErrors.add(1, { step: pending === null ? '' : pending.name })
          check(ev, { 'step executed without CasinoError': () => false })
        }
      }
      const txs = frame.transactions || []
      for (let i = 0; i < txs.length; i++) {
        const tx = txs[i]
        if (tx.signer !== pk) continue
        check(tx, { 'transaction applied': (t) => t.status === 'applied' })
        if (pending !== null && String(tx.nonce) === pending.last_nonce) {
          stepLatency.add(Date.now() - pending.sent_at, { step: pending.name })
          stepsCompleted.add(1, { step: pending.name })
          pending = null
          advance()
          return
        }
      }
    })
    socket.on('error', (e) => {
      check(e, { 'updates stream without errors': () => false })
      failed = true
    })
    socket.setTimeout(() => {
      if (!finished && !failed) check(null, { 'journey completed before the timeout': () => false })
      socket.close(1000)
    }, STEP_TIMEOUT_MS * steps.length)
  })
  check(res, { 'updates stream opened': (r) => r && r.status === 101 })
  if (finished) journeysCompleted.add(1)
  else if (!failed) check(next, { 'every step completed': () => false })
}

export { handleSummary } from './lib/summary.js'

// Submit load: roulette rounds through POST /submit. A k6 script (plain ES module JavaScript, no
// BigInt, only k6 imports), run unmodified by real k6 (v0.47 and later) and by `npm run loadtest`.
//
// k6's JavaScript runtime has no BigInt, so the script runs no engine code: every transaction is
// signed and encoded ahead of time by the engine, in Node, into a corpus file
// (`npm run loadtest:corpus`, loadtest/corpus.ts). The script reads it with open() into a
// SharedArray. An iteration plays one journey: a fresh player whose first POST /submit registers
// it and starts a round, each next one plays another round (StartGame(roulette, bet 0) +
// GameMove(Batch: RED 1 + STRAIGHT n 1)). The iteration listens on /updates?account=<pk> and
// submits the next round when the GameCompleted of the previous one arrives; `update_latency_ms`
// is the time from submit to that event. When the corpus has no journey left the iteration only
// counts `corpus_exhausted`.
//
// Scenarios: `ramp` (ramping-vus, closed loop: each VU plays journeys back to back) and `open`
// (constant-arrival-rate, open loop: RATE new players per second whatever the latency, up to
// maxVUs in flight). Journey k of `ramp` is corpus journey 2k, of `open` 2k + 1. Thresholds per
// endpoint from the SLOs (chain-and-services.md §5.2): submit p95 ≤ 250 ms, p99 ≤ 500 ms.
//
// Environment (k6 -e KEY=VALUE): BASE_URL (default http://127.0.0.1:8080), CORPUS (default
// ../corpus/roulette.json, relative to this script), VUS (ramp peak, default 4), RATE (open
// arrivals per second, default 2), DURATION_S (default 30), UPDATE_TIMEOUT_MS (default 10000, per
// round), SUMMARY_JSON (also write the summary data to this file).

import http from 'k6/http'
import ws from 'k6/ws'
import { check } from 'k6'
import { Counter, Trend } from 'k6/metrics'
import { SharedArray } from 'k6/data'
import encoding from 'k6/encoding'
import exec from 'k6/execution'

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
const WS_URL = BASE_URL.replace(/^http/, 'ws')
const UPDATE_TIMEOUT_MS = Math.max(100, Number(__ENV.UPDATE_TIMEOUT_MS || 10000))
const CORPUS = __ENV.CORPUS || '../corpus/roulette.json'
const VUS = Math.max(1, Number(__ENV.VUS || 4))
const RATE = Math.max(1, Number(__ENV.RATE || 2))
const DURATION_S = Math.max(3, Number(__ENV.DURATION_S || 30))

const journeys = new SharedArray('roulette journeys', function () {
  const corpus = JSON.parse(open(CORPUS))
  if (corpus.format !== 2 || corpus.kind !== 'roulette') throw new Error(CORPUS + ' is not a roulette corpus of format 2 (npm run loadtest:corpus)')
  return corpus.journeys
})

const half = Math.max(1, Math.floor(DURATION_S / 2))
export const options = {
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  scenarios: {
    ramp: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: half + 's', target: VUS },
        { duration: DURATION_S - half + 's', target: VUS },
      ],
      gracefulStop: '10s',
    },
    open: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION_S + 's',
      preAllocatedVUs: 2,
      maxVUs: Math.max(4, RATE * 6),
      gracefulStop: '10s',
    },
  },
  thresholds: {
    'http_req_duration{name:POST /submit}': ['p(95)<250', 'p(99)<500'],
    'http_req_failed{name:POST /submit}': ['rate<0.01'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    update_latency_ms: ['p(95)<3000'],
    rounds_completed: ['count>0'],
  },
}

const updateLatency = new Trend('update_latency_ms', true)
const roundsCompleted = new Counter('rounds_completed')
const submitRejected = new Counter('submit_rejected')
const corpusExhausted = new Counter('corpus_exhausted')

const submitParams = { headers: { 'Content-Type': 'application/octet-stream' }, tags: { name: 'POST /submit' } }

export function setup() {
  const r = http.get(BASE_URL + '/healthz', { tags: { name: 'GET /healthz' } })
  if (r.status !== 200) throw new Error('the service at ' + BASE_URL + ' is not healthy (status ' + r.status + ')')
  return { journeys: journeys.length }
}

/** POST one pre-signed round; returns when it was sent, or -1 when the service refused it */
const submitRound = (round) => {
  const sent_at = Date.now()
  const r = http.post(BASE_URL + '/submit', encoding.b64decode(round.submission_b64, 'std'), submitParams)
  const accepted = check(r, {
    'submit accepted': (x) => x.status === 200,
    'submit accepted every transaction': (x) => x.status === 200 && x.json('accepted') === round.transactions,
  })
  if (!accepted) {
    submitRejected.add(1)
    return -1
  }
  return sent_at
}

export default function () {
  const k = 2 * exec.scenario.iterationInTest + (exec.scenario.name === 'open' ? 1 : 0)
  if (k >= journeys.length) {
    corpusExhausted.add(1)
    return
  }
  const journey = journeys[k]
  const rounds = journey.steps
  let next = 0
  let pending = null
  let failed = false
  const res = ws.connect(WS_URL + '/updates?account=' + journey.public_key, { tags: { name: 'WS /updates?account' } }, function (socket) {
    const advance = () => {
      if (next >= rounds.length) return socket.close(1000)
      const round = rounds[next]
      next += 1
      const sent_at = submitRound(round)
      if (sent_at < 0) {
        failed = true
        return socket.close(1000)
      }
      pending = { session_id: round.session_id, sent_at: sent_at }
    }
    socket.on('open', advance)
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw)
      const events = frame.events || []
      for (let i = 0; i < events.length; i++) {
        const ev = events[i]
        if (pending === null || ev.session_id !== pending.session_id) continue
        if (ev._tag === 'GameCompleted') {
          updateLatency.add(Date.now() - pending.sent_at)
          roundsCompleted.add(1)
          check(ev, {
            'GameCompleted is for this player': (e) => e.player === journey.public_key,
            'GameCompleted is roulette': (e) => e.game_type === 'roulette',
          })
          pending = null
          advance()
          return
        }
        if (ev._tag === 'CasinoError') {
          check(ev, { 'round executed without CasinoError': () => false })
          failed = true
          socket.close(1000)
          return
        }
      }
    })
    socket.on('error', (e) => {
      check(e, { 'updates stream without errors': () => false })
      failed = true
    })
    socket.setTimeout(() => {
      if (!failed && (next < rounds.length || pending !== null)) check(null, { 'every round completed before the timeout': () => false })
      socket.close(1000)
    }, UPDATE_TIMEOUT_MS * rounds.length)
  })
  check(res, { 'updates stream opened': (r) => r && r.status === 101 })
  if (!failed) check(next, { 'every round completed': (n) => n === rounds.length && pending === null })
}

export { handleSummary } from './lib/summary.js'

// WebSocket update delivery: a k6 script (plain ES module JavaScript, no BigInt, only k6 imports),
// run unmodified by real k6 (v0.47 and later) and by `npm run loadtest`.
//
// Scenario `subscribers` (ramping-vus): each VU holds one /updates connection (unfiltered: every
// block's frame) for HOLD_S seconds, and checks every frame parses and heights only grow. Right
// after the upgrade it submits one pre-signed transaction batch of a fresh player from the corpus
// (register + a roulette round) and measures `update_delivery_ms{stream:all}`: from the submit to
// the frame that carries that player's transactions, while every other subscriber is connected.
// Scenario `filtered` (constant-arrival-rate): each iteration opens /updates?account=<pk> of a
// fresh player, submits its batch and measures `update_delivery_ms{stream:account}` to its own
// filtered frame, then closes. Journey k of `subscribers` is corpus journey 2k, of `filtered`
// 2k + 1.
//
// Environment (k6 -e KEY=VALUE): BASE_URL (default http://127.0.0.1:8080), CORPUS (default
// ../corpus/updates.json, a roulette corpus), VUS (subscribers at peak, default 20), RATE
// (filtered probes per second, default 2), DURATION_S (default 30), HOLD_S (how long a subscriber
// stays, default DURATION_S / 2), DELIVERY_TIMEOUT_MS (default 10000), SUMMARY_JSON.

import http from 'k6/http'
import ws from 'k6/ws'
import { check } from 'k6'
import { Counter, Trend } from 'k6/metrics'
import { SharedArray } from 'k6/data'
import encoding from 'k6/encoding'
import exec from 'k6/execution'

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
const WS_URL = BASE_URL.replace(/^http/, 'ws')
const CORPUS = __ENV.CORPUS || '../corpus/updates.json'
const VUS = Math.max(1, Number(__ENV.VUS || 20))
const RATE = Math.max(1, Number(__ENV.RATE || 2))
const DURATION_S = Math.max(3, Number(__ENV.DURATION_S || 30))
const HOLD_S = Math.max(1, Number(__ENV.HOLD_S || Math.floor(DURATION_S / 2)))
const DELIVERY_TIMEOUT_MS = Math.max(500, Number(__ENV.DELIVERY_TIMEOUT_MS || 10000))

const journeys = new SharedArray('update probes', function () {
  const corpus = JSON.parse(open(CORPUS))
  if (corpus.format !== 2 || corpus.kind !== 'roulette') throw new Error(CORPUS + ' is not a roulette corpus of format 2 (npm run loadtest:corpus)')
  // only the first step of each journey is sent: keep what the script needs
  return corpus.journeys.map((j) => ({ public_key: j.public_key, first: j.steps[0] }))
})

const third = Math.max(1, Math.floor(DURATION_S / 3))
export const options = {
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  scenarios: {
    subscribers: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: third + 's', target: VUS },
        { duration: DURATION_S - third + 's', target: VUS },
      ],
      gracefulStop: HOLD_S + 5 + 's',
    },
    filtered: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION_S + 's',
      preAllocatedVUs: 1,
      maxVUs: Math.max(2, RATE * 4),
      gracefulStop: '10s',
    },
  },
  thresholds: {
    'update_delivery_ms{stream:all}': ['p(95)<2000'],
    'update_delivery_ms{stream:account}': ['p(95)<2000'],
    'ws_connecting{name:WS /updates}': ['p(95)<250'],
    'http_req_duration{name:POST /submit}': ['p(95)<250', 'p(99)<500'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    frames_out_of_order: ['count==0'],
    deliveries: ['count>0'],
  },
}

const delivery = new Trend('update_delivery_ms', true)
const deliveries = new Counter('deliveries')
const framesReceived = new Counter('frames_received')
const framesOutOfOrder = new Counter('frames_out_of_order')
const corpusExhausted = new Counter('corpus_exhausted')

const submitParams = { headers: { 'Content-Type': 'application/octet-stream' }, tags: { name: 'POST /submit' } }

export function setup() {
  const r = http.get(BASE_URL + '/healthz', { tags: { name: 'GET /healthz' } })
  if (r.status !== 200) throw new Error('the service at ' + BASE_URL + ' is not healthy (status ' + r.status + ')')
  return { journeys: journeys.length }
}

const submit = (step) => {
  const r = http.post(BASE_URL + '/submit', encoding.b64decode(step.submission_b64, 'std'), submitParams)
  return check(r, { 'submit accepted': (x) => x.status === 200 })
}

/** does the frame carry a transaction of `pk`? */
const carries = (frame, pk) => {
  const txs = frame.transactions || []
  for (let i = 0; i < txs.length; i++) if (txs[i].signer === pk) return true
  return false
}

/**
 * One connection: on open, submit the probe's batch and time its frame; keep the connection for
 * `hold_ms` and until the probe arrived (0: close once delivered), at most DELIVERY_TIMEOUT_MS,
 * checking frames arrive in height order.
 */
const listen = (url, name, stream, probe, hold_ms) => {
  let sent_at = -1
  let delivered = false
  let held = false
  let refused = false
  let lastHeight = -1
  const res = ws.connect(url, { tags: { name: name } }, function (socket) {
    socket.on('open', () => {
      sent_at = Date.now()
      if (!submit(probe.first)) {
        refused = true
        socket.close(1000)
      }
    })
    socket.on('message', (raw) => {
      framesReceived.add(1, { stream: stream })
      let frame = null
      try {
        frame = JSON.parse(raw)
      } catch (e) {
        check(null, { 'frame is JSON': () => false })
        return
      }
      const h = Number(frame.height)
      if (!(h > lastHeight)) framesOutOfOrder.add(1, { stream: stream })
      lastHeight = h
      if (!delivered && sent_at >= 0 && !refused && carries(frame, probe.public_key)) {
        delivered = true
        delivery.add(Date.now() - sent_at, { stream: stream })
        deliveries.add(1, { stream: stream })
        if (held) socket.close(1000)
      }
    })
    socket.on('error', (e) => {
      check(e, { 'updates stream without errors': () => false })
    })
    // stay hold_ms, and past it until the probe arrives, at most DELIVERY_TIMEOUT_MS in all
    socket.setTimeout(() => {
      held = true
      if (delivered || refused) socket.close(1000)
    }, Math.max(1, hold_ms))
    socket.setTimeout(() => socket.close(1000), Math.max(hold_ms, DELIVERY_TIMEOUT_MS))
  })
  check(res, { 'updates stream opened': (r) => r && r.status === 101 })
  if (sent_at >= 0 && !refused) check(delivered, { 'probe delivered': (d) => d === true })
}

export default function () {
  const filtered = exec.scenario.name === 'filtered'
  const k = 2 * exec.scenario.iterationInTest + (filtered ? 1 : 0)
  if (k >= journeys.length) {
    corpusExhausted.add(1)
    return
  }
  const probe = journeys[k]
  if (filtered) listen(WS_URL + '/updates?account=' + probe.public_key, 'WS /updates?account', 'account', probe, 0)
  else listen(WS_URL + '/updates', 'WS /updates', 'all', probe, HOLD_S * 1000)
}

export { handleSummary } from './lib/summary.js'

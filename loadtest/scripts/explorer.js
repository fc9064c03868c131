// Read load: the query and explorer endpoints. A k6 script (plain ES module JavaScript, no
// BigInt, only k6 imports), run unmodified by real k6 (v0.47 and later) and by `npm run loadtest`.
//
// setup() gives the chain something to read: it submits the first step of SEED_PLAYERS corpus
// journeys (a register and a roulette round each, pre-signed in Node: loadtest/corpus.ts) unless
// an earlier run against this chain did, waits until the last player's nonce shows them executed, and looks whether the service serves the
// explorer (/explorer/blocks answers 200 with a block that has transactions). Then:
// - scenario `readers` (ramping-arrival-rate): each iteration is one read, round robin over
//   /chain, /account/:pk, /player/:pk, /session/:id, /state/player/:pk, /seed/:view, /healthz and,
//   when served, /explorer/blocks, /explorer/blocks/:height, /explorer/tx/:hash,
//   /explorer/account/:pk, /explorer/sessions/:id, /explorer/games/:pk and /explorer/search?q=.
// - scenario `pollers` (ramping-vus): dashboards polling /chain and /healthz once a second.
// Every request is tagged with its route (`name`), and each route has its own threshold: the
// SLO recording rules count state and seed queries under 250 ms (chain-and-services.md §5.2).
// Sessions settle and leave state, so /session/:id answers 404 for a settled one; the dev chain
// has no certified seeds, so /seed/:view answers 501 there: both are expected answers.
//
// Environment (k6 -e KEY=VALUE): BASE_URL (default http://127.0.0.1:8080), CORPUS (default
// ../corpus/explorer.json, a roulette corpus), RATE (reads per second at peak, default 50), VUS
// (pollers at peak, default 4), DURATION_S (default 30), SEED_PLAYERS (default 20), SUMMARY_JSON.

import http from 'k6/http'
import { check, sleep } from 'k6'
import { Counter } from 'k6/metrics'
import { SharedArray } from 'k6/data'
import encoding from 'k6/encoding'
import exec from 'k6/execution'

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
const CORPUS = __ENV.CORPUS || '../corpus/explorer.json'
const RATE = Math.max(1, Number(__ENV.RATE || 50))
const VUS = Math.max(1, Number(__ENV.VUS || 4))
const DURATION_S = Math.max(3, Number(__ENV.DURATION_S || 30))
const SEED_PLAYERS = Math.max(1, Number(__ENV.SEED_PLAYERS || 20))

const players = new SharedArray('explorer players', function () {
  const corpus = JSON.parse(open(CORPUS))
  if (corpus.format !== 2 || corpus.kind !== 'roulette') throw new Error(CORPUS + ' is not a roulette corpus of format 2 (npm run loadtest:corpus)')
  return corpus.journeys.slice(0, SEED_PLAYERS).map((j, index) => ({ index: index, public_key: j.public_key, first: j.steps[0] }))
})

const ROUTES = [
  'GET /chain',
  'GET /account/:pubkey',
  'GET /player/:pubkey',
  'GET /session/:id',
  'GET /state/:table/:key',
  'GET /seed/:view',
  'GET /healthz',
]
const EXPLORER_ROUTES = [
  'GET /explorer/blocks',
  'GET /explorer/blocks/:id',
  'GET /explorer/tx/:hash',
  'GET /explorer/account/:pubkey',
  'GET /explorer/sessions/:id',
  'GET /explorer/games/:pubkey',
  'GET /explorer/search',
]

const thresholds = {
  http_req_failed: ['rate<0.01'],
  checks: ['rate>0.99'],
  reads: ['count>0'],
}
ROUTES.concat(EXPLORER_ROUTES).forEach((r) => {
  thresholds['http_req_duration{name:' + r + '}'] = ['p(95)<250']
})

const third = Math.max(1, Math.floor(DURATION_S / 3))
export const options = {
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  scenarios: {
    readers: {
      executor: 'ramping-arrival-rate',
      startRate: 1,
      timeUnit: '1s',
      preAllocatedVUs: 2,
      maxVUs: 16,
      stages: [
        { duration: third + 's', target: RATE },
        { duration: DURATION_S - third + 's', target: RATE },
      ],
      gracefulStop: '5s',
    },
    pollers: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: third + 's', target: VUS },
        { duration: DURATION_S - third + 's', target: VUS },
      ],
      exec: 'poll',
      gracefulStop: '5s',
    },
  },
  thresholds: thresholds,
}

const reads = new Counter('reads')

// answers a route gives that are not failures (see the header)
const expected = {
  'GET /session/:id': http.expectedStatuses(200, 404),
  'GET /seed/:view': http.expectedStatuses(200, 404, 501),
  'GET /explorer/sessions/:id': http.expectedStatuses(200, 404),
}

const get = (path, name) => {
  const params = { tags: { name: name } }
  if (expected[name]) params.responseCallback = expected[name]
  const r = http.get(BASE_URL + path, params)
  reads.add(1, { name: name })
  return r
}

export function setup() {
  const h = http.get(BASE_URL + '/healthz', { tags: { name: 'GET /healthz' } })
  if (h.status !== 200) throw new Error('the service at ' + BASE_URL + ' is not healthy (status ' + h.status + ')')
  for (let i = 0; i < players.length; i++) {
    const p = players[i]
    // a player seeded by an earlier run against this chain is read as it is (its nonces are spent)
    const before = http.get(BASE_URL + '/account/' + p.public_key, { tags: { name: 'GET /account/:pubkey' } })
    if (before.status === 200 && Number(before.json('nonce')) > Number(p.first.last_nonce)) continue
    const r = http.post(BASE_URL + '/submit', encoding.b64decode(p.first.submission_b64, 'std'), {
      headers: { 'Content-Type': 'application/octet-stream' },
      tags: { name: 'POST /submit' },
    })
    if (r.status !== 200) throw new Error('seeding the chain: submit refused with ' + r.status + ' ' + r.body)
  }
  const last = players[players.length - 1]
  let executed = false
  for (let i = 0; i < 200 && !executed; i++) {
    const a = http.get(BASE_URL + '/account/' + last.public_key, { tags: { name: 'GET /account/:pubkey' } })
    executed = a.status === 200 && String(a.json('nonce')) === String(Number(last.first.last_nonce) + 1)
    if (!executed) sleep(0.1)
  }
  if (!executed) throw new Error('the seeding transactions did not execute within 20 s')
  const chain = http.get(BASE_URL + '/chain', { tags: { name: 'GET /chain' } })
  const ex = http.get(BASE_URL + '/explorer/blocks?limit=5', { tags: { name: 'GET /explorer/blocks' }, responseCallback: http.expectedStatuses(200, 404) })
  const blocks = ex.status === 200 ? ex.json('blocks') || [] : []
  const indexed = blocks.filter((b) => b.tx_hashes && b.tx_hashes.length > 0)
  return {
    height: Number(chain.json('height')),
    explorer: indexed.length > 0,
    block: indexed.length > 0 ? indexed[0].height : '1',
    tx_hashes: indexed.length > 0 ? indexed[0].tx_hashes : [],
  }
}

const read = (route, p, data) => {
  switch (route) {
    case 'GET /chain':
      return check(get('/chain', route), { 'chain answers a height': (r) => r.status === 200 && /^[0-9]+$/.test(String(r.json('height'))) })
    case 'GET /account/:pubkey':
      return check(get('/account/' + p.public_key, route), { 'account shows its nonce': (r) => r.status === 200 && Number(r.json('nonce')) > 0 })
    case 'GET /player/:pubkey':
      return check(get('/player/' + p.public_key, route), { 'player is registered': (r) => r.status === 200 })
    case 'GET /session/:id':
      return check(get('/session/' + p.first.session_id, route), { 'session answers (open or settled)': (r) => r.status === 200 || r.status === 404 })
    case 'GET /state/:table/:key':
      return check(get('/state/player/' + p.public_key, route), { 'state row with a proof': (r) => r.status === 200 && r.json('value') !== null && typeof r.json('proof') === 'string' })
    case 'GET /seed/:view':
      return check(get('/seed/' + Math.max(1, data.height), route), { 'seed answers': (r) => r.status === 200 || r.status === 404 || r.status === 501 })
    case 'GET /healthz':
      return check(get('/healthz', route), { 'healthy': (r) => r.status === 200 })
    case 'GET /explorer/blocks':
      return check(get('/explorer/blocks?limit=20', route), { 'explorer lists blocks': (r) => r.status === 200 })
    case 'GET /explorer/blocks/:id':
      return check(get('/explorer/blocks/' + data.block, route), { 'explorer shows a block': (r) => r.status === 200 && r.json('height') === data.block })
    case 'GET /explorer/tx/:hash':
      return check(get('/explorer/tx/' + data.tx_hashes[p.index % data.tx_hashes.length], route), { 'explorer shows a transaction': (r) => r.status === 200 })
    case 'GET /explorer/sessions/:id':
      return check(get('/explorer/sessions/' + p.first.session_id, route), { 'explorer answers for a session': (r) => r.status === 200 || r.status === 404 })
    case 'GET /explorer/account/:pubkey':
      return check(get('/explorer/account/' + p.public_key, route), { 'explorer shows an account': (r) => r.status === 200 })
    case 'GET /explorer/games/:pubkey':
      return check(get('/explorer/games/' + p.public_key + '?limit=20', route), { 'explorer lists games': (r) => r.status === 200 })
    case 'GET /explorer/search':
      return check(get('/explorer/search?q=' + p.public_key, route), { 'explorer finds the account': (r) => r.status === 200 })
  }
  return false
}

export default function (data) {
  const routes = data.explorer ? ROUTES.concat(EXPLORER_ROUTES) : ROUTES
  const i = exec.scenario.iterationInTest
  read(routes[i % routes.length], players[Math.floor(i / routes.length) % players.length], data)
}

export function poll() {
  check(get('/chain', 'GET /chain'), { 'chain answers a height': (r) => r.status === 200 })
  check(get('/healthz', 'GET /healthz'), { 'healthy': (r) => r.status === 200 })
  sleep(1)
}

export { handleSummary } from './lib/summary.js'

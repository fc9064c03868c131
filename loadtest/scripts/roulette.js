// Roulette load test: a k6 script (plain ES module JavaScript).
//
// Each VU derives its own ed25519 key from its VU number and the run salt, reads its nonce from
// GET /account/:pk, registers (CasinoRegister) with its first submission, then plays rounds: one
// POST /submit carries StartGame(roulette, bet 0, a fresh session id) and a GameMove with a Batch
// (bets placed and the wheel spun in one move). Every iteration listens on
// /updates?account=<pk> and waits for the GameCompleted event of each round it submitted;
// `update_latency_ms` is the time from submit to that event.
//
// `npm run loadtest:bundle` inlines the engine's signing and encoding code (and @noble/*, effect)
// into loadtest/dist/roulette.js; only the 'k6' imports stay external, so the bundle runs
// unmodified under k6 (a release whose JS runtime has BigInt) and under `npm run loadtest`.
//
// Environment (k6 -e KEY=VALUE): BASE_URL (default http://127.0.0.1:8080), RUN_SALT (default: the
// time setup() ran), ROUNDS_PER_ITERATION (default 3), UPDATE_TIMEOUT_MS (default 10000).

import './lib/globals.js'
import http from 'k6/http'
import ws from 'k6/ws'
import { check, fail } from 'k6'
import { Counter, Trend } from 'k6/metrics'
import { actorSigner, signTransaction } from '../../engine/tx/sign.ts'
import { GAME_TYPES } from '../../engine/tx/instruction.ts'
import { encodeRouletteMove } from '../../engine/games/roulette/roulette.ts'
import { encodeSubmission } from '../../services/api/submission.ts'

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
const WS_URL = BASE_URL.replace(/^http/, 'ws')
const ROUNDS_PER_ITERATION = Math.max(1, Math.min(50, Number(__ENV.ROUNDS_PER_ITERATION || 3)))
const UPDATE_TIMEOUT_MS = Math.max(100, Number(__ENV.UPDATE_TIMEOUT_MS || 10000))
const ROULETTE = GAME_TYPES.indexOf('roulette')
/** session ids: 40 bits of the public key, then a 20-bit round counter (about a million rounds per VU) */
const ROUNDS_PER_VU_MAX = 1 << 20

export const options = {
  vus: 2,
  duration: '10s',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500'],
    checks: ['rate>0.99'],
    update_latency_ms: ['p(95)<3000'],
    rounds_completed: ['count>0'],
  },
}

const updateLatency = new Trend('update_latency_ms', true)
const roundsCompleted = new Counter('rounds_completed')
const submitRejected = new Counter('submit_rejected')

// Module scope lives as long as the VU: its key, next nonce and round counter.
let me = null

const submitParams = { headers: { 'Content-Type': 'application/octet-stream' }, tags: { name: 'POST /submit' } }

const readNonce = (pk) => {
  const r = http.get(`${BASE_URL}/account/${pk}`, { tags: { name: 'GET /account' } })
  check(r, { 'account read': (x) => x.status === 200 && x.json('public_key') === pk })
  if (r.status !== 200) fail(`GET /account/${pk} answered ${r.status}`)
  return BigInt(r.json('nonce'))
}

const startVu = (salt) => {
  const signer = actorSigner(`loadtest/${salt}/vu-${__VU}`)
  const pk = signer.public_key
  const player = http.get(`${BASE_URL}/player/${pk}`, { tags: { name: 'GET /player' }, responseCallback: http.expectedStatuses(200, 404) })
  check(player, { 'player lookup answered': (x) => x.status === 200 || x.status === 404 })
  return {
    signer,
    pk,
    nonce: readNonce(pk),
    registered: player.status === 200,
    session_base: BigInt(`0x${pk.slice(0, 10)}`) << 20n,
    round: 0,
  }
}

const sign = (instruction) => {
  const tx = signTransaction(me.signer, me.nonce, instruction)
  me.nonce += 1n
  return tx
}

/** Submit one round; returns the pending round, or null when the service refused the submission. */
const submitRound = () => {
  if (me.round >= ROUNDS_PER_VU_MAX) fail('this VU has used all its session ids')
  const session_id = me.session_base + BigInt(me.round)
  const pocket = me.round % 37
  me.round += 1
  const first_nonce = me.nonce
  const txs = []
  if (!me.registered) txs.push(sign({ _tag: 'CasinoRegister', name: `lt-${__VU}-${me.pk.slice(0, 8)}` }))
  txs.push(sign({ _tag: 'StartGame', game_type: ROULETTE, bet: 0n, session_id }))
  const payload = encodeRouletteMove({
    _tag: 'Batch',
    bets: [
      { type: 'RED', number: 0, amount: 1n },
      { type: 'STRAIGHT', number: pocket, amount: 1n },
    ],
  })
  txs.push(sign({ _tag: 'GameMove', session_id, payload }))
  const bytes = encodeSubmission(txs)
  const sent_at = Date.now()
  const r = http.post(`${BASE_URL}/submit`, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), submitParams)
  const accepted = check(r, {
    'submit accepted': (x) => x.status === 200,
    'submit accepted every transaction': (x) => x.status === 200 && x.json('accepted') === txs.length,
  })
  if (!accepted) {
    submitRejected.add(1)
    me.nonce = readNonce(me.pk)
    if (me.nonce === first_nonce) me.round -= 1
    return null
  }
  me.registered = true
  return { session_id: session_id.toString(), sent_at }
}

export function setup() {
  const r = http.get(`${BASE_URL}/healthz`)
  if (r.status !== 200) fail(`the service at ${BASE_URL} is not healthy (status ${r.status})`)
  return { salt: __ENV.RUN_SALT || String(Date.now()) }
}

export default function (data) {
  if (me === null) me = startVu(data.salt)
  let pending = null
  let completed = 0
  let failed = false
  const res = ws.connect(`${WS_URL}/updates?account=${me.pk}`, {}, function (socket) {
    const next = () => {
      if (completed >= ROUNDS_PER_ITERATION) return socket.close(1000)
      pending = submitRound()
      if (pending === null) {
        failed = true
        socket.close(1000)
      }
    }
    socket.on('open', next)
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw)
      for (const ev of frame.events || []) {
        if (pending === null || ev.session_id !== pending.session_id) continue
        if (ev._tag === 'GameCompleted') {
          updateLatency.add(Date.now() - pending.sent_at)
          roundsCompleted.add(1)
          check(ev, {
            'GameCompleted is for this player': (e) => e.player === me.pk,
            'GameCompleted is roulette': (e) => e.game_type === 'roulette',
          })
          completed += 1
          pending = null
          next()
          return
        }
        if (ev._tag === 'CasinoError') {
          check(ev, { 'round executed without CasinoError': () => false })
          failed = true
          me.nonce = readNonce(me.pk)
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
      if (completed < ROUNDS_PER_ITERATION && !failed) {
        check(null, { 'every round completed before the timeout': () => false })
        me.nonce = readNonce(me.pk)
      }
      socket.close(1000)
    }, UPDATE_TIMEOUT_MS * ROUNDS_PER_ITERATION)
  })
  check(res, { 'updates stream opened': (r) => r && r.status === 101 })
  if (!failed) check(completed, { 'every round completed': (n) => n === ROUNDS_PER_ITERATION })
}

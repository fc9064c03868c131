/**
 * npx tsx loadtest/cli/bench-submit.ts -- [--journeys N] [--concurrency C]
 *
 * Submit throughput through the API against the engine alone, in one run on the same corpus
 * (report, not gate). N fresh players' first roulette round (CasinoRegister + StartGame + GameMove,
 * 3 signed transactions each: loadtest/corpus.ts):
 * - engine alone: decode every submission, verify every signature (the node verifies each block's
 *   transactions) and apply them in blocks of MAX_TRANSACTIONS_PER_BLOCK through the engine's Chain;
 * - API: `npm run serve` started on a free loopback port, every submission POSTed with C in
 *   flight; accepted = all 200s back, executed = every player's nonce at 3 (polled on /account).
 * Prints transactions per second of each and the ratios.
 */
import { parseArgs } from "node:util"
import { Schema } from "effect"
import { Chain } from "../../engine/chain/chain.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "../../engine/chain/constants.ts"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256Concat } from "../../engine/crypto/sha256.ts"
import { nobleVerifier, verifyTransaction } from "../../engine/tx/verify.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { decodeSubmission } from "../../services/api/submission.ts"
import { buildCorpus } from "../corpus.ts"
import { startService } from "../service.ts"

const { values } = parseArgs({
  options: { journeys: { type: "string", default: "2000" }, concurrency: { type: "string", default: "16" } }
})
const journeys = Number(values.journeys)
const concurrency = Number(values.concurrency)
if (!Number.isInteger(journeys) || journeys < 1 || journeys > 50_000 || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
  process.stderr.write("bench-submit: --journeys 1..50000, --concurrency 1..256\n")
  process.exit(2)
}

const corpus = buildCorpus({ kind: "roulette", journeys, rounds_per_journey: 1 })
const bodies = corpus.journeys.map((j) => Buffer.from(j.steps[0]?.submission_b64 ?? "", "base64"))
const txCount = corpus.journeys.reduce((n, j) => n + (j.steps[0]?.transactions ?? 0), 0)

// ---- the engine alone
const e0 = performance.now()
const txs: Transaction[] = []
for (const b of bodies) {
  const decoded = decodeSubmission(new Uint8Array(b))
  if (!Array.isArray(decoded)) throw new Error("a corpus submission does not decode")
  txs.push(...decoded)
}
for (const tx of txs) if (!verifyTransaction(nobleVerifier, tx, corpus.transaction_namespace)) throw new Error("a corpus signature does not verify")
const verified_s = (performance.now() - e0) / 1000
const chain = new Chain(defaultChainConfig([], corpus.transaction_namespace))
chain.genesis(() => {}, 0n)
let applied = 0
for (let i = 0; i < txs.length; i += MAX_TRANSACTIONS_PER_BLOCK) {
  const view = chain.view + 1n
  const seed = toHex(sha256Concat(utf8("loadtest/bench-submit/"), utf8(view.toString())))
  const r = chain.applyBlock({ parent: chain.last_digest, view, height: chain.height + 1n, seed, transactions: txs.slice(i, i + MAX_TRANSACTIONS_PER_BLOCK) })
  applied += r.outputs.filter((o) => o.status === "applied").length
}
const engine_s = (performance.now() - e0) / 1000
if (applied !== txCount) throw new Error(`the engine applied ${applied} of ${txCount} transactions`)

// ---- through the API
const service = await startService()
const nonceOf = async (pk: string): Promise<number> => {
  const r = await fetch(`${service.base_url}/account/${pk}`)
  const body: unknown = await r.json()
  const nonce = typeof body === "object" && body !== null && "nonce" in body ? Number(Schema.decodeUnknownSync(Schema.String)(body.nonce)) : -1
  return nonce
}
try {
  const a0 = performance.now()
  let next = 0
  let refused = 0
  const worker = async (): Promise<void> => {
    // bounded: each worker takes submissions until none is left
    for (let i = 0; i < bodies.length; i++) {
      const k = next++
      const body = bodies[k]
      if (body === undefined) return
      const r = await fetch(`${service.base_url}/submit`, { method: "POST", body, headers: { "content-type": "application/octet-stream" } })
      if (r.status !== 200) refused++
      await r.arrayBuffer()
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()))
  const accepted_s = (performance.now() - a0) / 1000
  // executed: every player's nonce reached its round's count (checked from the last player back, then all)
  const deadline = Date.now() + 300_000
  let pending = corpus.journeys.map((j) => j.public_key).reverse()
  for (let pass = 0; pass < 3_000 && pending.length > 0 && Date.now() < deadline; pass++) {
    const first = pending[0]
    if (first !== undefined && (await nonceOf(first)) < 3) {
      await new Promise((r) => setTimeout(r, 50))
      continue
    }
    const still: string[] = []
    for (const pk of pending) if ((await nonceOf(pk)) < 3) still.push(pk)
    pending = still
  }
  const executed_s = (performance.now() - a0) / 1000
  const line = (what: string, s: number) => `${what.padEnd(34)} ${s.toFixed(2).padStart(8)} s  ${(txCount / s).toFixed(0).padStart(7)} tx/s`
  process.stdout.write(
    [
      `bench-submit: ${journeys} submissions, ${txCount} signed transactions, ${concurrency} in flight, refused ${refused}, not executed ${pending.length}`,
      line("engine alone (decode+verify+apply)", engine_s),
      line("  of which decode+verify", verified_s),
      line("  of which apply", engine_s - verified_s),
      line("API accepted (POST /submit 200)", accepted_s),
      line("API executed (nonces advanced)", executed_s),
      `ratios: accepted / engine ${(engine_s / accepted_s).toFixed(3)}, executed / engine ${(engine_s / executed_s).toFixed(3)}`
    ].join("\n") + "\n"
  )
} finally {
  await service.stop()
}

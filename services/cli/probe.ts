/**
 * `tsx services/cli/probe.ts [--url http://127.0.0.1:8080] [--rounds 40] [--accounts 2000]`
 *
 * Measures a dev server end to end: (1) submit→event latency — one account submits a transaction,
 * waits for its frame on /updates?account=…, repeats; (2) bulk throughput — many fresh accounts
 * register in 128-transaction submissions, and the time until the last one executes.
 * Without --url it starts an in-process server (memory only, default block interval).
 */
import { Schema } from "effect"
import WebSocket from "ws"
import { actorSigner, signTransaction } from "../../engine/tx/sign.ts"
import { encodeSubmission } from "../api/submission.ts"
import { startDevServer } from "../server.ts"

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? undefined : process.argv[i + 1]
}

const decodeAccount = Schema.decodeUnknownSync(Schema.Struct({ nonce: Schema.String }))

const quantile = (xs: ReadonlyArray<number>, q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN
}

const post = async (url: string, body: Uint8Array) => {
  const res = await fetch(`${url}/submit`, { method: "POST", body: new Uint8Array(body) })
  const json: unknown = await res.json()
  if (res.status !== 200) throw new Error(`submit refused: ${res.status} ${JSON.stringify(json)}`)
}

const main = async () => {
  const given = arg("url")
  const rounds = Number(arg("rounds") ?? 40)
  const accounts = Number(arg("accounts") ?? 2000)
  const local = given === undefined ? await startDevServer({ port: 0, dataDir: null, config: { submit_rate_limit_per_minute: 0, http_rate_limit_per_second: 0 } }) : undefined
  const url = given ?? local?.url ?? ""
  const run = `probe/${Date.now()}`
  const me = actorSigner(`${run}/latency`)

  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/updates?account=${me.public_key}`)
  await new Promise((r) => ws.once("open", r))
  let waiting: (() => void) | null = null
  ws.on("message", () => waiting?.())

  const submit_ms: number[] = []
  const event_ms: number[] = []
  for (let i = 0; i < rounds; i++) {
    const t = signTransaction(me, BigInt(i), i === 0 ? { _tag: "CasinoRegister", name: "probe" } : { _tag: "PlayerAction", action: i % 2 })
    const frame = new Promise<void>((r) => (waiting = r))
    const t0 = performance.now()
    await post(url, encodeSubmission([t]))
    submit_ms.push(performance.now() - t0)
    await frame
    event_ms.push(performance.now() - t0)
  }
  ws.close()

  const signers = Array.from({ length: accounts }, (_, i) => actorSigner(`${run}/bulk/${i}`))
  const batches: Uint8Array[] = []
  for (let i = 0; i < signers.length; i += 128)
    batches.push(encodeSubmission(signers.slice(i, i + 128).map((s) => signTransaction(s, 0n, { _tag: "CasinoRegister", name: "bulk" }))))
  const last = signers[signers.length - 1]!
  const t0 = performance.now()
  for (const b of batches) await post(url, b)
  const submitted_ms = performance.now() - t0
  for (;;) {
    const res = await fetch(`${url}/account/${last.public_key}`)
    const body = decodeAccount(await res.json())
    if (body.nonce === "1") break
    await new Promise((r) => setTimeout(r, 20))
  }
  const executed_ms = performance.now() - t0

  const round = (x: number) => Math.round(x * 10) / 10
  process.stdout.write(
    JSON.stringify(
      {
        url,
        submit_to_event_ms: { n: event_ms.length, p50: round(quantile(event_ms, 0.5)), p95: round(quantile(event_ms, 0.95)), max: round(Math.max(...event_ms)) },
        submit_http_ms: { p50: round(quantile(submit_ms, 0.5)), p95: round(quantile(submit_ms, 0.95)) },
        bulk: { accounts, submissions: batches.length, submitted_ms: round(submitted_ms), all_executed_ms: round(executed_ms), executed_tx_per_s: round((accounts / executed_ms) * 1000) }
      },
      null,
      2
    ) + "\n"
  )
  await local?.close()
}

main().catch((e: unknown) => {
  process.stderr.write(`probe: ${e instanceof Error ? `${e.message} ${e.cause instanceof Error ? e.cause.message : ""}` : String(e)}\n`)
  process.exit(1)
})

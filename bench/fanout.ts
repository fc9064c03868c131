/**
 * `npm run bench -- fanout` (or `npx tsx bench/fanout.ts [subscribers] [rounds]`): WebSocket
 * subscribers one indexer holds and their update delivery latency, and two indexers sharing the
 * update fanout (Redis on 127.0.0.1:6379), against a baseline measured in the same run: a bare
 * `ws` server broadcasting a frame of the same size to as many sockets (what delivery costs with
 * no indexer at all). Report, never gate.
 *
 * Each round a block of TX_PER_BLOCK registrations is produced every ROUND_MS (the dev chain's
 * block interval); delivery latency is from the moment production starts to the frame's arrival at
 * a subscriber. Subscribers live in child processes (bench/fanout-clients.ts: their own event
 * loops and descriptors); indexer B is a child process too (bench/fanout-indexer.ts). Bounded by
 * this machine: a process holds at most `ulimit -n` sockets (20,000 here), so one indexer is
 * measured up to just under that, and the pair with half the subscribers on each.
 */
import { fork, type ChildProcess } from "node:child_process"
import { randomUUID } from "node:crypto"
import { readFileSync } from "node:fs"
import * as path from "node:path"
import { Effect, Schema } from "effect"
import WebSocket, { WebSocketServer } from "ws"
import { signTransaction, actorSigner } from "../engine/tx/sign.ts"
import type { Transaction } from "../engine/tx/transaction.ts"
import { silentLogSink } from "../services/log.ts"
import { startDevServer, type DevServer } from "../services/server.ts"
import { machineNote, type BenchReport } from "./report.ts"

const TX_PER_BLOCK = 1
const ROUND_MS = 250
const SETTLE_MS = 2_000
const DIR = import.meta.dirname

const Ready = Schema.Struct({ type: Schema.Literal("ready"), open: Schema.Int, failed: Schema.Int })
const Reported = Schema.Struct({ type: Schema.Literal("report"), frames: Schema.Int, p50_ms: Schema.Number, p99_ms: Schema.Number, max_ms: Schema.Number })
const IndexerReady = Schema.Struct({ type: Schema.Literal("ready"), url: Schema.String })
type Reported = typeof Reported.Type

const now = (): number => performance.timeOrigin + performance.now()

/** this process's descriptor limits from /proc/self/limits (Linux), "unknown" elsewhere */
const openFilesLimit = (): { soft: string; hard: string } => {
  try {
    const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"))
    const [soft = "unknown", hard = "unknown"] = (line ?? "").replace("Max open files", "").trim().split(/\s+/)
    return { soft, hard }
  } catch {
    return { soft: "unknown", hard: "unknown" }
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** the next IPC message of a child that decodes as `schema` (others skipped; bounded by the child's life) */
const next = <A, I>(child: ChildProcess, schema: Schema.Schema<A, I>): Promise<A> =>
  new Promise((resolve, reject) => {
    const is = Schema.is(schema)
    const on = (m: unknown) => {
      if (!is(m)) return
      child.off("message", on)
      child.off("exit", exit)
      resolve(m)
    }
    const exit = (code: number | null) => reject(new Error(`child exited (${code}) before answering`))
    child.on("message", on)
    child.once("exit", exit)
  })

const spawnTs = (file: string, args: ReadonlyArray<string> = []): ChildProcess =>
  fork(path.join(DIR, file), [...args], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] })

interface Subscribers {
  readonly child: ChildProcess
  readonly open: number
  readonly report: (sent: ReadonlyMap<string, number>) => Promise<Reported>
}

const subscribe = async (url: string, count: number): Promise<Subscribers> => {
  const child = spawnTs("fanout-clients.ts")
  child.send({ type: "open", targets: [{ url, count }] })
  const ready = await next(child, Ready)
  return {
    child,
    open: ready.open,
    report: async (sent) => {
      child.send({ type: "report", sent: Object.fromEntries(sent) })
      return next(child, Reported)
    }
  }
}

const limits = (n: number) => ({
  http_rate_limit_per_second: 0,
  submit_rate_limit_per_minute: 0,
  ws_max_connections: n + 100,
  ws_max_connections_per_ip: n + 100,
  http_max_connections: n + 200,
  http_max_connections_per_ip: n + 200,
  ws_heartbeat_ms: 0
})

const blocksOf = (rounds: number, label: string): Transaction[][] =>
  Array.from({ length: rounds + 1 }, (_, r) =>
    Array.from({ length: TX_PER_BLOCK }, (_, i) => signTransaction(actorSigner(`bench-fanout/${label}/${r}/${i}`), 0n, { _tag: "CasinoRegister", name: `p${r}-${i}` }))
  )

/** R blocks on `server`, one every ROUND_MS; the production start time of each height */
const produce = async (server: DevServer, blocks: ReadonlyArray<ReadonlyArray<Transaction>>): Promise<Map<string, number>> => {
  const sent = new Map<string, number>()
  for (const txs of blocks) {
    const t0 = now()
    await Effect.runPromise(server.devChain.admit(txs))
    const fb = await server.produceNow()
    sent.set(fb.result.height.toString(), t0)
    await sleep(Math.max(0, ROUND_MS - (now() - t0)))
  }
  await sleep(SETTLE_MS)
  return sent
}

/** the baseline: a bare ws server sending a frame of the same size to `n` sockets per round */
const rawBroadcast = async (n: number, rounds: number, frame: string): Promise<Reported & { open: number }> => {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false })
  await new Promise((r) => wss.once("listening", r))
  const address = wss.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  const sockets = new Set<WebSocket>()
  wss.on("connection", (ws) => {
    sockets.add(ws)
    ws.on("close", () => sockets.delete(ws))
  })
  const subs = await subscribe(`ws://127.0.0.1:${port}/`, n)
  const sent = new Map<string, number>()
  const body = frame.replace(/^\{"height":"\d+"/, "")
  for (let h = 1; h <= rounds; h++) {
    const t0 = now()
    // encoded once, sent as a text frame to every socket (what the hub does)
    const bytes = Buffer.from(`{"height":"${h}"${body}`)
    for (const ws of sockets) ws.send(bytes, { binary: false })
    sent.set(String(h), t0)
    await sleep(Math.max(0, ROUND_MS - (now() - t0)))
  }
  await sleep(SETTLE_MS)
  const r = await subs.report(sent)
  for (const ws of sockets) ws.terminate()
  await new Promise((res) => wss.close(() => res(undefined)))
  return { ...r, open: subs.open }
}

export const benchFanout = async (subscribers = 10_000, rounds = 20): Promise<BenchReport> => {
  const n = Math.max(1, Math.min(19_000, subscribers))
  const files = openFilesLimit()
  console.log(`open files limit: soft ${files.soft}, hard ${files.hard} (a process holds at most that many sockets; the children inherit it, and raising the hard limit needs CAP_SYS_RESOURCE)`)

  // one indexer
  const one = await startDevServer({ port: 0, host: "127.0.0.1", dataDir: null, blockIntervalMs: 0, log: silentLogSink, config: limits(n) })
  const blocks = blocksOf(rounds, randomUUID().slice(0, 8))
  const [warm, ...timed] = blocks
  let sample = ""
  {
    // a real frame for the baseline's size: the first block's, read back from /updates by one client
    const c = new WebSocket(one.updatesUrl)
    await new Promise((r) => c.once("open", r))
    const got = new Promise<string>((r) => c.once("message", (d) => r(String(d))))
    await Effect.runPromise(one.devChain.admit(warm ?? []))
    await one.produceNow()
    sample = await got
    c.close()
  }
  const subsOne = await subscribe(one.updatesUrl, n)
  const sentOne = await produce(one, timed)
  const single = await subsOne.report(sentOne)
  await one.close()

  const raw = await rawBroadcast(n, rounds, sample)

  // two indexers through the fanout: A produces, half the subscribers on each
  const channel = `bench.${randomUUID().slice(0, 8)}`
  const a = await startDevServer({ port: 0, host: "127.0.0.1", dataDir: null, blockIntervalMs: 0, log: silentLogSink, config: { ...limits(n), fanout_url: "redis://127.0.0.1:6379", fanout_channel: channel, fanout_origin: "bench-a" } })
  const bChild = spawnTs("fanout-indexer.ts", ["redis://127.0.0.1:6379", channel, String(n + 100)])
  const b = await next(bChild, IndexerReady)
  await sleep(500)
  const half = Math.floor(n / 2)
  const [subsA, subsB] = await Promise.all([subscribe(a.updatesUrl, half), subscribe(`${b.url.replace(/^http/, "ws")}/updates`, n - half)])
  const sentPair = await produce(a, blocksOf(rounds - 1, randomUUID().slice(0, 8)))
  const [onA, onB] = await Promise.all([subsA.report(sentPair), subsB.report(sentPair)])
  await a.close()
  bChild.send({ type: "close" })
  await new Promise((r) => bChild.once("exit", r))

  const expected = (open: number, sent: ReadonlyMap<string, number>) => open * sent.size
  console.log(`\n(fanout bench on ${machineNote()}; ${rounds} blocks of ${TX_PER_BLOCK} transactions, one per ${ROUND_MS} ms; frame ${sample.length} bytes)`)
  return {
    name: `WebSocket update delivery: ${n.toLocaleString("en-US")} subscribers, one indexer and two through the fanout (Redis)`,
    rows: [
      ["baseline: bare ws broadcast, sockets open", raw.open],
      ["baseline: delivery p50 ms", raw.p50_ms],
      ["baseline: delivery p99 ms", raw.p99_ms],
      ["one indexer: subscribers held", subsOne.open],
      ["one indexer: frames delivered ÷ expected", single.frames / expected(subsOne.open, sentOne)],
      ["one indexer: delivery p50 ms", single.p50_ms],
      ["one indexer: delivery p99 ms", single.p99_ms],
      ["one indexer: delivery max ms", single.max_ms],
      ["ratio one indexer p99 ÷ baseline p99", single.p99_ms / raw.p99_ms],
      ["two indexers: subscribers held (A + B)", subsA.open + subsB.open],
      ["two indexers: frames delivered ÷ expected", (onA.frames + onB.frames) / expected(subsA.open + subsB.open, sentPair)],
      ["two indexers: p99 ms on A (producer)", onA.p99_ms],
      ["two indexers: p99 ms on B (through the fanout)", onB.p99_ms],
      ["ratio B p99 ÷ A p99", onB.p99_ms / onA.p99_ms]
    ]
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printReport } = await import("./report.ts")
  printReport(await benchFanout(Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 20)))
  process.exit(0)
}

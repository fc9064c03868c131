/**
 * The subscriber side of bench/fanout.ts, a child process of its own (its own event loop and file
 * descriptors): opens the WebSocket connections it is told to (in batches), records when each
 * frame of each height arrives, and answers with delivery percentiles once the parent sends the
 * time each height was produced. Talks to the parent over the IPC channel only.
 *   → {type:"open", targets:[{url, count}]}     ← {type:"ready", open, failed}
 *   → {type:"report", sent:{[height]: ms}}      ← {type:"report", frames, expected, p50_ms, p99_ms, max_ms}
 */
import { Schema } from "effect"
import WebSocket from "ws"

const OPEN_BATCH = 250
/** frames recorded at most (a bound on the memory this process holds) */
const RECORDED_MAX = 20_000_000

const Open = Schema.Struct({ type: Schema.Literal("open"), targets: Schema.Array(Schema.Struct({ url: Schema.String, count: Schema.Int })) })
const Report = Schema.Struct({ type: Schema.Literal("report"), sent: Schema.Record({ key: Schema.String, value: Schema.Number }) })
const Message = Schema.Union(Open, Report)
const decode = Schema.decodeUnknownSync(Message)

const now = (): number => performance.timeOrigin + performance.now()
/** arrivals: height → receive times (ms since the epoch, sub-millisecond) */
const arrivals = new Map<string, number[]>()
const sockets: WebSocket[] = []
let recorded = 0

const HEIGHT = /^\{"height":"(\d+)"/

const openOne = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false })
    ws.once("open", () => {
      sockets.push(ws)
      resolve(true)
    })
    ws.once("error", () => resolve(false))
    ws.once("unexpected-response", () => resolve(false))
    ws.on("message", (data) => {
      const t = now()
      const m = HEIGHT.exec(String(data).slice(0, 40))
      if (m === null || recorded >= RECORDED_MAX) return
      const h = m[1] ?? ""
      let list = arrivals.get(h)
      if (list === undefined) arrivals.set(h, (list = []))
      list.push(t)
      recorded++
    })
  })

const send = (m: object) => process.send?.(m)

process.on("message", async (raw: unknown) => {
  const m = decode(raw)
  if (m.type === "open") {
    let open = 0
    let failed = 0
    for (const t of m.targets) {
      for (let done = 0; done < t.count; done += OPEN_BATCH) {
        const batch = await Promise.all(Array.from({ length: Math.min(OPEN_BATCH, t.count - done) }, () => openOne(t.url)))
        for (const ok of batch) ok ? open++ : failed++
      }
    }
    send({ type: "ready", open, failed })
    return
  }
  const latencies: number[] = []
  for (const [h, times] of arrivals) {
    const sent = m.sent[h]
    if (sent === undefined) continue
    for (const t of times) latencies.push(t - sent)
  }
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN
  send({ type: "report", frames: latencies.length, p50_ms: at(0.5), p99_ms: at(0.99), max_ms: latencies[latencies.length - 1] ?? Number.NaN })
  for (const ws of sockets) ws.terminate()
  setTimeout(() => process.exit(0), 100)
})
send({ type: "started" })

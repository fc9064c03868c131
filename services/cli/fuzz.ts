/**
 * `npm run fuzz [-- --requests 100000 --ws-frames 2000 --seed 20261203 --concurrency 16]`: seeded
 * malformed and unauthorised requests against every endpoint of an in-process API, then raw
 * WebSocket frames on /updates and /mempool (services/fuzz/). Prints the
 * statuses seen, the request kinds, and any failure with its index (replay: the same seed). Exit
 * 0 when nothing crashed, every error was typed and the chain was untouched; 1 otherwise.
 */
import { parseArgs } from "node:util"
import { RSS_GROWTH_BYTES_MAX, runFuzz } from "../fuzz/run.ts"

const { values } = parseArgs({
  options: { requests: { type: "string", default: "100000" }, "ws-frames": { type: "string", default: "2000" }, seed: { type: "string", default: "20261203" }, concurrency: { type: "string", default: "16" } }
})
const int = (name: string, raw: string | undefined, min: number, max: number): number => {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`fuzz: --${name} must be an integer in ${min}..${max}, got ${String(raw)}\n`)
    process.exit(2)
  }
  return n
}
const requests = int("requests", values.requests, 1, 10_000_000)
const seed = int("seed", values.seed, 0, 0xffff_ffff)
const concurrency = int("concurrency", values.concurrency, 1, 256)
const ws_frames = int("ws-frames", values["ws-frames"], 0, 1_000_000)
process.stdout.write(`fuzz: ${requests} requests, ${ws_frames} raw WebSocket frame cases, seed ${seed}, concurrency ${concurrency}\n`)
const report = await runFuzz({ seed, requests, ws_frames, concurrency })
process.stdout.write(`statuses: ${JSON.stringify(report.by_status)}\n`)
process.stdout.write(`raw frames: ${JSON.stringify(report.ws_frames_by_outcome)}; RSS ${(report.ws_frames_rss_growth_bytes / 1048576).toFixed(1)} MiB over that phase; feed watchers ${report.watchers_open_after ? "still open" : "CLOSED"}\n`)
for (const [kind, n] of Object.entries(report.by_kind).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(8)}  ${kind}\n`)
for (const f of report.failures) process.stdout.write(`FAIL #${f.index} ${f.kind} (${f.method} ${f.path} → ${f.status}) ${f.body}\n`)
const ok = report.failures.length === 0 && report.state_unchanged && report.healthy_after && report.watchers_open_after && report.ws_frames_rss_growth_bytes < RSS_GROWTH_BYTES_MAX
process.stdout.write(
  `${report.requests} requests in ${(report.elapsed_ms / 1000).toFixed(1)} s (${Math.round(report.requests / (report.elapsed_ms / 1000))}/s): ` +
    `${report.failures.length} failures, chain ${report.state_unchanged ? "untouched" : "CHANGED"}, ${report.healthy_after ? "healthy" : "NOT healthy"} after — ${ok ? "ok" : "FAIL"}\n`
)
process.exit(ok ? 0 : 1)

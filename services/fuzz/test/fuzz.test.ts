/**
 * A seeded fuzz run in CI (`npm run fuzz` runs 100,000): 3,000 malformed and unauthorised
 * requests across every endpoint crash nothing (no 5xx but the typed 501/503), every error is a
 * typed JSON body, the chain is untouched and healthy, nothing reaches the /mempool and /updates
 * feeds; and the run reaches what it is meant to (each request family — the explorer's and the
 * feeds' WebSocket upgrades included — and the 400/401/403/404/405 answers, the 4400 close);
 * 120 seeded raw WebSocket frame cases after real upgrades each end in their close code (1002,
 * 1003, 1007, 1008, 1009, 4400) or a pong, the feed watchers stay open and RSS stays bounded.
 */
import { describe, expect, it } from "vitest"
import { RSS_GROWTH_BYTES_MAX, runFuzz } from "../run.ts"

const SEED = 20261203
console.log(`fuzz seed ${SEED}`)

describe("API fuzzing", () => {
  it("3,000 seeded malformed or unauthorised requests: 0 crashes, typed errors only, nothing changed", async () => {
    const r = await runFuzz({ seed: SEED, requests: 3_000, ws_frames: 120, concurrency: 8 })
    expect(r.failures).toEqual([])
    expect(r.state_unchanged).toBe(true)
    expect(r.healthy_after).toBe(true)
    expect(r.feed_frames).toBe(0)
    expect(r.ws_requests).toBeGreaterThan(0)
    for (const outcome of ["open", "refused 403", "refused 404", "closed 4400"]) expect(r.ws_by_outcome[outcome] ?? 0, outcome).toBeGreaterThan(0)
    expect(r.watchers_open_after).toBe(true)
    expect(r.ws_frames).toBe(120)
    expect(r.ws_frames_rss_growth_bytes).toBeLessThan(RSS_GROWTH_BYTES_MAX)
    for (const outcome of ["closed 1002", "closed 1003", "closed 1007", "closed 1008", "closed 1009", "pong"]) expect(r.ws_frames_by_outcome[outcome] ?? 0, outcome).toBeGreaterThan(0)
    for (const status of ["400", "401", "403", "404", "405"]) expect(r.by_status[status] ?? 0, status).toBeGreaterThan(0)
    for (const kind of ["bad path parameter", "unknown route", "submit: one bit flipped", "submit: truncated", "submit: signed under another key or namespace", "submit: random bytes",
      "explorer: bad id", "explorer: limit or before beyond bounds", "explorer: bad search query", "explorer: wrong method",
      "ws: a path next to the feeds", "ws: malformed filter", "ws: well-formed upgrade", "ws: repeated filter",
      "ws frames: reserved opcode", "ws frames: oversized declared length", "ws frames: fragmented control frame", "ws frames: unmasked client frame",
      "ws frames: bad UTF-8", "ws frames: subscription filter as a message", "ws frames: ping flood"])
      expect(r.by_kind[kind] ?? 0, kind).toBeGreaterThan(0)
  }, 120_000)
})

/**
 * A seeded fuzz run in CI (`npm run fuzz` runs 100,000): 3,000 malformed and unauthorised
 * requests across every endpoint crash nothing (no 5xx but the typed 501/503), every error is a
 * typed JSON body, the chain is untouched and healthy; and the run reaches what it is meant to
 * (each request family, and the 400/401/403/404/405 answers).
 */
import { describe, expect, it } from "vitest"
import { runFuzz } from "../run.ts"

const SEED = 20261203
console.log(`fuzz seed ${SEED}`)

describe("API fuzzing", () => {
  it("3,000 seeded malformed or unauthorised requests: 0 crashes, typed errors only, nothing changed", async () => {
    const r = await runFuzz({ seed: SEED, requests: 3_000, concurrency: 8 })
    expect(r.failures).toEqual([])
    expect(r.state_unchanged).toBe(true)
    expect(r.healthy_after).toBe(true)
    for (const status of ["400", "401", "403", "404", "405"]) expect(r.by_status[status] ?? 0, status).toBeGreaterThan(0)
    for (const kind of ["bad path parameter", "unknown route", "submit: one bit flipped", "submit: truncated", "submit: signed under another key or namespace", "submit: random bytes"])
      expect(r.by_kind[kind] ?? 0, kind).toBeGreaterThan(0)
  }, 120_000)
})

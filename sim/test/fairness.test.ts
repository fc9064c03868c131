/**
 * The fairness harness: deterministic chunks, the ratio estimator and its standard error, the
 * catalogue's super entries (exact theory within [94 %, base]), and a small worker-thread run that
 * writes (and on a re-run replaces) rows in a DuckDB file.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { ScriptedOutcomes } from "../../engine/games/outcomes.ts"
import { ratioToNumber, superRtpFactor } from "../../engine/games/super-mode.ts"
import { BASE_FAIRNESS, FAIRNESS_CATALOG } from "../fairness/catalog.ts"
import { superFairnessOf } from "../fairness/games/super-mode.ts"
import { runFairness, withinTolerance } from "../fairness/harness.ts"
import { betKey, estimate, mergeTallies, runChunk } from "../fairness/monte-carlo.ts"
import { readFairnessRows, writeFairnessRows } from "../fairness/sink.ts"
import type { FairnessBet } from "../fairness/types.ts"

const dir = mkdtempSync(join(tmpdir(), "nullspace-fairness-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SEED = new Uint8Array(32).fill(7)
const SEED_HEX = "07".repeat(32)

/** a coin: stake 10, return 20 or 0 — RTP 1, per-round sd 1 (in stakes) */
const coin: FairnessBet = {
  game: "roulette",
  bet_type: "COIN",
  rules: "test",
  super_mode: false,
  theoretical_rtp: 1,
  source: "test coin",
  main: true,
  playRound: (io) => ({ staked: 10n, returned: io.uniform(2) === 0 ? 20n : 0n })
}

const redStandard = (): FairnessBet => {
  const b = BASE_FAIRNESS.find((x) => x.game === "roulette" && x.bet_type === "RED" && x.rules === "standard")
  if (b === undefined) throw new Error("roulette RED is not in the catalogue")
  return b
}

describe("Monte Carlo chunks", () => {
  it("a chunk is a pure function of (seed, bet, chunk index)", () => {
    expect(runChunk(coin, SEED, 3, 500)).toEqual(runChunk(coin, SEED, 3, 500))
    expect(runChunk(coin, SEED, 4, 500).returned).not.toBe(runChunk(coin, SEED, 3, 500).returned)
  })

  it("the ratio estimator's standard error matches the coin's 1/√n", () => {
    const t = mergeTallies([0, 1, 2, 3].map((c) => runChunk(coin, SEED, c, 10_000)))
    expect(t.rounds).toBe(40_000)
    const e = estimate(t)
    expect(e.stderr).toBeGreaterThan(0.95 / Math.sqrt(40_000))
    expect(e.stderr).toBeLessThan(1.05 / Math.sqrt(40_000))
    expect(Math.abs(e.rtp - 1)).toBeLessThan(5 * e.stderr)
  })

  it("tolerance: 0.1 pp, or 4 standard errors when those are wider", () => {
    expect(withinTolerance(0.97, 0.9709, 0.0001)).toBe(true)
    expect(withinTolerance(0.97, 0.9712, 0.0001)).toBe(false)
    expect(withinTolerance(0.97, 0.975, 0.0015)).toBe(true)
    expect(withinTolerance(0.97, Number.NaN, 0.0015)).toBe(false)
  })
})

describe("the catalogue", () => {
  it("names every bet once", () => {
    const keys = FAIRNESS_CATALOG.map(betKey)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it("has a super entry for every main bet, at base × E[m]/1.2, within [94 %, base] (N5, N6)", () => {
    const mains = BASE_FAIRNESS.filter((b) => b.main)
    const supers = FAIRNESS_CATALOG.filter((b) => b.super_mode)
    expect(supers.length).toBe(mains.length)
    for (const b of mains) {
      const s = supers.find((x) => x.game === b.game && x.bet_type === b.bet_type && x.rules === b.rules)
      expect(s, betKey(b)).toBeDefined()
      const theory = s?.theoretical_rtp ?? Number.NaN
      expect(theory).toBeCloseTo(b.theoretical_rtp * ratioToNumber(superRtpFactor(b.game)), 12)
      expect(theory, betKey(b)).toBeLessThanOrEqual(b.theoretical_rtp)
      if (b.theoretical_rtp >= 0.95) expect(theory, betKey(b)).toBeGreaterThanOrEqual(0.94)
    }
  })

  it("a super round pays fee and lift exactly as the session executor does", () => {
    const sup = superFairnessOf(redStandard())
    // pocket 1 (red), super index 190 (2x): stake 1000 + fee 200; return 2000 lifted to 4000
    expect(sup.playRound(new ScriptedOutcomes([1, 190]))).toEqual({ staked: 1200n, returned: 4000n })
    // pocket 2 (black): nothing returned, the multiplier lifts nothing
    expect(sup.playRound(new ScriptedOutcomes([2, 199]))).toEqual({ staked: 1200n, returned: 0n })
  })
})

describe("a small fairness run", () => {
  it("measures through worker threads and writes rows to DuckDB, replacing earlier ones", async () => {
    const db = join(dir, "fairness.duckdb")
    const select = (b: FairnessBet) => b.game === "roulette" && b.rules === "standard" && (b.bet_type === "RED" || b.bet_type === "DOZEN")
    const options = { rounds_main: 4_000, rounds_side: 1_000, chunk_rounds: 1_000, workers: 2, seed_hex: SEED_HEX, select }
    const rows = await runFairness({ ...options, measured_at: "first" })
    expect(rows.map((r) => `${r.bet_type}/${r.super_mode}/${r.rounds}`).sort()).toEqual(["DOZEN/false/1000", "RED/false/4000", "RED/true/4000"])
    for (const r of rows) {
      expect(r.stderr).toBeGreaterThan(0)
      expect(Math.abs(r.measured_rtp - r.theoretical_rtp)).toBeLessThan(6 * r.stderr)
    }
    // deterministic: the workers' figures are those of the chunks played here, in order
    for (const r of rows) {
      const bet = FAIRNESS_CATALOG.find((b) => b.game === r.game && b.bet_type === r.bet_type && b.rules === r.rules && b.super_mode === r.super_mode)
      if (bet === undefined) throw new Error(`${r.bet_type} is not in the catalogue`)
      const chunks = Array.from({ length: r.rounds / options.chunk_rounds }, (_, k) => runChunk(bet, SEED, k, options.chunk_rounds))
      expect(r.measured_rtp).toBe(estimate(mergeTallies(chunks)).rtp)
    }

    await writeFairnessRows(db, rows)
    await writeFairnessRows(
      db,
      rows.map((r) => ({ ...r, measured_at: "second" }))
    )
    const stored = await readFairnessRows(db)
    expect(stored).toHaveLength(3)
    for (const r of stored) {
      expect(r["measured_at"]).toBe("second")
      expect(typeof r["within_tolerance"]).toBe("boolean")
      expect(r["rounds"]).toBeTypeOf("bigint")
    }
    expect(stored.filter((r) => r["super_mode"] === true)).toHaveLength(1)
  }, 120_000)
})

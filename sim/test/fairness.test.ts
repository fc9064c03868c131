/**
 * The fairness harness: deterministic chunks, the ratio estimator and its standard error, the
 * catalogue's super entries (exact theory within [94 %, base]), and a small worker-thread run that
 * writes (and on a re-run replaces) rows in a DuckDB file.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { streamOutcomes } from "../../engine/games/outcomes.ts"
import { roulette } from "../../engine/games/roulette/roulette.ts"
import { SUPER_TABLES } from "../../engine/games/super-mode.ts"
import { threeCard } from "../../engine/games/three-card/three-card.ts"
import { RandomStream } from "../../engine/random/stream.ts"
import { BASE_FAIRNESS, FAIRNESS_CATALOG } from "../fairness/catalog.ts"
import { superFairnessOf } from "../fairness/games/super-mode.ts"
import { FairnessInterrupted, exactStderr, judgedStderr, runFairness, withinTolerance } from "../fairness/harness.ts"
import { ExecutorTable, type SeatPlayer } from "../fairness/seat.ts"
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

  it("the judged standard error is never below the exact one when the bet states its second moment", () => {
    // a 1-in-1000 award of 1000 (RTP 1, E[X²] = 1000): a sample without the award has sample se 0
    const rare = { theoretical_rtp: 1, second_moment: 1000 }
    expect(exactStderr(1, 1000, 10_000)).toBeCloseTo(Math.sqrt(999 / 10_000), 12)
    expect(judgedStderr(rare, 10_000, 0)).toBeCloseTo(Math.sqrt(999 / 10_000), 12)
    expect(judgedStderr(rare, 10_000, 1)).toBe(1)
    expect(judgedStderr({ theoretical_rtp: 1 }, 10_000, 0.01)).toBe(0.01)
  })

  it("tolerance: 0.1 pp, or 4 standard errors when those are wider", () => {
    expect(withinTolerance(0.97, 0.9709, 0.0001)).toBe(true)
    expect(withinTolerance(0.97, 0.9712, 0.0001)).toBe(false)
    expect(withinTolerance(0.97, 0.975, 0.0015)).toBe(true)
    expect(withinTolerance(0.97, Number.NaN, 0.0015)).toBe(false)
  })
})

/** E[m] of each game's super table as docs/games/super-mode.md states it (the design numbers) */
const DOC_EXPECTED_MULTIPLIER: Readonly<Record<string, number>> = {
  baccarat: 1.19,
  blackjack: 1.195,
  casino_war: 1.195,
  craps: 1.19,
  video_poker: 1.19,
  hilo: 1.19,
  roulette: 1.195,
  sic_bo: 1.195,
  three_card: 1.19,
  ultimate_holdem: 1.194
}

describe("the catalogue", () => {
  it("names every bet once", () => {
    const keys = FAIRNESS_CATALOG.map(betKey)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it("has a super entry for every main bet, at base × E[m]/1.2 with the documented E[m], within [94 %, base] (N5, N6)", () => {
    const mains = BASE_FAIRNESS.filter((b) => b.main)
    const supers = FAIRNESS_CATALOG.filter((b) => b.super_mode)
    expect(supers.length).toBe(mains.length)
    for (const b of mains) {
      const s = supers.find((x) => x.game === b.game && x.bet_type === b.bet_type && x.rules === b.rules)
      expect(s, betKey(b)).toBeDefined()
      const theory = s?.theoretical_rtp ?? Number.NaN
      const m = DOC_EXPECTED_MULTIPLIER[b.game] ?? Number.NaN
      expect(Math.abs(theory - (b.theoretical_rtp * m) / 1.2), betKey(b)).toBeLessThan(1e-12)
      expect(theory, betKey(b)).toBeLessThanOrEqual(b.theoretical_rtp)
      if (b.theoretical_rtp >= 0.95) expect(theory, betKey(b)).toBeGreaterThanOrEqual(0.94)
    }
  })
})

describe("super mode through the session executor", () => {
  const RED = 1_000n
  const redPlayer: SeatPlayer = (seat) => {
    const s = seat.start(roulette, 0n)
    s.move({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: RED }] })
  }

  it("a super round is charged stake + 20 % and returns a win × one of the roulette table's multipliers", () => {
    const table = new ExecutorTable(streamOutcomes(new RandomStream(SEED)), true)
    const lifts = new Set<bigint>()
    for (let i = 0; i < 400; i++) {
      const r = table.play(redPlayer)
      expect(r.staked).toBe(1_200n)
      if (r.returned > 0n) lifts.add(r.returned)
    }
    const allowed = new Set(SUPER_TABLES.roulette.map((e) => (2n * RED * BigInt(e.multiplier_tenths)) / 10n))
    for (const x of lifts) expect(allowed.has(x), `return ${x}`).toBe(true)
    // 400 rounds, P(win) 18/37, P(m > 1) 13.5 %: the 1x return and at least one lifted return occur
    expect(lifts.has(2_000n)).toBe(true)
    expect([...lifts].some((x) => x > 2_000n)).toBe(true)
  })

  it("without super the same executor table charges the bare stake and pays 2 × on a win", () => {
    const table = new ExecutorTable(streamOutcomes(new RandomStream(SEED)), false)
    for (let i = 0; i < 100; i++) {
      const r = table.play(redPlayer)
      expect(r.staked).toBe(1_000n)
      expect([0n, 2_000n]).toContain(r.returned)
    }
  })

  it("the executor's refunds count: a pair plus lowered inside the deal comes back with its fee (N21)", () => {
    const table = new ExecutorTable(streamOutcomes(new RandomStream(SEED)), true)
    const lowerThenFold: SeatPlayer = (seat) => {
      const s = seat.start(threeCard, 1_000n)
      s.move({ _tag: "SetSideBet", bet: "PAIR_PLUS", amount: 500n })
      s.move({ _tag: "AtomicDeal", pair_plus: 0n, six_card: 0n, progressive: 0n })
      s.move({ _tag: "Fold" })
    }
    for (let i = 0; i < 20; i++) expect(table.play(lowerThenFold)).toEqual({ staked: 1_800n, returned: 600n })
  })

  it("a super entry is the executor's round of its base bet's player", () => {
    const red = redStandard()
    const sup = superFairnessOf(red)
    expect(sup.player).toBe(red.player)
    const t = runChunk(sup, SEED, 0, 300)
    expect(t.staked).toBe(300n * 1_200n)
  })
})

describe("a fairness run", () => {
  const select = (b: FairnessBet) => b.game === "roulette" && b.rules === "standard" && (b.bet_type === "RED" || b.bet_type === "DOZEN")
  const options = { rounds_main: 4_000, rounds_side: 1_000, rounds_super: 2_000, chunk_rounds: 1_000, workers: 2, seed_hex: SEED_HEX, select }

  it("smoke: measures through worker threads, labels small runs smoke, and writes rows to DuckDB, replacing earlier ones", async () => {
    const db = join(dir, "fairness.duckdb")
    const rows = await runFairness({ ...options, measured_at: "first" })
    expect(rows.map((r) => `${r.bet_type}/${r.super_mode}/${r.rounds}`).sort()).toEqual(["DOZEN/false/1000", "RED/false/4000", "RED/true/2000"])
    for (const r of rows) {
      expect(r.stderr).toBeGreaterThan(0)
      expect(r.within_tolerance, `${r.bet_type} ${r.measured_rtp} vs ${r.theoretical_rtp} ± ${r.stderr}`).toBe(true)
      expect(r.source.startsWith("smoke run")).toBe(true)
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
      expect(String(r["source"]).startsWith("smoke run")).toBe(true)
    }
    expect(stored.filter((r) => r["super_mode"] === true)).toHaveLength(1)
  }, 120_000)

  it("an interrupted run resumes from its checkpoints, replays no finished chunk and gives the uninterrupted result", async () => {
    const whole = await runFairness({ ...options, measured_at: "x", checkpoint_dir: join(dir, "whole") })
    const cp = join(dir, "interrupted")
    const ac = new AbortController()
    let first_done = 0
    const interrupted = runFairness({
      ...options,
      workers: 1,
      measured_at: "x",
      checkpoint_dir: cp,
      signal: ac.signal,
      onProgress: (p) => {
        first_done = p.chunks_done
        if (p.chunks_done >= 3) ac.abort()
      }
    })
    await expect(interrupted).rejects.toBeInstanceOf(FairnessInterrupted)
    const saved = readdirSync(cp).filter((f) => f.endsWith(".json")).length
    expect(saved).toBeGreaterThanOrEqual(3)
    expect(saved).toBeLessThan(7)
    expect(first_done).toBe(saved)
    let resumed = -1
    let played = 0
    const left: number[] = []
    const again = await runFairness({
      ...options,
      measured_at: "x",
      checkpoint_dir: cp,
      onProgress: (p) => {
        if (resumed < 0) resumed = p.chunks_resumed
        played = p.chunks_done - p.chunks_resumed
        left.push(p.seconds_left)
      }
    })
    expect(resumed).toBe(saved)
    expect(played).toBe(7 - saved)
    // the time left is unknown before any chunk of this run finished (and while a kind of bet,
    // super or not, has no measurement yet), an estimate while chunks remain, and 0 at the end
    expect(left[0]).toBeNaN()
    expect(left.slice(1, -1).every((s) => Number.isNaN(s) || s > 0)).toBe(true)
    expect(left.at(-1)).toBe(0)
    expect(again).toEqual(whole)
  }, 180_000)
})

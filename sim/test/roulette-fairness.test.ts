/**
 * Roulette fairness: the exact RTPs (computed from the engine's pays and covers, with the prison
 * chains) anchored to independent figures — every bet of a single-zero wheel returns 36/37, of a
 * double-zero wheel 36/38; an even-money bet under La Partage returns 1 − 1/74 (half back on a
 * zero), under En Prison 1 − 19/1369 (a second zero loses), under the two-level ladder
 * (36 + 666/1351)/37 — and a smoke Monte Carlo of every bet through the engine.
 */
import { describe, expect, it } from "vitest"
import { utf8 } from "../../engine/codec/bytes.ts"
import { EVEN_MONEY } from "../../engine/games/roulette/bets.ts"
import { ROULETTE_FAIRNESS } from "../fairness/games/roulette.ts"
import { rowOf } from "../fairness/harness.ts"
import { runChunk } from "../fairness/monte-carlo.ts"

const evenMoney = (t: string): boolean => [...EVEN_MONEY].some((x) => x === t)

describe("roulette fairness", () => {
  it("standard: every bet type returns exactly 36/37; american: 36/38", () => {
    const standard = ROULETTE_FAIRNESS.filter((b) => b.rules === "standard")
    const american = ROULETTE_FAIRNESS.filter((b) => b.rules === "american")
    expect(standard.length).toBe(14)
    expect(american.length).toBe(14)
    for (const b of standard) expect(Math.abs(b.theoretical_rtp - 36 / 37), b.bet_type).toBeLessThan(1e-15)
    for (const b of american) expect(Math.abs(b.theoretical_rtp - 36 / 38), b.bet_type).toBeLessThan(1e-15)
  })

  it("la partage: even-money bets return 1 − 1/74 (the published 1.35 % edge); other bets 36/37", () => {
    for (const b of ROULETTE_FAIRNESS.filter((x) => x.rules === "la_partage")) {
      const expected = evenMoney(b.bet_type) ? 1 - 1 / 74 : 36 / 37
      expect(Math.abs(b.theoretical_rtp - expected), b.bet_type).toBeLessThan(1e-15)
    }
  })

  it("en prison, a second zero loses: the imprisoned stake is worth 18/37, RTP 1 − 19/1369 (edge 1.39 %)", () => {
    for (const b of ROULETTE_FAIRNESS.filter((x) => x.rules === "en_prison")) {
      const expected = evenMoney(b.bet_type) ? 1 - 19 / 1369 : 36 / 37
      expect(Math.abs(b.theoretical_rtp - expected), b.bet_type).toBeLessThan(1e-15)
    }
  })

  it("en prison with the two-level ladder (N13): the imprisoned stake is worth 666/1351, between single En Prison and La Partage", () => {
    // level 1: win 18/37 → stake back, zero 1/37 → level 2; level 2: win → level 1, else lost.
    // v1 = 18/37 + (1/37)(18/37) v1  →  v1 = 666/1351
    for (const b of ROULETTE_FAIRNESS.filter((x) => x.rules === "en_prison_double")) {
      const expected = evenMoney(b.bet_type) ? (36 + 666 / 1351) / 37 : 36 / 37
      expect(Math.abs(b.theoretical_rtp - expected), b.bet_type).toBeLessThan(1e-15)
      if (evenMoney(b.bet_type)) {
        expect(b.theoretical_rtp).toBeGreaterThan(1 - 19 / 1369)
        expect(b.theoretical_rtp).toBeLessThan(1 - 1 / 74)
      }
    }
  })

  it.each(["standard", "la_partage", "en_prison", "en_prison_double", "american"])("smoke: 10 000 rounds of every bet under %s through the engine land within tolerance", (rule) => {
    for (const b of ROULETTE_FAIRNESS.filter((x) => x.rules === rule)) {
      const row = rowOf(b, runChunk(b, utf8("roulette-smoke"), 0, 10_000), "test")
      expect(row.within_tolerance, `${b.bet_type} ${b.rules}: ${row.measured_rtp} vs ${b.theoretical_rtp} ± ${row.stderr}`).toBe(true)
      expect(row.source.startsWith("smoke run")).toBe(true)
    }
  })
})

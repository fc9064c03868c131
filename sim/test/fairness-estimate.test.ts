/** The run estimate prices each selected bet's full budget at its measured CPU time per round. */
import { describe, expect, it } from "vitest"
import { roundsFor } from "../fairness/harness.ts"
import { FAIRNESS_CATALOG } from "../fairness/catalog.ts"
import { estimateRun } from "../fairness/estimate.ts"

describe("fairness --estimate", () => {
  it("prices every selected bet's default budget at its sampled rate, over the workers", () => {
    const budget = { rounds_main: 1_000_000, rounds_side: 10_000, rounds_super: 100_000 }
    const select = (b: { readonly game: string }) => b.game === "roulette"
    const e = estimateRun({ ...budget, seed_hex: "00".repeat(32), select, workers: 2 }, 300)
    const selected = FAIRNESS_CATALOG.filter(select)
    expect(e.bets.map((b) => b.key).length).toBe(selected.length)
    expect(e.bets.some((b) => b.super_mode)).toBe(true)
    for (const [i, b] of e.bets.entries()) {
      const bet = selected[i]
      expect(bet === undefined ? -1 : roundsFor(bet, budget)).toBe(b.rounds)
      expect(b.cpu_s_per_round).toBeGreaterThan(0)
      expect(b.cpu_s).toBeCloseTo(b.cpu_s_per_round * b.rounds, 9)
    }
    expect(e.cpu_s).toBeCloseTo(e.bets.reduce((a, b) => a + b.cpu_s, 0), 9)
    expect(e.cpu_s_super).toBeLessThan(e.cpu_s)
    expect(e.wall_s).toBeCloseTo(e.cpu_s / 2, 9)
  })
})

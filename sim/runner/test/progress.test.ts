/**
 * The simulation's progress hook (SimulateOptions.progress): once per simulated day, in order,
 * with counts that only grow and end at the run's totals; a twin reports its own days.
 */
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { quickstart } from "../../../scenarios/quickstart/scenario.ts"
import { simulate, type SimulationProgress } from "../simulate.ts"

const specFor = (days: number) => {
  const r = quickstart.resolve({ agents: "12", days: String(days), seed: "progress" })
  if (Either.isLeft(r)) throw new Error(r.left)
  return r.right.spec
}

describe("simulation progress hook", () => {
  it("fires once per day with monotone counts ending at the run's totals", () => {
    const seen: SimulationProgress[] = []
    const run = simulate(specFor(3), { progress: (p) => seen.push(p) })
    expect(seen.map((p) => [p.day, p.days_done, p.days_total])).toEqual([
      [0, 1, 3],
      [1, 2, 3],
      [2, 3, 3]
    ])
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.blocks).toBeGreaterThanOrEqual(seen[i - 1]!.blocks)
      expect(seen[i]!.transactions).toBeGreaterThanOrEqual(seen[i - 1]!.transactions)
    }
    expect(seen[0]!.blocks).toBeGreaterThan(0n)
    expect(seen.at(-1)?.blocks).toBe(run.totals.blocks)
    expect(seen.at(-1)?.transactions).toBe(run.totals.transactions)
    // each day's increments are that day's own figures
    expect(seen.map((p, i) => p.blocks - (i === 0 ? 0n : seen[i - 1]!.blocks))).toEqual(run.daily.map((d) => d.blocks))
  })

  it("the hook does not change the run; a twin counts its own days from the day after the cut", () => {
    const plain = simulate(specFor(2))
    const seen: SimulationProgress[] = []
    const hooked = simulate(specFor(2), { progress: (p) => seen.push(p) })
    expect(hooked.final_state_root).toBe(plain.final_state_root)
    const twin: SimulationProgress[] = []
    simulate(specFor(1), { start: { chain: hooked.chain }, progress: (p) => twin.push(p) })
    expect(twin.map((p) => [p.day, p.days_done, p.days_total])).toEqual([[2, 1, 1]])
  })
})

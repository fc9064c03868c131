import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { quickstart, quickstartAgents, QUICKSTART_DEFAULTS } from "../quickstart/scenario.ts"

describe("quickstart scenario", () => {
  it("has the documented defaults: 200 agents, 7 days, seed 42", () => {
    const r = quickstart.resolve({})
    expect(Either.isRight(r)).toBe(true)
    if (Either.isRight(r)) {
      expect(r.right.parameters).toEqual(QUICKSTART_DEFAULTS)
      expect(r.right.spec.agents.length).toBe(200)
      expect(r.right.spec.days).toBe(7)
      expect(r.right.seed).toBe("42")
    }
  })

  it("validates overrides against its parameter schema", () => {
    const left = (o: Record<string, string>) => {
      const r = quickstart.resolve(o)
      return Either.isLeft(r) ? r.left : "accepted"
    }
    expect(left({ agents: "0" })).toMatch(/agents/)
    expect(left({ agents: "many" })).toMatch(/agents/)
    expect(left({ days: "1.5" })).toMatch(/days/)
    expect(left({ rounds_min: "9", rounds_max: "3" })).toMatch(/rounds_min must not exceed rounds_max/)
    expect(left({ grinder_bps: "8000", gambler_bps: "3000" })).toMatch(/must not exceed 10,000/)
    expect(left({ colour: "red" })).toMatch(/unknown parameter "colour"/)
    const ok = quickstart.resolve({ agents: "5", seed: "abc", active_bps: "0" })
    expect(Either.isRight(ok) && ok.right.parameters).toMatchObject({ agents: 5, seed: "abc", active_bps: 0 })
  })

  it("gives agents distinct keys and names, and archetypes by the configured shares", () => {
    const agents = quickstartAgents({ ...QUICKSTART_DEFAULTS, agents: 300 })
    expect(new Set(agents.map((a) => a.signer.public_key)).size).toBe(300)
    expect(new Set(agents.map((a) => a.name)).size).toBe(300)
    expect(agents[42]?.name).toBe("Player00042")
    const count = (k: string) => agents.filter((a) => a.kind === k).length
    // 50% / 20% / 30% of 300: allow generous sampling noise
    expect(count("grinder")).toBeGreaterThan(110)
    expect(count("grinder")).toBeLessThan(190)
    expect(count("gambler")).toBeGreaterThan(30)
    expect(count("gambler")).toBeLessThan(90)
    expect(quickstartAgents({ ...QUICKSTART_DEFAULTS, agents: 50, grinder_bps: 10_000, gambler_bps: 0 }).every((a) => a.kind === "grinder")).toBe(true)
    expect(quickstartAgents({ ...QUICKSTART_DEFAULTS, agents: 50, grinder_bps: 0, gambler_bps: 0 }).every((a) => a.kind === "mixed")).toBe(true)
  })
})

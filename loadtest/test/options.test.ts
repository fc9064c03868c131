import { describe, expect, it } from "vitest"
import { executionPlan, VUS_MAX, type ExecutionPlan } from "../runtime/options.ts"

const plan = (options: unknown, overrides = {}): ExecutionPlan => {
  const p = executionPlan(options, overrides)
  if (p instanceof Error) throw p
  return p
}

describe("execution options", () => {
  it("no options: one VU, one iteration", () => {
    expect(plan({}).scenarios).toMatchObject([{ name: "default", executor: "shared-iterations", vus: 1, iterations: 1 }])
  })

  it("vus + duration shortcuts become a constant-vus scenario; iterations become shared-iterations", () => {
    expect(plan({ vus: 3, duration: "5s" }).scenarios).toMatchObject([{ executor: "constant-vus", vus: 3, duration_ms: 5000, graceful_stop_ms: 30_000 }])
    expect(plan({ vus: 2, iterations: 10 }).scenarios).toMatchObject([{ executor: "shared-iterations", vus: 2, iterations: 10, duration_ms: 600_000 }])
  })

  it("command-line shortcuts override the script's, and replace its scenarios", () => {
    expect(plan({ vus: 2, duration: "10s" }, { vus: 4, duration_ms: 3000 }).scenarios).toMatchObject([{ executor: "constant-vus", vus: 4, duration_ms: 3000 }])
    expect(plan({ vus: 2, duration: "10s" }, { iterations: 7 }).scenarios).toMatchObject([{ executor: "shared-iterations", vus: 2, iterations: 7 }])
    const withScenarios = { scenarios: { a: { executor: "per-vu-iterations", vus: 2, iterations: 3 } } }
    expect(plan(withScenarios, { duration_ms: 1000 }).scenarios).toMatchObject([{ name: "default", executor: "constant-vus", vus: 1 }])
  })

  it("reads scenarios with exec, startTime, gracefulStop, env and tags", () => {
    const p = plan({
      scenarios: {
        warm: { executor: "per-vu-iterations", vus: 2, iterations: 3, exec: "warm", maxDuration: "20s", env: { A: 1 }, tags: { kind: "warm" } },
        main: { executor: "constant-vus", vus: 1, duration: "2s", startTime: "1s", gracefulStop: "0s" }
      }
    })
    expect(p.scenarios).toMatchObject([
      { name: "warm", executor: "per-vu-iterations", vus: 2, iterations: 3, exec: "warm", duration_ms: 20_000, env: { A: "1" }, tags: { kind: "warm" } },
      { name: "main", executor: "constant-vus", vus: 1, duration_ms: 2000, start_time_ms: 1000, graceful_stop_ms: 0, exec: "default" }
    ])
  })

  it("refuses what k6 refuses and what this runtime does not run", () => {
    const bad = [
      [{ vus: 3 }, {}],
      [{ vus: 3, iterations: 2 }, {}],
      [{ stages: [{ duration: "1s", target: 1 }] }, {}],
      [{ scenarios: { a: { executor: "ramping-vus" } } }, {}],
      [{ scenarios: { a: { executor: "constant-vus", vus: 1 } } }, {}],
      [{ scenarios: { a: { executor: "constant-vus", vus: 1, duration: "1s" } }, duration: "1s" }, {}],
      [{ scenarios: { a: { executor: "constant-vus", vus: 1, duration: "1s" } } }, { vus: 3 }],
      [{ vus: 0, duration: "1s" }, {}],
      [{ vus: VUS_MAX + 1, duration: "1s" }, {}],
      [{ vus: 1, duration: "1h" }, {}]
    ] as const
    for (const [o, ov] of bad) expect(executionPlan(o, ov)).toBeInstanceOf(Error)
  })
})

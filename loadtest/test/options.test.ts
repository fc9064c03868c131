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

  it("reads ramping-vus (stages shortcut included) and both arrival-rate executors", () => {
    const ramp = executionPlan({ stages: [{ duration: "2s", target: 4 }, { duration: "1s", target: 1 }] }, {})
    if (ramp instanceof Error) throw ramp
    expect(ramp.scenarios[0]).toMatchObject({ name: "default", executor: "ramping-vus", vus: 4, duration_ms: 3000, pacing: { kind: "ramping-vus", start_vus: 1 } })
    const arr = executionPlan(
      {
        scenarios: {
          c: { executor: "constant-arrival-rate", rate: 50, timeUnit: "2s", duration: "10s", preAllocatedVUs: 5, maxVUs: 9 },
          r: { executor: "ramping-arrival-rate", startRate: 2, preAllocatedVUs: 3, stages: [{ duration: "5s", target: 10 }, { duration: "5s", target: 0 }] }
        }
      },
      {}
    )
    if (arr instanceof Error) throw arr
    // maxVUs: VUs the runner may add while every VU is busy (absent: preAllocatedVUs)
    expect(arr.scenarios.map((s) => [s.name, s.max_vus])).toEqual([["c", 9], ["r", 3]])
    expect(arr.scenarios.map((s) => [s.name, s.vus, s.duration_ms, s.pacing])).toEqual([
      ["c", 5, 10_000, { kind: "arrival", start_rate: 50, stages: [{ duration_ms: 10_000, target: 50 }], time_unit_ms: 2_000 }],
      ["r", 3, 10_000, { kind: "arrival", start_rate: 2, stages: [{ duration_ms: 5_000, target: 10 }, { duration_ms: 5_000, target: 0 }], time_unit_ms: 1_000 }]
    ])
  })

  it("refuses what k6 refuses and what this runtime does not run", () => {
    const bad = [
      [{ vus: 3 }, {}],
      [{ vus: 3, iterations: 2 }, {}],
      [{ stages: [] }, {}],
      [{ stages: [{ duration: "1s", target: 1 }], duration: "1s" }, {}],
      [{ scenarios: { a: { executor: "ramping-vus" } } }, {}],
      [{ scenarios: { a: { executor: "constant-arrival-rate", rate: 1, duration: "1s", preAllocatedVUs: 1, maxVUs: 0 } } }, {}],
      [{ scenarios: { a: { executor: "constant-arrival-rate", rate: 1, duration: "1s", preAllocatedVUs: 1, maxVUs: 257 } } }, {}],
      [{ scenarios: { a: { executor: "ramping-vus", stages: [{ duration: "1s", target: 0 }], startVUs: 0 } } }, {}],
      [{ scenarios: { a: { executor: "constant-arrival-rate", rate: 10, duration: "1s" } } }, {}],
      [{ scenarios: { a: { executor: "constant-arrival-rate", preAllocatedVUs: 1, duration: "1s" } } }, {}],
      [{ scenarios: { a: { executor: "ramping-arrival-rate", preAllocatedVUs: 1 } } }, {}],
      [{ scenarios: { a: { executor: "ramping-arrival-rate", preAllocatedVUs: 1, stages: [{ duration: "0s", target: 5 }] } } }, {}],
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

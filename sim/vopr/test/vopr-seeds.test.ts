/**
 * The consensus simulator's seeded runs over the whole fault mix (scenario.ts, profile "short"):
 * every run must pass the safety, liveness and accountability checkers, and together they must
 * have covered every Byzantine actor, crashes, partitions and evidence. About 37 ms of CPU per run
 * here; `npm run vopr -- --runs 1000 --profile short` runs 1,000 on all cores.
 */
import { describe, expect, it } from "vitest"
import { BYZANTINE_KINDS } from "../scenario.ts"
import { runVopr } from "../simulate.ts"

/** seeded runs in this file (bounded by the ~20 s budget of a test file on a shared 2-core machine) */
const CI_RUNS = 200
/** yield to vitest's worker between batches so its RPC stays responsive on a loaded machine */
const BATCH_RUNS = 10
const CI_SEED_FIRST = 1

describe("vopr: seeded runs over the fault mix", () => {
  it(`${CI_RUNS} short runs pass safety, liveness and accountability`, async () => {
    const failed: string[] = []
    const kinds = new Set<string>()
    let crashes = 0
    let partitioned = 0
    let evidence = 0
    for (let seed = CI_SEED_FIRST; seed < CI_SEED_FIRST + CI_RUNS; seed++) {
      if ((seed - CI_SEED_FIRST) % BATCH_RUNS === 0) await new Promise((resolve) => setImmediate(resolve))
      const r = runVopr(seed, { profile: "short" })
      if (!r.ok) failed.push(`seed ${seed} (${r.description}): ${r.failures.join("; ")}`)
      for (const m of r.description.matchAll(/\d+:([a-z]+)/g)) kinds.add(m[1] ?? "")
      crashes += r.facts.crashes
      if (r.description.includes("partitions")) partitioned++
      evidence += r.facts.evidence
    }
    expect(failed).toEqual([])
    // the mix really covered every actor, crashes, partitions and produced evidence
    for (const kind of BYZANTINE_KINDS) expect(kinds).toContain(kind)
    expect(crashes).toBeGreaterThan(10)
    expect(partitioned).toBeGreaterThan(10)
    expect(evidence).toBeGreaterThan(0)
  }, 600_000)

  it("a seed replays exactly", () => {
    const a = runVopr(77, { profile: "short" })
    const b = runVopr(77, { profile: "short" })
    expect(b).toEqual(a)
  })
})


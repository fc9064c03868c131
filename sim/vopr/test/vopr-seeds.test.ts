/**
 * The consensus simulator in CI: 1,000 seeded runs over the whole fault mix (scenario.ts, profile
 * "short", seeds 1…1000) on a pool of 2 worker threads (pool.ts). Every run must pass the safety,
 * liveness and accountability checkers, and together they must cover every Byzantine actor,
 * crashes, torn crashes, partitions and evidence; the mix (mix.ts) is printed and bounded below
 * here, and recorded in docs/consensus.md. About 45 s of CPU (≈ 25 s on 2 idle cores, measured);
 * any failing seed is reported with the command that replays it.
 */
import { describe, expect, it } from "vitest"
import { faultMix, formatMix } from "../mix.ts"
import { replayCommand, runMany, summarize, type RunSummary } from "../pool.ts"
import { BYZANTINE_KINDS } from "../scenario.ts"
import { runVopr } from "../simulate.ts"

/** seeded runs in CI */
const CI_RUNS = 1_000
const CI_SEED_FIRST = 1
/** the machine has 2 cores */
const CI_WORKERS = 2

describe("vopr: seeded runs over the fault mix", () => {
  it(`${CI_RUNS} short runs pass safety, liveness and accountability`, async () => {
    const mix = faultMix(CI_SEED_FIRST, CI_RUNS, "short")
    console.log(`vopr CI fault mix, seeds ${CI_SEED_FIRST}…${CI_SEED_FIRST + CI_RUNS - 1} (runs with each):\n${formatMix(mix)}`)
    const results: RunSummary[] = []
    const started_ms = Date.now()
    await runMany(CI_SEED_FIRST, CI_RUNS, CI_WORKERS, "short", (r) => results.push(r))
    const elapsed_ms = Math.max(1, Date.now() - started_ms)
    console.log(`vopr CI: ${results.length} runs in ${elapsed_ms} ms (${Math.round((results.length * 60_000) / elapsed_ms)} runs/minute on ${CI_WORKERS} workers)`)
    const failed = results.filter((r) => !r.ok).map((r) => `seed ${r.seed} (${r.description}): ${r.failures.join("; ")}\n    replay: ${replayCommand(r.seed, "short")}`)
    expect(failed).toEqual([])
    expect(new Set(results.map((r) => r.seed)).size).toBe(CI_RUNS)
    // the mix really covered every actor, crashes, partitions and produced evidence
    const kinds = new Set<string>()
    for (const r of results) for (const m of r.description.matchAll(/\d+:([a-z]+)/g)) kinds.add(m[1] ?? "")
    for (const kind of BYZANTINE_KINDS) expect(kinds).toContain(kind)
    const runsWith = (label: string): number => mix.rows.find(([l]) => l === label)?.[1] ?? 0
    for (const kind of BYZANTINE_KINDS) expect(runsWith(`byzantine: ${kind}`)).toBeGreaterThan(50)
    expect(runsWith("torn crash (mid-step)")).toBeGreaterThan(100)
    expect(runsWith("two partitions")).toBeGreaterThan(100)
    expect(results.reduce((a, r) => a + r.crashes, 0)).toBeGreaterThan(200)
    expect(results.filter((r) => r.description.includes("partitions")).length).toBe(runsWith("partition (heals)"))
    expect(results.reduce((a, r) => a + r.evidence, 0)).toBeGreaterThan(100)
  }, 900_000)

  it("a seed replays exactly, in this thread or on a worker", async () => {
    const a = runVopr(77, { profile: "short" })
    const b = runVopr(77, { profile: "short" })
    expect(b).toEqual(a)
    const pooled: RunSummary[] = []
    await runMany(76, 3, 2, "short", (r) => pooled.push(r))
    expect(pooled.find((r) => r.seed === 77)).toEqual(summarize(a))
  }, 120_000)
})

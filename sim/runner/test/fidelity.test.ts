/**
 * Full-fidelity phase simulations (fidelity.ts): every block agreed by 4 simulated validators
 * running the production consensus state machine, executed after finalization with the seed of
 * its finalizing view. The same scenario applied directly with those seeds must give the same
 * state roots, daily metrics, collector metrics and snapshots, on a clean network and under a
 * crash / partition fault mix (where finalization only comes later).
 */
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { devSeed } from "../../../engine/chain/dev-seed.ts"
import { phase1Island } from "../../../scenarios/phase1-island/scenario.ts"
import { quickstart } from "../../../scenarios/quickstart/scenario.ts"
import type { Scenario } from "../../scenario.ts"
import { FidelityFailed, FullFidelity, type FidelityOptions } from "../fidelity.ts"
import { seedSecret, simulate, type SimulationResult, type SimulationSpec } from "../simulate.ts"

/** a fresh spec per run: agents carry state, so two runs never share them */
const specOf = (scenario: Scenario, overrides: Record<string, string>, keep_blocks = false): SimulationSpec => {
  const r = scenario.resolve(overrides)
  if (Either.isLeft(r)) throw new Error(r.left)
  return { ...r.right.spec, keep_blocks }
}

const outcome = (r: SimulationResult) => ({
  final_state_root: r.final_state_root,
  block_digests: r.block_digests,
  daily: r.daily,
  snapshots: r.snapshots,
  metrics: r.metrics,
  totals: r.totals,
  pending_at_end: r.pending_at_end
})

/** a full-fidelity run and a direct run fed its per-block seeds */
const both = (make: () => SimulationSpec, o: FidelityOptions) => {
  const f = new FullFidelity(o)
  const full = simulate(make(), { finality: f })
  const direct = simulate(make(), { seeds: (height) => f.seeds.get(height) ?? "" })
  return { f, full, direct, stats: f.stats() }
}

describe("full fidelity: blocks agreed by simulated validators give the results of direct application", () => {
  const quick = () => specOf(quickstart, { agents: "24", days: "1" })

  it("quickstart (day checkpoints), clean network: identical roots and metrics; every block carries its consensus seed", () => {
    const { f, full, direct, stats } = both(quick, { validators: 4, seed: 1, faults: "none" })
    expect(full.totals.blocks).toBeGreaterThan(5n)
    expect(outcome(full)).toEqual(outcome(direct))
    expect(stats.blocks).toBe(Number(full.totals.blocks))
    expect(f.seeds.size).toBe(stats.blocks)
    // the seeds are the validators' (8-byte simulated threshold seeds), not the dev seed
    const secret = seedSecret(quick().seed)
    for (const seed of f.seeds.values()) expect(seed).toMatch(/^[0-9a-f]{16}$/)
    expect([...f.seeds.values()]).not.toContain(devSeed(secret, 1n))
    // and they matter: the plain direct run (dev seeds) ends elsewhere
    expect(simulate(quick()).final_state_root).not.toBe(full.final_state_root)
  })

  it("phase1-island (a root per block), clean network: every block, seed and root identical", () => {
    const make = () => specOf(phase1Island, { agents: "6", days: "1", blocks_per_window_max: "40" }, true)
    const { f, full, direct } = both(make, { validators: 4, seed: 2, faults: "none" })
    expect(full.blocks.length).toBeGreaterThan(40)
    expect(outcome(full)).toEqual(outcome(direct))
    full.blocks.forEach((b, i) => {
      expect(b.block.seed).toBe(f.seeds.get(b.block.height))
      expect(direct.blocks[i]?.result).toEqual(b.result)
    })
  })

  it("a crash, a torn crash and a 2–2 partition: still identical results, only later", () => {
    const faults = {
      crashes: [
        { index: 1, at_ms: 300, down_ms: 700 },
        { index: 3, at_ms: 1_400, down_ms: 500, torn: true }
      ],
      partitions: [{ start_ms: 500, end_ms: 1_300, group_of: [0, 0, 1, 1] }]
    }
    const clean = both(quick, { validators: 4, seed: 4, faults: "none" })
    // a store that remembers only the last 4 executed blocks (pruning) gives the same run
    const pruned = both(quick, { validators: 4, seed: 4, faults: "none", overrides: faults, kept_blocks: 4 })
    const faulty = both(quick, { validators: 4, seed: 4, faults: "none", overrides: faults })
    expect(outcome(faulty.full)).toEqual(outcome(faulty.direct))
    expect(outcome(pruned.full)).toEqual(outcome(faulty.full))
    expect(pruned.stats).toEqual(faulty.stats)
    expect(faulty.stats.crashes).toBe(2)
    expect(faulty.full.totals.blocks).toBe(clean.full.totals.blocks)
    // the partition stalls finalization: the same blocks take more simulated time and more views
    expect(faulty.stats.sim_ms).toBeGreaterThan(clean.stats.sim_ms + 500)
    expect(faulty.stats.views).toBeGreaterThan(clean.stats.views)
  })

  it("drawn crash / partition mixes (the consensus simulator's, without Byzantine actors) on both scenarios", () => {
    let crashes = 0
    let partitioned = 0
    for (const seed of [3, 5, 8]) {
      const q = both(quick, { validators: 4, seed, faults: "crash-partition" })
      expect(outcome(q.full)).toEqual(outcome(q.direct))
      crashes += q.stats.crashes
      if (q.stats.description.includes("partitions")) partitioned++
    }
    const island = both(() => specOf(phase1Island, { agents: "6", days: "1", blocks_per_window_max: "40" }), { validators: 4, seed: 5, faults: "crash-partition" })
    expect(outcome(island.full)).toEqual(outcome(island.direct))
    expect(crashes).toBeGreaterThan(0)
    expect(partitioned).toBeGreaterThan(0)
  })

  it("with Byzantine actors too (≤ f faulty): identical results, fault evidence checked throughout", () => {
    for (const kind of ["equivocator", "conflicter", "twins"] as const) {
      const r = both(quick, { validators: 4, seed: 6, faults: "none", overrides: { byzantine: [{ index: 0, kind }] } })
      expect(outcome(r.full)).toEqual(outcome(r.direct))
    }
  })

  it("more than f faulty (two nullers of four) stops the run with FidelityFailed, naming the seed", () => {
    const f = new FullFidelity({
      validators: 4,
      seed: 7,
      faults: "none",
      block_wait_ms_max: 20_000,
      overrides: { byzantine: [{ index: 0, kind: "nuller" }, { index: 1, kind: "nuller" }] }
    })
    expect(() => simulate(quick(), { finality: f })).toThrow(FidelityFailed)
    expect(() => simulate(quick(), { finality: new FullFidelity({ ...f.options }) })).toThrow(/consensus seed 7.*not finalized/)
  })
})

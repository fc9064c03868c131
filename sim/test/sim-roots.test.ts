/**
 * The simulation's roots: with roots "day" (the default without keep_blocks) execution is the
 * same as with a root per block, and each day's checkpoint root equals the per-block root of
 * that day's last block.
 */
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { quickstart } from "../../scenarios/quickstart/scenario.ts"
import { simulate } from "../runner/simulate.ts"

const spec = () => {
  const resolved = quickstart.resolve({ agents: "20", days: "3", seed: "11" })
  if (Either.isLeft(resolved)) throw new Error(resolved.left)
  return resolved.right.spec
}

describe("simulation roots", () => {
  it("daily checkpoint roots equal the per-block roots at the same heights; metrics and final state are identical", () => {
    const perBlock = simulate({ ...spec(), keep_blocks: false, roots: "block" })
    const perDay = simulate({ ...spec(), keep_blocks: false, roots: "day" })
    expect(perDay.daily).toEqual(perBlock.daily)
    expect(perDay.totals).toEqual(perBlock.totals)
    expect(perDay.final_state_root).toBe(perBlock.final_state_root)
    expect(perDay.chain.store.dumpJson()).toBe(perBlock.chain.store.dumpJson())
    expect(perDay.block_digests.length).toBeGreaterThan(0)
    expect(perDay.block_digests.length).toBeLessThanOrEqual(3)
    const byDigest = new Map(perBlock.block_digests.map((b) => [b.digest, b.state_root]))
    for (const c of perDay.block_digests) expect(c.state_root).toBe(byDigest.get(c.digest))
    expect(perDay.block_digests.at(-1)?.state_root).toBe(perBlock.final_state_root)
  })
})

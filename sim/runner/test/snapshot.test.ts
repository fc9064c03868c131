/**
 * State snapshots of simulated chains (engine/chain/snapshot.ts through sim/runner/twin.ts):
 * seeded round trips over real runs of two scenarios (the root, the bytes and the whole state
 * come back equal), and the snapshot's table list against every table the engine declares.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Either, FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { SNAPSHOT_TABLES } from "../../../engine/chain/snapshot-tables.ts"
import { decodeSnapshot, encodeSnapshot } from "../../../engine/chain/snapshot.ts"
import { CATALOG } from "../../../scenarios/index.ts"
import { simulate } from "../simulate.ts"

const SEED = 20261203
console.log(`sim snapshot round-trip fast-check seed ${SEED}`)

const ENGINE = join(import.meta.dirname, "..", "..", "..", "engine")
const DEPTH_MAX = 8

const engineSources = (dir: string, depth: number): string[] => {
  if (depth > DEPTH_MAX) throw new Error(`engine/ nested deeper than ${DEPTH_MAX} at ${dir}`)
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === "test" || e.name === "vectors" ? [] : engineSources(path, depth + 1)
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : []
  })
}

const specOf = (scenario: string, overrides: Record<string, string>) => {
  const s = CATALOG.scenarios.get(scenario)
  if (s === undefined) throw new Error(`no scenario ${scenario}`)
  const r = s.resolve(overrides)
  if (Either.isLeft(r)) throw new Error(r.left)
  return r.right.spec
}

describe("state snapshots of simulated runs", () => {
  it("SNAPSHOT_TABLES lists exactly the tables the engine declares", () => {
    const declared = new Set<string>()
    for (const file of engineSources(ENGINE, 0))
      for (const m of readFileSync(file, "utf8").matchAll(/define(?:Table|Singleton)\(\s*"([^"]+)"/g)) declared.add(m[1]!)
    expect(declared.size).toBeGreaterThan(15)
    expect(SNAPSHOT_TABLES.map((t) => t.name), "a table missing from engine/chain/snapshot-tables.ts (or listed there but gone)").toEqual([...declared].sort())
  })

  it(`property (seed ${SEED}): a run's chain → snapshot → chain has the same root, state and bytes`, () => {
    let rows = 0
    fc.assert(
      fc.property(
        fc.constantFrom("quickstart", "phase1-island"),
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 3, max: 12 }),
        (scenario, seed, days, agents) => {
          const run = simulate(specOf(scenario, { seed, days: String(days), agents: String(agents) }))
          const bytes = encodeSnapshot(run.chain)
          const back = decodeSnapshot(bytes)
          if (Either.isLeft(back)) throw back.left
          const chain = back.right.chain
          expect(chain.stateRoot()).toBe(run.final_state_root)
          expect([chain.height, chain.view, chain.last_digest]).toEqual([run.chain.height, run.chain.view, run.chain.last_digest])
          expect(chain.store.dumpJson()).toBe(run.chain.store.dumpJson())
          expect(encodeSnapshot(chain)).toEqual(bytes)
          rows += back.right.rows
        }
      ),
      { seed: SEED, numRuns: 4 }
    )
    expect(rows).toBeGreaterThan(40)
  })
})

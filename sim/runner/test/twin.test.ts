import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Either } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { DigestHex } from "../../../engine/schema/primitives.ts"
import { quickstart } from "../../../scenarios/quickstart/scenario.ts"
import { readBlockLog, writeBlockLog } from "../block-log.ts"
import { simulate } from "../simulate.ts"
import { TwinDiverged, chainFromBlockLog, chainFromLog } from "../twin.ts"

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const specFor = (days: number) => {
  const r = quickstart.resolve({ agents: "15", days: String(days), seed: "twin" })
  if (Either.isLeft(r)) throw new Error(r.left)
  return r.right.spec
}

const N = 2
const M = 2

describe("digital twin", () => {
  const straight = simulate(specFor(N + M))
  const first = simulate(specFor(N))
  const dir = mkdtempSync(join(tmpdir(), "ns-twin-"))
  dirs.push(dir)
  writeBlockLog(dir, first.chain.config, first.blocks)

  it("a twin started from the block log of N days and run M more days equals the straight N+M run", () => {
    expect(first.pending_at_end).toBe(0)
    const chain = chainFromBlockLog(dir)
    expect(chain.height).toBe(first.chain.height)
    expect(chain.stateRoot()).toBe(first.final_state_root)
    const twin = simulate(specFor(M), { start: { chain } })
    expect(twin.first_day).toBe(N)
    expect(twin.final_state_root).toBe(straight.final_state_root)
    const tail = straight.block_digests.slice(first.block_digests.length)
    expect(tail.length).toBeGreaterThan(0)
    expect(twin.block_digests).toEqual(tail)
    expect(twin.daily).toEqual(straight.daily.slice(N))
  })

  it("the same log and agents give the same twin; the twin moved past the log", () => {
    const a = simulate(specFor(M), { start: { chain: chainFromBlockLog(dir) } })
    const b = simulate(specFor(M), { start: { chain: chainFromBlockLog(dir) } })
    expect(b.final_state_root).toBe(a.final_state_root)
    expect(a.final_state_root).not.toBe(first.final_state_root)
  })

  it("a log whose recorded root does not match replay is refused as TwinDiverged at that height", () => {
    const log = readBlockLog(dir)
    const bad = log.blocks.map((b, i) => (i === 3 ? { ...b, state_root: DigestHex.make("00".repeat(32)) } : b))
    expect(() => chainFromLog({ ...log, blocks: bad })).toThrow(TwinDiverged)
    try {
      chainFromLog({ ...log, blocks: bad })
    } catch (e) {
      expect(e instanceof TwinDiverged && e.height).toBe(log.blocks[3]!.block.height)
    }
  })
})

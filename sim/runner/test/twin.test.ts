import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Either } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { house } from "../../../engine/casino/house.ts"
import { DigestHex } from "../../../engine/schema/primitives.ts"
import { quickstart } from "../../../scenarios/quickstart/scenario.ts"
import { readBlockLog, writeBlockLog } from "../block-log.ts"
import { simulate } from "../simulate.ts"
import { SnapshotInvalid } from "../../../engine/chain/snapshot.ts"
import { TwinDiverged, chainFromBlockLog, chainFromLog, chainFromSnapshot, writeSnapshotFile } from "../twin.ts"

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

  it("the twin's metrics for the days after the cut equal the straight run's (day-over-day figures start from the replayed state)", () => {
    const twin = simulate(specFor(M), { start: { chain: chainFromBlockLog(dir) } })
    const { daily_columns, daily_rows } = twin.metrics
    expect(daily_columns).toEqual(straight.metrics.daily_columns)
    expect(daily_rows).toEqual(straight.metrics.daily_rows.slice(N))
    // before the cut the chain minted chips and the house won or lost: a first twin day measured
    // from zero instead of the replayed state would report all of it
    expect(house.get(first.chain.store).chips_minted).toBeGreaterThan(0n)
    expect(house.get(first.chain.store).game_balance).not.toBe(0n)
    const day = (rows: ReadonlyArray<ReadonlyArray<unknown>>) => rows.filter((r) => typeof r[0] === "bigint" && r[0] >= BigInt(N))
    const checks = (r: typeof twin) => r.metrics.tables.find((t) => t.name === "invariant_checks")?.rows ?? []
    expect(checks(twin)).toEqual(day(checks(straight)))
    expect(checks(twin).length).toBe(2 * M)
  })

  it("a twin started from a state snapshot of the N-day chain equals the straight N+M run (same roots as the block-log twin)", () => {
    const file = join(dir, "state.snapshot")
    expect(writeSnapshotFile(file, first.chain)).toBeGreaterThan(0)
    const chain = chainFromSnapshot(file)
    expect(chain.height).toBe(first.chain.height)
    expect(chain.view).toBe(first.chain.view)
    expect(chain.stateRoot()).toBe(first.final_state_root)
    const twin = simulate(specFor(M), { start: { chain } })
    expect(twin.first_day).toBe(N)
    expect(twin.final_state_root).toBe(straight.final_state_root)
    expect(twin.block_digests).toEqual(straight.block_digests.slice(first.block_digests.length))
    expect(twin.daily).toEqual(straight.daily.slice(N))
    expect(twin.metrics.daily_rows).toEqual(straight.metrics.daily_rows.slice(N))
    const from_log = simulate(specFor(M), { start: { chain: chainFromBlockLog(dir) } })
    expect(twin.block_digests).toEqual(from_log.block_digests)
  })

  it("a tampered snapshot is refused with SnapshotInvalid and changes nothing", () => {
    const file = join(dir, "tampered.snapshot")
    writeSnapshotFile(file, first.chain)
    const bytes = readFileSync(file)
    const flip_at = Math.floor(bytes.length / 2)
    bytes.writeUInt8(bytes.readUInt8(flip_at) ^ 0x20, flip_at)
    writeFileSync(file, bytes)
    const root_before = first.chain.stateRoot()
    let caught: unknown
    try {
      chainFromSnapshot(file)
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(SnapshotInvalid)
    expect(caught instanceof SnapshotInvalid && caught.reason).toBe("digest")
    expect(caught instanceof SnapshotInvalid && caught.code).toBe(122)
    expect(readFileSync(file)).toEqual(bytes)
    expect(first.chain.stateRoot()).toBe(root_before)
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

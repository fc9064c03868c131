/**
 * The consensus simulator in CI: one targeted run per Byzantine actor, crash and partition, a run
 * with production keys, and a deliberately broken quorum / fault budget that the checkers must
 * catch (the seeded runs over the whole fault mix are in vopr-seeds.test.ts). Every run is the production state machine; the checkers are in checkers.ts.
 */
import { describe, expect, it } from "vitest"
import type { BYZANTINE_KINDS } from "../scenario.ts"
import { runVopr } from "../simulate.ts"

describe("vopr: each Byzantine actor on its own (n = 4, f = 1)", () => {
  const run = (kind: (typeof BYZANTINE_KINDS)[number], seed: number) =>
    runVopr(seed, { n: 4, byzantine: [{ index: 0, kind }], crashes: [], partitions: [], loss: 0, heal_ms: 2_000 })

  it("equivocator: two blocks in one view; evidence from every validator that got both", () => {
    const r = run("equivocator", 1)
    expect(r.failures).toEqual([])
    expect(r.facts.expected_evidence).toBeGreaterThan(0)
    expect(r.facts.rejections["306 ConflictingVote"]).toBeGreaterThan(0)
  })
  it("votes inside certificates are evidence too: n = 7 with an equivocator and twins yields more evidence than the directly delivered pairs", () => {
    let evidence = 0
    let direct = 0
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = runVopr(seed, { n: 7, byzantine: [{ index: 0, kind: "equivocator" }, { index: 1, kind: "twins" }], crashes: [], partitions: [], heal_ms: 2_000 })
      expect(r.failures).toEqual([])
      evidence += r.facts.evidence
      direct += r.facts.expected_evidence
    }
    expect(evidence).toBeGreaterThan(direct)
  })
  it("conflicter: conflicting notarize, finalize, nullify-and-finalize and exec acks are all evidence", () => {
    const r = run("conflicter", 1)
    expect(r.failures).toEqual([])
    expect(r.facts.evidence).toBeGreaterThan(10)
  })
  it("nuller: the others still finalize", () => {
    const r = run("nuller", 2)
    expect(r.failures).toEqual([])
    expect(r.facts.height_max).toBeGreaterThan(3)
  })
  it("impersonator: votes under another identity are rejected with code 300", () => {
    const r = run("impersonator", 1)
    expect(r.failures).toEqual([])
    expect(r.facts.rejections["300 InvalidVoteSignature"]).toBeGreaterThan(0)
  })
  it("outdated: replayed old-view messages change nothing", () => {
    const r = run("outdated", 1)
    expect(r.failures).toEqual([])
    expect(r.facts.height_max).toBeGreaterThan(3)
  })
  it("twins: two instances of one key equivocate and are caught", () => {
    const r = run("twins", 2)
    expect(r.failures).toEqual([])
    expect(r.facts.evidence).toBeGreaterThan(0)
  })
  it("a crash and restart from the write-ahead log: no equivocation, finalization continues", () => {
    const r = runVopr(5, { n: 4, byzantine: [], crashes: [{ index: 1, at_ms: 400, down_ms: 900 }], partitions: [], heal_ms: 2_000 })
    expect(r.failures).toEqual([])
    expect(r.facts.crashes).toBe(1)
    expect(r.facts.evidence).toBe(0)
  })
  it("torn crashes (mid-step: persisted but not yet sent) of every validator in turn: no equivocation is ever accused", () => {
    for (const seed of [7, 8, 9]) {
      const crashes = [0, 1, 2, 3].map((index) => ({ index, at_ms: 200 + index * 450, down_ms: 300, torn: true }))
      const r = runVopr(seed, { n: 4, byzantine: [], crashes, partitions: [], heal_ms: 2_200 })
      expect(r.failures).toEqual([])
      expect(r.facts.crashes).toBe(4)
      expect(r.facts.evidence).toBe(0)
    }
  })
  it("an equivocation received in the very step a torn crash cuts is forgotten with the node's memory, not held against it (seed 1255)", () => {
    const r = runVopr(1255, { profile: "short" })
    expect(r.description).toContain("(torn)")
    expect(r.description).toContain("conflicter")
    expect(r.failures).toEqual([])
    expect(r.facts.evidence).toBeGreaterThan(0)
  })
  it("a 2–2 partition stalls, then heals and finalization resumes", () => {
    const r = runVopr(6, { n: 4, byzantine: [], crashes: [], partitions: [{ start_ms: 300, end_ms: 1_800, group_of: [0, 0, 1, 1] }], heal_ms: 2_000 })
    expect(r.failures).toEqual([])
    expect(r.facts.resume_views).toBeGreaterThanOrEqual(0)
  })
})

describe("vopr: production keys", () => {
  it("ed25519 votes and the dealt threshold BLS seed finalize on the simulated network", () => {
    const r = runVopr(1, { clean: true, n: 4, heal_ms: 100, heights_after_heal: 1, tail_ms: 0, keys: "production" })
    expect(r.failures).toEqual([])
    expect(r.facts.height_max).toBeGreaterThanOrEqual(1)
  }, 120_000)
})

describe("vopr: the checkers can fail", () => {
  it("a quorum lowered to 2 of 4 (test-only parameter) lets a 2–2 partition finalize two blocks at one height", () => {
    const r = runVopr(2, { n: 4, quorum: 2, byzantine: [], crashes: [], partitions: [{ start_ms: 0, end_ms: 2_000, group_of: [0, 0, 1, 1] }] })
    expect(r.ok).toBe(false)
    expect(r.failures.some((f) => f.startsWith("two blocks finalized at height"))).toBe(true)
  })
  it("a write-ahead log that forgets the node's own votes (test-only driver fault) makes a restarted validator equivocate, and the evidence checker says so", () => {
    const crashes = [0, 1, 2, 3].map((index) => ({ index, at_ms: 200 + index * 450, down_ms: 300, torn: true }))
    const verdicts = [1, 12].map((seed) => runVopr(seed, { n: 4, byzantine: [], crashes, partitions: [], heal_ms: 2_200, wal_forgets_votes: true }))
    expect(verdicts.every((r) => !r.ok && r.failures.some((f) => f.includes("accused honest validator")))).toBe(true)
    // the same runs with the real log pass
    for (const seed of [1, 12]) expect(runVopr(seed, { n: 4, byzantine: [], crashes, partitions: [], heal_ms: 2_200 }).failures).toEqual([])
  })
  it("f + 1 nullers (beyond the fault budget) stop finalization and the liveness checker says so", () => {
    const r = runVopr(3, { n: 4, byzantine: [{ index: 0, kind: "nuller" }, { index: 1, kind: "nuller" }], crashes: [], partitions: [], heal_ms: 1_000 })
    expect(r.ok).toBe(false)
    expect(r.failures.some((f) => f.startsWith("liveness"))).toBe(true)
  })
})

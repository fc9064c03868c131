import { describe, expect, it } from "vitest"
import { players, newPlayer } from "../../../engine/casino/player.ts"
import { StateStore } from "../../../engine/state/store.ts"
import { runOf } from "../../../scenarios/test/effects.ts"
import { stress } from "../../../scenarios/stress/scenario.ts"
import { sybilKeys } from "../../agents/fingerprint.ts"
import { ipv4Prefix24, parseMetadata, SCORE_WEIGHTS, scoreAtThresholds, scoreScan, sybilScan, thresholdTable } from "../sybil-scan.ts"

const key = (c: string) => c.repeat(64)
const opts = { bucket_seconds: 3_600, min_cluster_size: 3, include_all: false, ip_prefix: false }

describe("sybil scan", () => {
  it("reproduces the simulations.md §7.3 worked example", () => {
    const store = new StateStore()
    store.begin()
    const ps = [
      ["1", 7_200n],
      ["2", 8_000n],
      ["3", 10_700n],
      ["4", 11_000n]
    ] as const
    for (const [c, ts] of ps) players.put(store, key(c), newPlayer(`P${c}`, 0n, ts))
    store.commit()
    const meta = parseMetadata(["1", "2", "4"].map((c) => JSON.stringify({ player: `0x${key(c).toUpperCase()}`, ip_address: "203.0.113.7" })).join("\n"))
    const scan = sybilScan(store, { view: 0, height: 0, generated_at_unix: 0 }, meta, opts)
    expect(scan.metadata_matched).toBe(3)
    expect(scan.clusters.map((c) => `${c.kind}:${c.key}`)).toEqual(["created_bucket:7200-10800", "ip:203.0.113.7"])
    expect(scan.players.map((p) => [p.name, p.flags])).toEqual([
      ["P1", ["created_bucket:7200-10800", "ip:203.0.113.7"]],
      ["P2", ["created_bucket:7200-10800", "ip:203.0.113.7"]],
      ["P3", ["created_bucket:7200-10800"]],
      ["P4", ["ip:203.0.113.7"]]
    ])
    expect(() => parseMetadata('{"player":"x"}\n{broken')).toThrow(/line 2/)
  })

  it("finds the simulated sybil farm with measured precision and recall", () => {
    const run = runOf(stress, { shock: "sybil-swarm", days: "5", agents: "60", sybils: "30", sybil_ring_size: "5" })
    const scan = sybilScan(run.chain.store, { view: Number(run.chain.view), height: Number(run.chain.height), generated_at_unix: 0 }, run.agents, opts)
    const truth = sybilKeys(run.agents)
    const one = scoreScan(scan, truth, 1)
    const two = scoreScan(scan, truth, 2)
    console.log(`sybil scan: ≥1 flag precision ${one.precision.toFixed(3)} recall ${one.recall.toFixed(3)} (tp ${one.true_positives}, fp ${one.false_positives}); ≥2 flags precision ${two.precision.toFixed(3)} recall ${two.recall.toFixed(3)}`)
    expect(truth.size).toBe(30)
    expect(one.recall).toBe(1)
    expect(two.precision).toBeGreaterThan(0.9)
    expect(two.recall).toBeGreaterThan(0.9)
    expect(two.precision).toBeGreaterThanOrEqual(one.precision)
  })

  it("groups by IPv4 /24 and scores each player by its flags' weights", () => {
    const store = new StateStore()
    store.begin()
    for (const c of ["1", "2", "3", "4", "5"]) players.put(store, key(c), newPlayer(`P${c}`, 0n, 0n))
    store.commit()
    const ips: Record<string, string> = { "1": "198.51.100.7", "2": "198.51.100.7", "3": "198.51.100.9", "4": "198.51.100.7", "5": "203.0.113.7" }
    const meta = parseMetadata(JSON.stringify(Object.entries(ips).map(([c, ip]) => ({ public_key_hex: key(c), ip }))))
    const scan = sybilScan(store, { view: 0, height: 0, generated_at_unix: 0 }, meta, { ...opts, ip_prefix: true, include_all: true })
    expect(scan.clusters.map((c) => `${c.kind}:${c.key}:${c.player_count}`)).toEqual(["ip_prefix:198.51.100.0/24:4", "ip:198.51.100.7:3"])
    const by = new Map(scan.players.map((p) => [p.name, p.score]))
    expect(by.get("P1")).toBe(SCORE_WEIGHTS.ip + SCORE_WEIGHTS.ip_prefix)
    expect(by.get("P3")).toBe(SCORE_WEIGHTS.ip_prefix)
    expect(by.get("P5")).toBe(0)
    expect([ipv4Prefix24("10.0.0.1"), ipv4Prefix24("256.0.0.1"), ipv4Prefix24("::1")]).toEqual(["10.0.0.0/24", null, null])
    const truth = new Set([key("1"), key("2"), key("4")])
    const [t1, t5] = scoreAtThresholds(scan, truth, [1, 5])
    expect(t1).toMatchObject({ flagged: 4, true_positives: 3, false_positives: 1, false_negatives: 0, recall: 1 })
    expect(t5).toMatchObject({ flagged: 3, true_positives: 3, precision: 1, recall: 1 })
  })

  it("measures precision and recall at score thresholds on the simulated farm", () => {
    const run = runOf(stress, { shock: "sybil-swarm", days: "5", agents: "60", sybils: "30", sybil_ring_size: "5" })
    const scan = sybilScan(run.chain.store, { view: Number(run.chain.view), height: Number(run.chain.height), generated_at_unix: 0 }, run.agents, { ...opts, ip_prefix: true })
    const rows = scoreAtThresholds(scan, sybilKeys(run.agents))
    console.log(`sybil scan by score (stress sybil-swarm, 60 players, 30 sybils):\n${thresholdTable(rows)}`)
    // recall falls and precision rises as the threshold rises
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.recall).toBeLessThanOrEqual(rows[i - 1]!.recall)
      expect(rows[i]!.flagged).toBeLessThanOrEqual(rows[i - 1]!.flagged)
    }
    expect(rows[0]!.recall).toBe(1)
    expect(rows.some((r) => r.precision === 1 && r.recall >= 0.9)).toBe(true)
  })
})

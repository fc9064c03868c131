/**
 * Four validators in one process over real loopback TCP (ports 17100–17103): dealt keys in four
 * data dirs, real transactions submitted to different validators are finalized and executed, all
 * four reach identical state roots, execution certificates form and verify; one validator is
 * stopped and reopened from its data dir: it rejoins (catch-up + consensus) and no validator ever
 * outputs fault evidence (no equivocation).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { verifyExecutionCertificate } from "../../../../engine/consensus/execution-certificate.ts"
import { actorSigner, signTransaction } from "../../../../engine/tx/sign.ts"
import { dealValidatorKeys, KEY_FILE } from "../keys.ts"
import { waitUntil } from "../../../test/helpers.ts"
import { loopbackCluster } from "./loopback-cluster.ts"

const N = 4
const cluster = loopbackCluster("validators", N, 17100, { leader_ms: 400, advance_ms: 800, retry_ms: 1_000, fetch_ms: 300 }, 200)
const { dirs, nodes, open } = cluster
afterAll(cluster.close)

describe("validators over loopback TCP", () => {
  it("finalize real transactions, agree on state roots, certify execution, and a restarted validator rejoins without equivocating", async () => {
    const files = dealValidatorKeys(dirs)
    expect(files.map((f) => f.index)).toEqual([0, 1, 2, 3])
    expect(fs.statSync(path.join(dirs[0] ?? "", KEY_FILE)).mode & 0o777).toBe(0o600)
    for (let i = 0; i < N; i++) nodes.push(open(i))
    for (const n of nodes) await n.start()

    const names = Array.from({ length: 12 }, (_, i) => `validator-test-${i}`)
    names.forEach((name, i) => {
      const tx = signTransaction(actorSigner(name), 0n, { _tag: "CasinoRegister", name })
      expect(nodes[i % N]?.submit([tx])).toBe(null)
    })
    const allExecuted = (k: number) => () => nodes.every((n) => n.stats().transactions_executed >= k)
    await waitUntil("12 registrations executed everywhere", allExecuted(12), 30_000)

    const height = Math.min(...nodes.map((n) => n.stats().executed_height))
    expect(height).toBeGreaterThan(0)
    for (let h = 1; h <= height; h++) {
      const roots = new Set(nodes.map((n) => n.stateRootAt(h)))
      expect(roots.size).toBe(1)
    }
    // every registered player exists on every node
    for (const n of nodes) for (const name of names) expect(n.chain.nonceOf(actorSigner(name).public_key)).toBe(1n)
    // the seed of each block is the finalization's threshold seed: verifiable with the group key
    const first = nodes[0]?.finalizedBlock(1)
    expect(first).not.toBe(null)
    const k0 = nodes[0]?.keys
    if (first === null || first === undefined || k0 === undefined) throw new Error("no block 1")
    expect(k0.verifier.verifySeed(Number(first.block.view), Buffer.from(first.block.seed, "hex"))).toBe(true)
    await waitUntil("an execution certificate at height 1", () => nodes.every((n) => n.executionCertificate(1) !== null), 10_000)
    for (const n of nodes) {
      const c = n.executionCertificate(1)
      if (c === null) throw new Error("no certificate")
      expect(verifyExecutionCertificate(k0.verifier, k0.quorum, c)).toBe(true)
      expect(c.item.state_root).toBe(nodes[0]?.stateRootAt(1))
    }

    // restart validator 2 from its data dir while the others continue
    const victim = nodes[2]
    if (victim === undefined) throw new Error("no node 2")
    await victim.close()
    const more = Array.from({ length: 6 }, (_, i) => `validator-test-late-${i}`)
    more.forEach((name, i) => expect(nodes[i % 2]?.submit([signTransaction(actorSigner(name), 0n, { _tag: "CasinoRegister", name })])).toBe(null))
    const survivors = [nodes[0], nodes[1], nodes[3]]
    await waitUntil("the other three finalize while one is down", () => survivors.every((n) => (n?.stats().transactions_executed ?? 0) >= 18), 30_000)
    const reopened = open(2)
    nodes[2] = reopened
    expect(reopened.stats().blocks_replayed).toBeGreaterThan(0)
    await reopened.start()
    const target = Math.max(...survivors.map((n) => n?.stats().executed_height ?? 0))
    await waitUntil("the restarted validator catches up", () => reopened.stats().executed_height >= target, 30_000)
    for (let h = 1; h <= target; h++) expect(reopened.stateRootAt(h)).toBe(nodes[0]?.stateRootAt(h))
    // it takes part again: a new transaction submitted to it is finalized everywhere
    expect(reopened.submit([signTransaction(actorSigner("validator-test-after"), 0n, { _tag: "CasinoRegister", name: "validator-test-after" })])).toBe(null)
    await waitUntil("a transaction submitted to the restarted validator is executed everywhere", () => nodes.every((n) => n.chain.nonceOf(actorSigner("validator-test-after").public_key) === 1n), 30_000)
    for (const n of nodes) {
      expect(n.evidence).toEqual([])
      expect(n.halted()).toBe(null)
    }
    // group commit: a turn's records share one fsync (counted since each node opened: the
    // reopened one may not have voted yet)
    const syncs = nodes.reduce((a, n) => a + n.stats().wal_syncs, 0)
    const records = nodes.reduce((a, n) => a + n.stats().wal_records, 0)
    expect(syncs).toBeGreaterThan(0)
    expect(syncs).toBeLessThan(records)
  }, 120_000)
})

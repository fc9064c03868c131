/**
 * Liveness through partition churn (ports 17130–17133): thirty times a pair of validators cuts
 * every connection (a 2|2 split of a four-validator set, healing through reconnects) at seeded
 * moments, so views are notarized at some validators while the others time out and nullify them.
 * A block notarized in such a view cannot be finalized in it (two nullify, two finalize); only a
 * child's finalization finalizes it, so leaders must build and validators verify on a notarized,
 * unexecuted parent. A driver that waited for the parent's execution stalled here for good (every
 * later view nullified, height 0 in three of three seeds); the set must go on finalizing once the
 * churn stops, with no fault evidence and every state root equal.
 */
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { actorSigner, signTransaction } from "../../../../engine/tx/sign.ts"
import { waitUntil } from "../../../test/helpers.ts"
import { dealValidatorKeys } from "../keys.ts"
import { loopbackCluster } from "./loopback-cluster.ts"

const LEADER_MS = 100
const cluster = loopbackCluster("liveness", 4, 17130, { leader_ms: LEADER_MS, advance_ms: 2 * LEADER_MS, retry_ms: 10 * LEADER_MS, fetch_ms: 2 * LEADER_MS }, 200)
afterAll(cluster.close)

const churn = fc.sample(
  fc.array(fc.record({ a: fc.integer({ min: 0, max: 3 }), b: fc.integer({ min: 1, max: 3 }), pause_ms: fc.integer({ min: 50, max: 50 + 2 * LEADER_MS }) }), { minLength: 30, maxLength: 30 }),
  1
)[0] ?? []

describe("liveness through partition churn", () => {
  it("keeps finalizing after pairs of validators are cut off at arbitrary moments", async () => {
    const { dirs, nodes, open } = cluster
    dealValidatorKeys(dirs)
    for (let i = 0; i < 4; i++) nodes.push(open(i))
    for (const n of nodes) await n.start()
    const names = Array.from({ length: 30 }, (_, i) => `liveness-${i}`)
    for (const [r, { a, b, pause_ms }] of churn.entries()) {
      const name = names[r] ?? ""
      expect(nodes[r % 4]?.submit([signTransaction(actorSigner(name), 0n, { _tag: "CasinoRegister", name })])).toBe(null)
      nodes[a]?.disconnectPeers()
      nodes[(a + b) % 4]?.disconnectPeers()
      await new Promise((r) => setTimeout(r, pause_ms))
    }
    const after_churn = Math.max(...nodes.map((n) => n.stats().finalized_height))
    await waitUntil("ten more blocks finalized everywhere after the churn", () => nodes.every((n) => n.stats().executed_height >= after_churn + 10), 60_000)
    await waitUntil("every registration executed everywhere", () => nodes.every((n) => names.every((name) => n.chain.nonceOf(actorSigner(name).public_key) === 1n)), 30_000)
    const height = Math.min(...nodes.map((n) => n.stats().executed_height))
    for (let h = 1; h <= height; h++) for (const n of nodes) expect(n.stateRootAt(h)).toBe(nodes[0]?.stateRootAt(h))
    for (const n of nodes) {
      expect(n.evidence).toEqual([])
      expect(n.halted()).toBe(null)
    }
  }, 150_000)
})

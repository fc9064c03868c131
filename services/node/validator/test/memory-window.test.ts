/**
 * The validator's memory window (finalized-store.ts), on ephemeral loopback ports: three of four
 * validators holding at most 8 heights in memory finalize past height 44. At every height
 * validator 0 executes, none of the three holds more than 8 finalized blocks, roots, execution
 * certificates or block digests. Validator 0's answers for a height, taken while the height was
 * recent (served from memory: nothing read from disk), are exactly its answers once the height is
 * old (read back from blocks.log / certificates.log): stateRootAt, executionCertificate,
 * finalizedBlock, finalizedAtView; and lineage calls the old executed digest stale (an unknown
 * digest at that view is missing, to be fetched: neither is a fault). Restarted from its data dir,
 * it gives the same answers again, having replayed the chain within the same window.
 */
import { afterAll, describe, expect, it } from "vitest"
import { blockDigest, encodeBlock } from "../../../../engine/block.ts"
import { toHex } from "../../../../engine/codec/bytes.ts"
import { encodeCertificate, encodeExecutionCertificate } from "../../../../engine/consensus/wire.ts"
import { waitUntil } from "../../../test/helpers.ts"
import { freePorts } from "../../../test/validator-api.ts"
import type { StoredFinalized } from "../finalized-store.ts"
import { dealValidatorKeys } from "../keys.ts"
import type { FinalizedStoreStats, ValidatorNode } from "../validator.ts"
import { loopbackCluster, type LoopbackCluster } from "./loopback-cluster.ts"

const IN_MEMORY_MAX = 8
const TARGET_HEIGHT = 44
const timeouts = { leader_ms: 300, advance_ms: 600, retry_ms: 1_000, fetch_ms: 300 }

let cluster: LoopbackCluster | null = null
afterAll(async () => {
  await cluster?.close()
})

/** a finalized block and its finalization as wire bytes (hex): what a peer or client would be sent */
const wire = (f: StoredFinalized | null): string | null => (f === null ? null : `${toHex(encodeBlock(f.block))}/${f.certificate === null ? "-" : toHex(encodeCertificate(f.certificate))}`)

interface Answers {
  readonly state_root: string | null
  readonly execution_certificate: string | null
  readonly finalized: string | null
  readonly at_view: string | null
}

const answersAt = (node: ValidatorNode, height: number, view: number): Answers => {
  const exec = node.executionCertificate(height)
  return {
    state_root: node.stateRootAt(height),
    execution_certificate: exec === null ? null : toHex(encodeExecutionCertificate(exec)),
    finalized: wire(node.finalizedBlock(height)),
    at_view: wire(node.finalizedAtView(view))
  }
}

/** what each bounded structure holds */
const held = (s: FinalizedStoreStats): number[] => [s.in_memory, s.roots_in_memory, s.execution_certificates_in_memory, s.digests_in_memory]

describe("memory bounded by the window of recent heights", () => {
  it("answers old heights from disk exactly as it did from memory, before and after a restart", async () => {
    const ports = await freePorts(4)
    cluster = loopbackCluster("memory-window", 4, ports, timeouts, 150, undefined, { finalized_in_memory_max: IN_MEMORY_MAX })
    const { dirs, nodes, open } = cluster
    dealValidatorKeys(dirs)
    for (const i of [0, 1, 2]) nodes.push(open(i))
    const first = nodes[0]
    if (first === undefined) throw new Error("no validator 0")

    // while a height is recent (and its execution certificate formed), take validator 0's answers;
    // at every height it executes, note the most any of the three holds in memory
    const recent = new Map<number, { answers: Answers; digest: string; view: number }>()
    let readWhileRecent = 0
    let heldMax = [0, 0, 0, 0]
    const unsubscribe = first.onBlock((block) => {
      for (const n of nodes) heldMax = held(n.finalizedStore()).map((v, k) => Math.max(v, heldMax[k] ?? 0))
      const tip = Number(block.height)
      for (let h = Math.max(1, tip - IN_MEMORY_MAX + 1); h <= tip; h++) {
        if (recent.has(h) || first.executionCertificate(h) === null) continue
        const f = first.finalizedBlock(h)
        if (f === null) continue
        const before = first.finalizedStore()
        const view = Number(f.block.view)
        const answers = answersAt(first, h, view)
        const after = first.finalizedStore()
        readWhileRecent += after.disk_reads - before.disk_reads + after.record_reads - before.record_reads
        recent.set(h, { answers, digest: blockDigest(f.block), view })
      }
    })
    for (const n of nodes) await n.start()
    await waitUntil(`the three execute past height ${TARGET_HEIGHT}`, () => nodes.every((n) => n.stats().executed_height >= TARGET_HEIGHT), 120_000)
    unsubscribe()

    // every bounded structure stayed within the window (and filled it) on all three
    for (const n of nodes) for (const v of held(n.finalizedStore())) expect(v).toBeLessThanOrEqual(IN_MEMORY_MAX)
    const [blocksMax, rootsMax, certsMax, digestsMax] = heldMax
    expect([blocksMax, rootsMax, digestsMax]).toEqual([IN_MEMORY_MAX, IN_MEMORY_MAX, IN_MEMORY_MAX])
    // a height's certificate forms after its execution (it needs this validator's ack): fewer, but there
    expect(certsMax).toBeGreaterThan(IN_MEMORY_MAX / 2)
    expect(certsMax).toBeLessThanOrEqual(IN_MEMORY_MAX)
    expect(readWhileRecent).toBe(0)
    // what stays per height is the compact columns: 5 × 8 bytes, here still their first allocation
    for (const n of nodes) expect(n.finalizedStore().index_bytes).toBe(5 * 8 * 1_024)

    const tip = first.stats().executed_height
    const old = [...recent.keys()].filter((h) => h <= tip - IN_MEMORY_MAX)
    expect(old.length).toBeGreaterThanOrEqual(TARGET_HEIGHT - 2 * IN_MEMORY_MAX)
    expect(Math.min(...old)).toBeLessThanOrEqual(3)
    const readsBefore = first.finalizedStore()
    const oldAnswersOf = (node: ValidatorNode) =>
      old.map((h) => {
        const r = recent.get(h)
        if (r === undefined) throw new Error(`height ${h} not recorded`)
        return { h, now: answersAt(node, h, r.view), then: r.answers, lineage: node.lineage(r.digest, r.view), view: r.view }
      })
    for (const a of oldAnswersOf(first)) {
      expect(a.then.state_root, `height ${a.h}`).not.toBe(null)
      expect(a.then.execution_certificate, `height ${a.h}`).not.toBe(null)
      expect(a.then.at_view, `height ${a.h}`).toBe(a.then.finalized)
      expect(a.now, `height ${a.h}`).toEqual(a.then)
      // an executed digest out of the window: still stale (its height from its view, its block from blocks.log)
      expect(a.lineage, `height ${a.h}`).toBe("stale")
    }
    // ... and they came from disk
    const readsAfter = first.finalizedStore()
    expect(readsAfter.disk_reads - readsBefore.disk_reads).toBeGreaterThanOrEqual(old.length)
    expect(readsAfter.record_reads - readsBefore.record_reads).toBeGreaterThanOrEqual(old.length)
    expect(readsAfter.disk_refused).toBe(0)
    // a digest that is no executed block at an old view is missing (asked of the peers), not stale
    const unknown = "ab".repeat(32)
    const oldView = recent.get(old[0] ?? 0)?.view ?? 0
    expect(first.lineage(unknown, oldView)).toEqual({ missing: unknown })
    expect(first.lineage(unknown, 10_000_000)).toEqual({ missing: unknown })
    for (const n of nodes) {
      expect(n.evidence).toEqual([])
      expect(n.halted()).toBe(null)
    }

    // restart validator 0 from its data dir: the replay keeps the same window, the answers are the same
    await first.close()
    const executed = first.stats().executed_height
    const reopened = open(0)
    nodes[0] = reopened
    expect(reopened.stats().blocks_replayed).toBe(executed)
    for (const v of held(reopened.finalizedStore())) expect(v).toBeLessThanOrEqual(IN_MEMORY_MAX)
    for (const a of oldAnswersOf(reopened)) {
      expect(a.now, `height ${a.h} after the restart`).toEqual(a.then)
      expect(a.lineage, `height ${a.h} after the restart`).toBe("stale")
    }
    expect(reopened.finalizedStore().disk_refused).toBe(0)
    expect(reopened.halted()).toBe(null)
  }, 240_000)
})

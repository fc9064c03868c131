/**
 * State sync beyond memory (ephemeral loopback ports): with at most 8 heights held in memory,
 * three validators finalize well past 8; a fourth starts from an empty data dir (its key file only)
 * and catches up from height 1, which the peers can only answer from blocks.log and
 * certificates.log (read back by offset, every frame and record checked again). The newcomer's
 * synced heights leave its window before their execution certificates are fetched, so it logs
 * their roots (CERT_ROOTS) and checks the certificates it fetches later against them. Every node
 * keeps each bounded structure within the window. Then a peer is restarted: its index is rebuilt
 * from the logs at replay (within the window) and old heights are still served, the same answers.
 * A block record damaged on disk is refused, never served.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { blockDigest } from "../../../../engine/block.ts"
import { toHex } from "../../../../engine/codec/bytes.ts"
import { encodeExecutionCertificate } from "../../../../engine/consensus/wire.ts"
import { actorSigner, signTransaction } from "../../../../engine/tx/sign.ts"
import { scanRecords } from "../../block-record.ts"
import { FRAME_HEADER_BYTES } from "../../record-frame.ts"
import { waitUntil } from "../../../test/helpers.ts"
import { freePorts } from "../../../test/validator-api.ts"
import { dealValidatorKeys } from "../keys.ts"
import type { FinalizedStoreStats } from "../validator.ts"
import { loopbackCluster, type LoopbackCluster } from "./loopback-cluster.ts"

const IN_MEMORY_MAX = 8
const TARGET_HEIGHT = 4 * IN_MEMORY_MAX
/** execution certificates of heights above a node's executed tip wait in memory: at most the consensus ack window (future_window_views) */
const AHEAD_MAX = 64
const timeouts = { leader_ms: 300, advance_ms: 600, retry_ms: 1_000, fetch_ms: 300 }
let cluster: LoopbackCluster | null = null
afterAll(async () => {
  await cluster?.close()
})

/** finalized blocks, roots and digests in memory: each at most the window */
const windowed = (s: FinalizedStoreStats): number[] => [s.in_memory, s.roots_in_memory, s.digests_in_memory]

describe("catch-up from blocks the peers hold only on disk", () => {
  it("serves heights older than the in-memory bound from the logs, checked", async () => {
    cluster = loopbackCluster("sync-from-disk", 4, await freePorts(4), timeouts, 150, undefined, { finalized_in_memory_max: IN_MEMORY_MAX })
    const { dirs, nodes, open } = cluster
    dealValidatorKeys(dirs)
    for (const i of [0, 1, 2]) nodes.push(open(i))
    for (const n of nodes) await n.start()
    const names = Array.from({ length: 12 }, (_, i) => `sync-disk-${i}`)
    for (const [i, name] of names.entries()) {
      expect(nodes[i % 3]?.submit([signTransaction(actorSigner(name), 0n, { _tag: "CasinoRegister", name })])).toBe(null)
      await waitUntil(`registration ${i} executed by the three`, () => nodes.every((n) => n.stats().transactions_executed >= i + 1), 60_000)
    }
    await waitUntil(`the three execute past height ${TARGET_HEIGHT}`, () => nodes.every((n) => n.stats().executed_height >= TARGET_HEIGHT), 120_000)
    const peers = [...nodes]
    for (const p of peers) {
      const store = p.finalizedStore()
      for (const v of windowed(store)) expect(v).toBeLessThanOrEqual(IN_MEMORY_MAX)
      // three of four: a certificate needs every one's ack, so none is ahead of a node's execution
      expect(store.execution_certificates_in_memory).toBeLessThanOrEqual(IN_MEMORY_MAX)
      expect(store.in_memory_max).toBe(IN_MEMORY_MAX)
    }
    const readsBefore = peers.reduce((s, p) => s + p.finalizedStore().disk_reads, 0)
    // height 1 is far below every peer's memory: the getter reads it back from disk, certificate included
    const first = peers[0]?.finalizedBlock(1)
    expect(first?.block.height).toBe(1n)
    expect(first?.certificate).not.toBe(null)
    expect(peers[0]?.finalizedStore().disk_reads).toBeGreaterThan(0)

    const fresh = open(3)
    nodes.push(fresh)
    expect(fresh.stats().executed_height).toBe(0)
    await fresh.start()
    const target = Math.min(...peers.map((n) => n.stats().executed_height))
    await waitUntil("the fresh validator catches up from height 1", () => fresh.stats().executed_height >= target, 60_000)
    // each missed height was executed by one of the two catch-up paths (catch-up.test.ts): the
    // consensus walk back may take some; the heights synced below the peers' memory were read
    // back from their logs
    const caught = fresh.stats()
    expect(caught.blocks_synced + caught.blocks_finalized).toBe(caught.executed_height)
    expect(caught.blocks_synced).toBeGreaterThan(0)
    expect(peers.reduce((s, p) => s + p.finalizedStore().disk_reads, 0) - readsBefore).toBeGreaterThanOrEqual(caught.blocks_synced - 2 * IN_MEMORY_MAX)
    for (let h = 1; h <= target; h++) {
      expect(fresh.stateRootAt(h), `height ${h}`).not.toBe(null)
      expect(fresh.stateRootAt(h), `height ${h}`).toBe(peers[0]?.stateRootAt(h))
    }
    for (const name of names) expect(fresh.chain.nonceOf(actorSigner(name).public_key)).toBe(1n)
    // the newcomer's synced heights left its window before it had their execution certificates:
    // it logged its own roots, fetches the certificates and keeps them only if they certify those
    expect(fresh.finalizedStore().roots_logged).toBeGreaterThan(0)
    await waitUntil("the newcomer fetched the execution certificates of the heights it synced", () => {
      for (let h = 1; h <= target - 2; h++) if (fresh.executionCertificate(h) === null) return false
      return true
    }, 30_000)
    for (let h = 1; h <= target - 2; h++) {
      const mine = fresh.executionCertificate(h)?.item
      expect(mine, `height ${h}`).toEqual(peers[0]?.executionCertificate(h)?.item)
      expect(mine?.state_root, `height ${h}`).toBe(fresh.stateRootAt(h))
    }
    for (const n of nodes) for (const v of windowed(n.finalizedStore())) expect(v).toBeLessThanOrEqual(IN_MEMORY_MAX)
    for (const n of nodes) expect(n.finalizedStore().execution_certificates_in_memory).toBeLessThanOrEqual(IN_MEMORY_MAX + AHEAD_MAX)
    for (const n of nodes) expect(n.finalizedStore().disk_refused).toBe(0)
    // the newcomer serves what it synced from its own logs too
    expect(fresh.finalizedBlock(2)?.block).toEqual(peers[1]?.finalizedBlock(2)?.block)
    for (const n of nodes) expect(n.evidence).toEqual([])

    // restart a peer: the offset index is rebuilt while blocks.log is replayed
    const old = nodes.shift()
    if (old === undefined) throw new Error("no node 0")
    const before = old.finalizedBlock(3)
    if (before === null) throw new Error("height 3 not served before the restart")
    const execBefore = old.executionCertificate(2)
    if (execBefore === null) throw new Error("height 2 has no execution certificate before the restart")
    const rootBefore = old.stateRootAt(2)
    await old.close()
    const reopened = open(0)
    nodes.unshift(reopened)
    expect(reopened.stats().blocks_replayed).toBeGreaterThanOrEqual(target)
    for (const v of windowed(reopened.finalizedStore())) expect(v).toBeLessThanOrEqual(IN_MEMORY_MAX)
    expect(reopened.finalizedStore().execution_certificates_in_memory).toBeLessThanOrEqual(IN_MEMORY_MAX + AHEAD_MAX)
    const after = reopened.finalizedBlock(3)
    expect(after === null ? null : blockDigest(after.block)).toBe(blockDigest(before.block))
    expect(after?.certificate).toEqual(before.certificate)
    expect(reopened.finalizedAtView(Number(before.block.view))?.block.height).toBe(3n)
    const execAfter = reopened.executionCertificate(2)
    expect(execAfter === null ? null : toHex(encodeExecutionCertificate(execAfter))).toBe(toHex(encodeExecutionCertificate(execBefore)))
    expect(rootBefore).not.toBe(null)
    expect(reopened.stateRootAt(2)).toBe(rootBefore)

    // damage one byte inside height 3's record on disk: the read-back check refuses it
    const logFile = path.join(dirs[0] ?? "", "blocks.log")
    const record3 = scanRecords(fs.readFileSync(logFile)).records[2]
    if (record3 === undefined) throw new Error("blocks.log has no third record")
    const fd = fs.openSync(logFile, "r+")
    const at = record3.start + FRAME_HEADER_BYTES + 40
    const byte = Buffer.alloc(1)
    fs.readSync(fd, byte, 0, 1, at)
    byte.writeUInt8(byte.readUInt8(0) ^ 0xff, 0)
    fs.writeSync(fd, byte, 0, 1, at)
    fs.closeSync(fd)
    expect(reopened.finalizedBlock(3)).toBe(null)
    expect(reopened.finalizedStore().disk_refused).toBe(1)
    expect(reopened.finalizedBlock(4)?.block.height).toBe(4n)
  }, 300_000)
})

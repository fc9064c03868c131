/**
 * State sync beyond memory (ports 17600–17603): with at most 8 finalized heights held in memory,
 * three validators finalize well past 8; a fourth starts from an empty data dir (its key file only)
 * and catches up from height 1, which the peers can only answer from blocks.log and
 * certificates.log (read back by offset, every frame and record checked again). Then a peer is
 * restarted: its index is rebuilt from the logs at replay and old heights are still served.
 * A block record damaged on disk is refused, never served.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { blockDigest } from "../../../../engine/block.ts"
import { actorSigner, signTransaction } from "../../../../engine/tx/sign.ts"
import { scanRecords } from "../../block-record.ts"
import { FRAME_HEADER_BYTES } from "../../record-frame.ts"
import { waitUntil } from "../../../test/helpers.ts"
import { dealValidatorKeys } from "../keys.ts"
import { ValidatorNode } from "../validator.ts"
import { loopbackCluster } from "./loopback-cluster.ts"

const IN_MEMORY_MAX = 8
const TARGET_HEIGHT = 4 * IN_MEMORY_MAX
const timeouts = { leader_ms: 300, advance_ms: 600, retry_ms: 1_000, fetch_ms: 300 }
const cluster = loopbackCluster("sync-from-disk", 4, 17600, timeouts, 150)
const { dirs, nodes } = cluster
const addresses = dirs.map((_, i) => ({ host: "127.0.0.1", port: 17600 + i }))
const open = (i: number): ValidatorNode =>
  new ValidatorNode({ data_dir: dirs[i] ?? "", addresses, timeouts, sync_interval_ms: 150, finalized_in_memory_max: IN_MEMORY_MAX })
afterAll(cluster.close)

describe("catch-up from blocks the peers hold only on disk", () => {
  it("serves heights older than the in-memory bound from the logs, checked", async () => {
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
      expect(store.in_memory).toBeLessThanOrEqual(IN_MEMORY_MAX)
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
    for (let h = 1; h <= target; h++) expect(fresh.stateRootAt(h)).toBe(peers[0]?.stateRootAt(h))
    for (const name of names) expect(fresh.chain.nonceOf(actorSigner(name).public_key)).toBe(1n)
    for (const n of nodes) expect(n.finalizedStore().in_memory).toBeLessThanOrEqual(IN_MEMORY_MAX)
    for (const n of nodes) expect(n.finalizedStore().disk_refused).toBe(0)
    // the newcomer serves what it synced from its own logs too
    expect(fresh.finalizedBlock(2)?.block).toEqual(peers[1]?.finalizedBlock(2)?.block)
    for (const n of nodes) expect(n.evidence).toEqual([])

    // restart a peer: the offset index is rebuilt while blocks.log is replayed
    const old = nodes.shift()
    if (old === undefined) throw new Error("no node 0")
    const before = old.finalizedBlock(3)
    if (before === null) throw new Error("height 3 not served before the restart")
    await old.close()
    const reopened = open(0)
    nodes.unshift(reopened)
    expect(reopened.stats().blocks_replayed).toBeGreaterThanOrEqual(target)
    expect(reopened.finalizedStore().in_memory).toBeLessThanOrEqual(IN_MEMORY_MAX)
    const after = reopened.finalizedBlock(3)
    expect(after === null ? null : blockDigest(after.block)).toBe(blockDigest(before.block))
    expect(after?.certificate).toEqual(before.certificate)

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

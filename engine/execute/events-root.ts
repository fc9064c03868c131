/**
 * The events root of a block: a Merkle root over its transaction outputs, in block order, so a
 * client can be shown one transaction's events (and status) with a short proof against the root
 * the validators sign next to the state root.
 *
 *   output bytes  tx_id (32 raw bytes) ‖ u8 status (0 applied, 1 failed, 2 skipped)
 *                 ‖ varint event count ‖ each event in the event codec (codec/events.ts)
 *   leaf          H("nullspace/events/leaf", output bytes)
 *   node          H("nullspace/events/node", left ‖ right)
 *   tree          RFC 6962's Merkle tree hash over the n leaves (split at the largest power of
 *                 two below n; equivalently, pair level by level and carry an odd last node up)
 *   root          H("nullspace/events/root", u32 n ‖ tree), n = 0: tree = H("nullspace/events/empty", "")
 * Binding n into the root makes (index, count) of a proof unambiguous. A proof (events-proof.ts)
 * is the RFC 9162 audit path, leaf to root.
 */
import { assert } from "../assert.ts"
import { ByteReader, ByteWriter, DecodeFailure, decodeFailure, toHex } from "../codec/bytes.ts"
import { EVENT_CODEC } from "../codec/events.ts"
import { makeTag, taggedHash, taggedHashPair } from "../crypto/tagged-hash.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "../chain/constants.ts"
import { fromHex } from "../codec/bytes.ts"
import type { TxOutput } from "./output.ts"
import type { Event } from "../events.ts"

const LEAF = makeTag("nullspace/events/leaf")
const NODE = makeTag("nullspace/events/node")
const ROOT = makeTag("nullspace/events/root")
const EMPTY = makeTag("nullspace/events/empty")

export const EMPTY_EVENTS_TREE: Uint8Array = taggedHash(EMPTY, new Uint8Array(0))

const STATUS_CODE: Readonly<Record<TxOutput["status"], number>> = { applied: 0, failed: 1, skipped: 2 }

/** the canonical bytes of one transaction output (what its leaf commits to) */
export const txOutputBytes = (o: TxOutput, w: ByteWriter = new ByteWriter(256)): Uint8Array => {
  w.raw(fromHex(o.tx_id)).u8(STATUS_CODE[o.status]).varint(o.events.length)
  for (const e of o.events) EVENT_CODEC.write(w, e)
  return w.finish()
}

/** what output bytes say: the transaction id, its status and its events */
export interface OutputRecord {
  readonly tx_id: string
  readonly status: TxOutput["status"]
  readonly events: ReadonlyArray<Event>
}

const STATUSES: ReadonlyArray<TxOutput["status"]> = ["applied", "failed", "skipped"]
/** events one output may carry when read back (far above what a transaction emits) */
export const OUTPUT_EVENTS_MAX = 4_096

/** read output bytes back exactly (a client checking an events proof reads what it proved) */
export const decodeTxOutputBytes = (bytes: Uint8Array): OutputRecord | DecodeFailure => {
  try {
    const r = new ByteReader(bytes)
    const tx_id = toHex(r.raw(32))
    const at = r.offset
    const status = STATUSES[r.u8()]
    if (status === undefined) return decodeFailure("unknown output status", at)
    const n = r.length(OUTPUT_EVENTS_MAX)
    const events: Event[] = []
    for (let i = 0; i < n; i++) events.push(EVENT_CODEC.read(r))
    if (r.offset !== bytes.length) return decodeFailure(`${bytes.length - r.offset} trailing bytes`, r.offset)
    return { tx_id, status, events }
  } catch (e) {
    if (e instanceof DecodeFailure) return e
    throw e
  }
}

export const eventsLeafHash = (outputBytes: Uint8Array): Uint8Array => taggedHash(LEAF, outputBytes)
export const eventsNodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => taggedHashPair(NODE, left, right)

/** the root from the tree hash and the leaf count */
export const eventsRootOf = (count: number, tree: Uint8Array): Uint8Array => {
  const m = new Uint8Array(4 + tree.length)
  new DataView(m.buffer).setUint32(0, count, false)
  m.set(tree, 4)
  return taggedHash(ROOT, m)
}

/** every level of the tree, leaves first (an odd last node is carried up unchanged) */
const levelsOf = (leaves: ReadonlyArray<Uint8Array>): Uint8Array[][] => {
  const levels: Uint8Array[][] = [[...leaves]]
  let level = levels[0]!
  // a tree of MAX_TRANSACTIONS_PER_BLOCK leaves has ⌈log2⌉ levels above them; allow any count
  for (let guard = 0; level.length > 1; guard++) {
    assert(guard < 64, "an events tree has at most 64 levels")
    const next: Uint8Array[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(eventsNodeHash(level[i]!, level[i + 1]!))
    if (level.length % 2 === 1) next.push(level[level.length - 1]!)
    levels.push(next)
    level = next
  }
  return levels
}

const leavesOf = (outputs: ReadonlyArray<TxOutput>): Uint8Array[] => {
  assert(outputs.length <= MAX_TRANSACTIONS_PER_BLOCK, `a block has at most ${MAX_TRANSACTIONS_PER_BLOCK} outputs`)
  const w = new ByteWriter(512)
  return outputs.map((o) => {
    const bytes = txOutputBytes(o, w)
    w.reset()
    return eventsLeafHash(bytes)
  })
}

/** the events root of a block's outputs */
export const eventsRoot = (outputs: ReadonlyArray<TxOutput>): Uint8Array => {
  if (outputs.length === 0) return eventsRootOf(0, EMPTY_EVENTS_TREE)
  const levels = levelsOf(leavesOf(outputs))
  return eventsRootOf(outputs.length, levels[levels.length - 1]![0]!)
}

/** the inclusion proof of output `index` (leaf to root) */
export interface EventsPath {
  readonly index: number
  readonly count: number
  readonly siblings: ReadonlyArray<Uint8Array>
}

export const proveEvents = (outputs: ReadonlyArray<TxOutput>, index: number): EventsPath => {
  const [path] = proveEventsMany(outputs, [index])
  assert(path !== undefined, "one proof per index")
  return path
}

/** the inclusion proofs of several outputs of one block, building its tree once */
export const proveEventsMany = (outputs: ReadonlyArray<TxOutput>, indices: ReadonlyArray<number>): EventsPath[] => {
  for (const index of indices) assert(Number.isInteger(index) && index >= 0 && index < outputs.length, "an events proof names an output of the block")
  if (indices.length === 0) return []
  const levels = levelsOf(leavesOf(outputs))
  return indices.map((index) => {
    const siblings: Uint8Array[] = []
    let i = index
    for (let l = 0; l < levels.length - 1; l++) {
      const level = levels[l]!
      const s = i ^ 1
      if (s < level.length) siblings.push(level[s]!)
      i >>= 1
    }
    return { index, count: outputs.length, siblings }
  })
}

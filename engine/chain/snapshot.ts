/**
 * A state snapshot: the whole chain — its network config, where execution stands (height, view,
 * last block digest), its state root and every row of every table — as one deterministic byte
 * string, and the way back to a `Chain` that continues exactly where the snapshotted one stood.
 *
 * Bytes (varint = unsigned LEB128 of codec/bytes.ts; text = varint length + UTF-8):
 *   magic     "nullspace/state-snapshot/v1" (27 bytes)
 *   config    varint(admin key count) + 32 bytes per key (the config's order), text(namespace)
 *   position  varint(height), varint(view), last block digest (32 bytes), state root (32 bytes)
 *   tables    varint(count) + per non-empty table, names strictly ascending: text(name),
 *             varint(rows) + per row, keys strictly ascending: text(key), varint(length) +
 *             the row's canonical record bytes (state/canonical.ts: what the state root commits to)
 *   digest    SHA-256 of everything above (32 bytes)
 * Equal chains give equal bytes: tables, rows and fields are all in a fixed order, and the
 * records use the state's own canonical encoding (no second format).
 *
 * Decoding fails closed with SnapshotInvalid (code 122) and a stable `reason`: not a snapshot
 * (magic), a digest mismatch (any changed byte), malformed framing, an unknown table, rows or
 * tables out of order, a row that is not the canonical bytes of a valid record of its table, a
 * refused config, or a rebuilt state whose root is not the recorded one. Nothing outside the
 * new chain is touched, so a refused snapshot changes nothing.
 */
import { Either, Schema } from "effect"
import { AssertionFailed } from "../assert.ts"
import { GENESIS_DIGEST } from "../block.ts"
import { ByteReader, ByteWriter, DecodeFailure, bytesEqual, decodeFailure, fromHex, toHex, utf8 } from "../codec/bytes.ts"
import { sha256 } from "../crypto/sha256.ts"
import { DigestHex, U64 } from "../schema/primitives.ts"
import { Chain } from "./chain.ts"
import { ChainConfig, TRANSACTION_NAMESPACE_BYTES_MAX, makeChainConfig } from "./config.ts"
import { SNAPSHOT_TABLES } from "./snapshot-tables.ts"

export const SNAPSHOT_MAGIC = utf8("nullspace/state-snapshot/v1")

const DIGEST_BYTES = 32
const KEY_BYTES = 32
/** bounds of the framing (far above what the engine writes) */
const ADMIN_KEYS_MAX = 1_024
const TABLE_NAME_BYTES_MAX = 64
const ROW_KEY_BYTES_MAX = 1_024

export const SnapshotInvalidReason = Schema.Literal("not_a_snapshot", "digest", "malformed", "config", "unknown_table", "order", "record", "root")
export type SnapshotInvalidReason = typeof SnapshotInvalidReason.Type

/** Bytes that are not a snapshot this engine restores (why, in `reason`); no chain is built from them. */
export class SnapshotInvalid extends Schema.TaggedError<SnapshotInvalid>()("SnapshotInvalid", {
  reason: SnapshotInvalidReason,
  message: Schema.String
}) {
  readonly code = 122
}

/** where a snapshot stands: its network and position, and the root its rows rebuild */
export const SnapshotHeader = Schema.Struct({
  config: ChainConfig,
  height: U64,
  view: U64,
  last_digest: DigestHex,
  state_root: DigestHex
})
export type SnapshotHeader = typeof SnapshotHeader.Type

export interface RestoredSnapshot {
  readonly header: SnapshotHeader
  /** the chain at the snapshot's height, ready for its next block */
  readonly chain: Chain
  /** the number of rows restored */
  readonly rows: number
}

const invalid = (reason: SnapshotInvalidReason, message: string): SnapshotInvalid => new SnapshotInvalid({ reason, message })

const tableByName = new Map(SNAPSHOT_TABLES.map((t) => [t.name, t]))

/**
 * The snapshot of a chain as of its last executed block (call between blocks). A state holding
 * rows of a table SNAPSHOT_TABLES does not list is an engine bug: AssertionFailed.
 */
export const encodeSnapshot = (chain: Chain): Uint8Array => {
  const state_root = chain.stateRoot()
  for (const [name, size] of Object.entries(chain.store.tableSizes()))
    if (size > 0 && !tableByName.has(name)) throw new AssertionFailed({ message: `assertion failed: table ${name} is not in SNAPSHOT_TABLES` })
  const w = new ByteWriter(1 << 16)
  w.raw(SNAPSHOT_MAGIC)
  w.varint(chain.config.admin_keys.length)
  for (const k of chain.config.admin_keys) w.raw(fromHex(k))
  w.bytes(utf8(chain.config.transaction_namespace))
  w.varint(chain.height).varint(chain.view).raw(fromHex(chain.last_digest)).raw(fromHex(state_root))
  const tables = SNAPSHOT_TABLES.map((t) => ({ name: t.name, rows: t.rows(chain.store) })).filter((t) => t.rows.length > 0)
  w.varint(tables.length)
  for (const t of tables) {
    w.bytes(utf8(t.name)).varint(t.rows.length)
    for (const [key, bytes] of t.rows) w.bytes(utf8(key)).bytes(bytes)
  }
  w.raw(sha256(w.view()))
  return w.finish()
}

const textDecoder = new TextDecoder("utf-8", { fatal: true })

const readText = (r: ByteReader, max_bytes: number): string => {
  const at = r.offset
  const raw = r.bytes(max_bytes)
  try {
    return textDecoder.decode(raw)
  } catch {
    throw decodeFailure("invalid UTF-8", at)
  }
}

const startsWith = (bytes: Uint8Array, prefix: Uint8Array): boolean => bytes.length >= prefix.length && bytesEqual(bytes.subarray(0, prefix.length), prefix)

/** the header alone (magic, digest and framing checked; the rows are not restored) */
const readHeader = (bytes: Uint8Array): Either.Either<{ readonly header: SnapshotHeader; readonly reader: ByteReader }, SnapshotInvalid> => {
  if (!startsWith(bytes, SNAPSHOT_MAGIC)) return Either.left(invalid("not_a_snapshot", "the bytes do not start with the state snapshot magic"))
  if (bytes.length < SNAPSHOT_MAGIC.length + DIGEST_BYTES) return Either.left(invalid("malformed", "the snapshot is truncated"))
  const body = bytes.subarray(0, bytes.length - DIGEST_BYTES)
  if (!bytesEqual(sha256(body), bytes.subarray(bytes.length - DIGEST_BYTES)))
    return Either.left(invalid("digest", "the snapshot's digest does not match its contents (changed or truncated)"))
  const r = new ByteReader(body.subarray(SNAPSHOT_MAGIC.length))
  try {
    const key_count = r.length(ADMIN_KEYS_MAX)
    const admin_keys: string[] = []
    for (let i = 0; i < key_count; i++) admin_keys.push(toHex(r.raw(KEY_BYTES)))
    const transaction_namespace = readText(r, TRANSACTION_NAMESPACE_BYTES_MAX)
    const config = makeChainConfig({ admin_keys, transaction_namespace })
    if (Either.isLeft(config)) return Either.left(invalid("config", config.left.message))
    const height = r.varint()
    const view = r.varint()
    const last_digest = toHex(r.raw(DIGEST_BYTES))
    const state_root = toHex(r.raw(DIGEST_BYTES))
    const header = { config: config.right, height, view, last_digest: DigestHex.make(last_digest), state_root: DigestHex.make(state_root) }
    if (!Schema.is(SnapshotHeader)(header)) return Either.left(invalid("malformed", "the snapshot's header is out of range"))
    if ((height === 0n) !== (header.last_digest === GENESIS_DIGEST))
      return Either.left(invalid("malformed", "the last block digest is the genesis digest exactly when the height is 0"))
    return Either.right({ header, reader: r })
  } catch (e) {
    if (e instanceof DecodeFailure) return Either.left(invalid("malformed", `snapshot header: ${e.message} at byte ${e.offset + SNAPSHOT_MAGIC.length}`))
    throw e
  }
}

/** the header of a snapshot (its digest checked), without restoring its rows */
export const snapshotHeader = (bytes: Uint8Array): Either.Either<SnapshotHeader, SnapshotInvalid> => Either.map(readHeader(bytes), (h) => h.header)

/**
 * A new chain from a snapshot: every row checked against its table's schema and canonical form,
 * the rebuilt state's root compared with the recorded one. Fails with SnapshotInvalid.
 */
export const decodeSnapshot = (bytes: Uint8Array): Either.Either<RestoredSnapshot, SnapshotInvalid> =>
  Either.flatMap(readHeader(bytes), ({ header, reader: r }) => {
    const chain = new Chain(header.config)
    // set inside genesis' callback: an object, so that the compiler does not narrow it away
    const out: { rows: number; refused: SnapshotInvalid | null } = { rows: 0, refused: null }
    try {
      chain.genesis((store) => {
        const table_count = r.length(SNAPSHOT_TABLES.length)
        let last_table: string | null = null
        for (let t = 0; t < table_count && out.refused === null; t++) {
          const name = readText(r, TABLE_NAME_BYTES_MAX)
          const table = tableByName.get(name)
          if (table === undefined) out.refused = invalid("unknown_table", `the snapshot holds a table ${JSON.stringify(name)} this engine does not have`)
          else if (last_table !== null && !(name > last_table)) out.refused = invalid("order", `table ${name} is out of order`)
          if (table === undefined || out.refused !== null) break
          last_table = name
          const row_count = r.length(r.remaining)
          if (row_count === 0) {
            out.refused = invalid("order", `table ${name} is listed without rows`)
            break
          }
          let last_key: string | null = null
          for (let i = 0; i < row_count; i++) {
            const key = readText(r, ROW_KEY_BYTES_MAX)
            if (last_key !== null && !(key > last_key)) {
              out.refused = invalid("order", `row ${name}/${key} is out of order`)
              break
            }
            last_key = key
            const at = r.offset
            const record = r.bytes(r.remaining)
            let problem: string | null
            try {
              problem = table.restore(store, key, record)
            } catch (e) {
              if (!(e instanceof DecodeFailure)) throw e
              problem = `row ${name}/${key} (at byte ${at + SNAPSHOT_MAGIC.length}): ${e.message}`
            }
            if (problem !== null) {
              out.refused = invalid("record", problem)
              break
            }
            out.rows++
          }
        }
        if (out.refused === null) r.end()
      }, header.view)
    } catch (e) {
      if (e instanceof DecodeFailure) return Either.left(invalid("malformed", `snapshot rows: ${e.message}`))
      throw e
    }
    if (out.refused !== null) return Either.left(out.refused)
    chain.height = header.height
    chain.last_digest = header.last_digest
    const root = chain.stateRoot()
    if (root !== header.state_root) return Either.left(invalid("root", `the restored state's root ${root} is not the recorded ${header.state_root}`))
    return Either.right({ header, chain, rows: out.rows })
  })

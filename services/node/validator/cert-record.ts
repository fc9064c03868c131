/**
 * One certificates.log record (a checked frame, record-frame.ts, whose body is): a kind byte, the
 * varint height it belongs to, then the kind's bytes.
 * - CERT_FINALIZATION: a finalization certificate (wire.ts) of that height's block, or of a
 *   descendant's (an ancestor finalized by a child);
 * - CERT_EXECUTION: the height's execution certificate (wire.ts), whose item signs
 *   (height, state root, events root);
 * - CERT_ROOTS: state root (32) ‖ events root (32) as this validator executed the height, written
 *   only for a height that leaves memory without an execution certificate of exactly those roots
 *   (finalized-store.ts): so the events root of every old height can be read back from disk.
 * Readers skip a kind they do not know (an older validator reading a newer log ignores CERT_ROOTS).
 */
import { ByteReader, ByteWriter, fromHex, toHex } from "../../../engine/codec/bytes.ts"

export const CERT_FINALIZATION = 0
export const CERT_EXECUTION = 1
export const CERT_ROOTS = 2

const ROOT_BYTES = 32

export interface LoggedRoots {
  readonly state_root: string
  readonly events_root: string
}

export const encodeCertRecord = (kind: number, height: number, bytes: Uint8Array): Uint8Array => new ByteWriter(bytes.length + 16).u8(kind).varint(height).raw(bytes).finish()

/** a certificates.log record: kind byte, varint height, certificate bytes; null if it does not parse */
export const parseCertRecord = (body: Uint8Array): { kind: number; height: number; rest: Uint8Array } | null => {
  const kind = body[0]
  if (kind === undefined) return null
  try {
    const rd = new ByteReader(new Uint8Array(body.subarray(1)))
    const height = Number(rd.varint())
    return { kind, height, rest: new Uint8Array(body.subarray(1 + rd.offset)) }
  } catch {
    return null
  }
}

export const encodeRoots = (roots: LoggedRoots): Uint8Array => {
  const out = new Uint8Array(2 * ROOT_BYTES)
  out.set(fromHex(roots.state_root), 0)
  out.set(fromHex(roots.events_root), ROOT_BYTES)
  return out
}

/** the roots of a CERT_ROOTS record's rest, or null when it is not exactly two roots */
export const decodeRoots = (rest: Uint8Array): LoggedRoots | null =>
  rest.length !== 2 * ROOT_BYTES ? null : { state_root: toHex(rest.subarray(0, ROOT_BYTES)), events_root: toHex(rest.subarray(ROOT_BYTES)) }

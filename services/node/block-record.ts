/**
 * One record of blocks.log: `u32 BE body length || body || u32 BE check`, where
 * body = `state root (32) || encodeBlock(block)` and check = the first 4 bytes of SHA-256(body).
 * The state root is what executing the block produced when it was first finalized; replay must
 * reproduce it. `scanRecords` walks a log image and tells intact records from a torn tail.
 */
import { createHash } from "node:crypto"
import { decodeBlock, encodeBlock, type Block } from "../../engine/block.ts"
import { fromHex, toHex } from "../../engine/codec/bytes.ts"
import { DigestHex } from "../../engine/schema/primitives.ts"

export interface LoggedBlock {
  readonly block: Block
  readonly state_root: DigestHex
}

const HEADER_BYTES = 4
const CHECK_BYTES = 4
const ROOT_BYTES = 32

const check = (body: Uint8Array): number => createHash("sha256").update(body).digest().readUInt32BE(0)

export const encodeRecord = (block: Block, state_root: DigestHex): Buffer => {
  const blockBytes = encodeBlock(block)
  const body = Buffer.alloc(ROOT_BYTES + blockBytes.length)
  body.set(fromHex(state_root), 0)
  body.set(blockBytes, ROOT_BYTES)
  const out = Buffer.alloc(HEADER_BYTES + body.length + CHECK_BYTES)
  out.writeUInt32BE(body.length, 0)
  body.copy(out, HEADER_BYTES)
  out.writeUInt32BE(check(body), HEADER_BYTES + body.length)
  return out
}

export class CorruptLog extends Error {
  readonly _tag = "CorruptLog"
  constructor(
    readonly offset_bytes: number,
    reason: string
  ) {
    super(`blocks.log is corrupt at byte ${offset_bytes}: ${reason}`)
  }
}

export interface ScanResult {
  /** byte ranges of intact records, in order */
  readonly records: ReadonlyArray<{ readonly start: number; readonly end: number }>
  /** length of the intact prefix; bytes after it are a torn tail */
  readonly valid_bytes: number
  readonly torn_bytes: number
}

/**
 * Find the intact records of a log image. An incomplete last record, or a last record whose check
 * fails, is a torn tail (a crash mid-append). A failed check with intact records after it is
 * corruption, not a crash, and is refused.
 */
export const scanRecords = (image: Uint8Array): ScanResult => {
  const view = Buffer.from(image.buffer, image.byteOffset, image.byteLength)
  const records: Array<{ start: number; end: number }> = []
  let off = 0
  while (off < view.length) {
    if (view.length - off < HEADER_BYTES) break
    const n = view.readUInt32BE(off)
    const end = off + HEADER_BYTES + n + CHECK_BYTES
    if (n < ROOT_BYTES || end > view.length) break
    const body = view.subarray(off + HEADER_BYTES, off + HEADER_BYTES + n)
    if (check(body) !== view.readUInt32BE(off + HEADER_BYTES + n)) {
      if (end === view.length) break
      throw new CorruptLog(off, "record check failed with records after it")
    }
    records.push({ start: off, end })
    off = end
  }
  return { records, valid_bytes: off, torn_bytes: view.length - off }
}

export const decodeRecord = (image: Uint8Array, range: { readonly start: number; readonly end: number }): LoggedBlock => {
  // a plain Uint8Array view (not a Buffer), so decoded byte fields are plain Uint8Arrays
  const body = new Uint8Array(image.buffer, image.byteOffset + range.start + HEADER_BYTES, range.end - CHECK_BYTES - range.start - HEADER_BYTES)
  let block: Block
  try {
    block = decodeBlock(body.subarray(ROOT_BYTES))
  } catch (e) {
    throw new CorruptLog(range.start, `block does not decode: ${e instanceof Error ? e.message : String(e)}`)
  }
  return { block, state_root: DigestHex.make(toHex(body.subarray(0, ROOT_BYTES))) }
}

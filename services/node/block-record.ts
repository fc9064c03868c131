/**
 * One blocks.log record: a checked frame (record-frame.ts) whose body is
 * `state root (32) || encodeBlock(block)`. The state root is what executing the block produced
 * when it was first finalized; replay must reproduce it. `scanRecords` walks a log image: intact
 * records, a torn tail, or CorruptLog (a damaged length or middle record is never taken for a tail),
 * and checks that heights run 1, 2, 3, … with no gap or repeat.
 */
import { decodeBlock, encodeBlock, type Block } from "../../engine/block.ts"
import { fromHex, toHex } from "../../engine/codec/bytes.ts"
import { DigestHex } from "../../engine/schema/primitives.ts"
import { CorruptLog, encodeFrame, frameBody, scanFrames, type FrameRange } from "./record-frame.ts"

export { CorruptLog } from "./record-frame.ts"

export interface LoggedBlock {
  readonly block: Block
  readonly state_root: DigestHex
}

const ROOT_BYTES = 32

export const encodeRecordBody = (block: Block, state_root: DigestHex): Uint8Array => {
  const blockBytes = encodeBlock(block)
  const body = new Uint8Array(ROOT_BYTES + blockBytes.length)
  body.set(fromHex(state_root), 0)
  body.set(blockBytes, ROOT_BYTES)
  return body
}

export const encodeRecord = (block: Block, state_root: DigestHex): Uint8Array => encodeFrame(encodeRecordBody(block, state_root))

export const decodeRecordBody = (body: Uint8Array, offset_bytes: number): LoggedBlock => {
  if (body.length < ROOT_BYTES) throw new CorruptLog(offset_bytes, "record is shorter than a state root")
  // a plain Uint8Array view (not a Buffer), so decoded byte fields are plain Uint8Arrays
  const plain = new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  let block: Block
  try {
    block = decodeBlock(plain.subarray(ROOT_BYTES))
  } catch (e) {
    throw new CorruptLog(offset_bytes, `block does not decode: ${e instanceof Error ? e.message : String(e)}`)
  }
  return { block, state_root: DigestHex.make(toHex(plain.subarray(0, ROOT_BYTES))) }
}

export interface ScanResult {
  readonly records: ReadonlyArray<FrameRange>
  readonly valid_bytes: number
  readonly torn_bytes: number
}

export const scanRecords = (image: Uint8Array): ScanResult => {
  const scan = scanFrames(image)
  return { records: scan.frames, valid_bytes: scan.valid_bytes, torn_bytes: scan.torn_bytes }
}

export const decodeRecord = (image: Uint8Array, range: FrameRange): LoggedBlock => decodeRecordBody(frameBody(image, range), range.start)

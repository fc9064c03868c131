/**
 * Checked record framing for every append-only file a node keeps (blocks.log, the consensus
 * write-ahead log, the certificate store). One frame:
 *
 *   magic "NSF1" (4) · u32 BE body length · u32 BE header check · body · u32 BE body check
 *
 * header check = the first 4 bytes of SHA-256("nullspace/frame/header" · magic · length),
 * body check   = the first 4 bytes of SHA-256(body).
 *
 * The header is checked on its own so a damaged length is never mistaken for a torn tail (the
 * review's F3: a flipped length bit made the old scanner drop 39 of 78 finalized blocks as "torn").
 * A crash mid-append leaves a PREFIX of the last frame, so `scanFrames` accepts exactly:
 * - fewer than a header's bytes at the end, if they are a prefix of the magic (torn);
 * - a verified header whose body runs past the end of the file (torn: the length is genuine);
 * - a complete LAST frame whose body check fails (torn: the tail sectors never reached the disk).
 * Anything else (a wrong magic, a failed header check, an oversized length, a failed body check
 * with bytes after it) is corruption and is refused with its offset: never silently truncated.
 */
import { utf8 } from "../../engine/codec/bytes.ts"
import { sha256, sha256Concat } from "../../engine/crypto/sha256.ts"

export const FRAME_MAGIC = Uint8Array.of(0x4e, 0x53, 0x46, 0x31) // "NSF1"
export const FRAME_HEADER_BYTES = 12
export const FRAME_TRAILER_BYTES = 4
/** the largest body a frame may carry (a 500-transaction block with certificates is far below) */
export const FRAME_BODY_BYTES_MAX = 64 * 1024 * 1024

const HEADER_DOMAIN = utf8("nullspace/frame/header")

const u32 = (b: Uint8Array, off: number): number => (((b[off] ?? 0) << 24) | ((b[off + 1] ?? 0) << 16) | ((b[off + 2] ?? 0) << 8) | (b[off + 3] ?? 0)) >>> 0
const putU32 = (b: Uint8Array, off: number, v: number): void => {
  b[off] = v >>> 24
  b[off + 1] = (v >>> 16) & 0xff
  b[off + 2] = (v >>> 8) & 0xff
  b[off + 3] = v & 0xff
}
const lengthBytes = (n: number): Uint8Array => {
  const b = new Uint8Array(4)
  putU32(b, 0, n)
  return b
}
const headerCheck = (length: number): number => u32(sha256Concat(HEADER_DOMAIN, FRAME_MAGIC, lengthBytes(length)), 0)
const bodyCheck = (body: Uint8Array): number => u32(sha256(body), 0)

export class CorruptLog extends Error {
  readonly _tag = "CorruptLog"
  constructor(
    readonly offset_bytes: number,
    readonly reason: string
  ) {
    super(`log is corrupt at byte ${offset_bytes}: ${reason}`)
  }
}

/** one frame around `body` */
export const encodeFrame = (body: Uint8Array): Uint8Array => {
  if (body.length > FRAME_BODY_BYTES_MAX) throw new RangeError(`frame body of ${body.length} bytes exceeds ${FRAME_BODY_BYTES_MAX}`)
  const out = new Uint8Array(FRAME_HEADER_BYTES + body.length + FRAME_TRAILER_BYTES)
  out.set(FRAME_MAGIC, 0)
  putU32(out, 4, body.length)
  putU32(out, 8, headerCheck(body.length))
  out.set(body, FRAME_HEADER_BYTES)
  putU32(out, FRAME_HEADER_BYTES + body.length, bodyCheck(body))
  return out
}

export interface FrameRange {
  /** first byte of the frame */
  readonly start: number
  /** one past its last byte */
  readonly end: number
}

export interface FrameScan {
  /** intact frames, in file order */
  readonly frames: ReadonlyArray<FrameRange>
  /** length of the intact prefix; bytes after it are a torn tail */
  readonly valid_bytes: number
  readonly torn_bytes: number
}

/** the body of an intact frame (a view into `image`, no copy) */
export const frameBody = (image: Uint8Array, frame: FrameRange): Uint8Array => image.subarray(frame.start + FRAME_HEADER_BYTES, frame.end - FRAME_TRAILER_BYTES)

/** every intact frame of a log image; throws CorruptLog on anything a torn append cannot explain */
export const scanFrames = (image: Uint8Array): FrameScan => {
  const frames: FrameRange[] = []
  const size = image.length
  let off = 0
  // one iteration per frame; a frame is at least HEADER + TRAILER bytes, so this bound is never reached
  const frames_max = Math.floor(size / (FRAME_HEADER_BYTES + FRAME_TRAILER_BYTES)) + 1
  for (let i = 0; i < frames_max && off < size; i++) {
    const left = size - off
    if (left < FRAME_HEADER_BYTES) {
      const n = Math.min(left, FRAME_MAGIC.length)
      for (let k = 0; k < n; k++) if (image[off + k] !== FRAME_MAGIC[k]) throw new CorruptLog(off, "bytes after the last record are not the start of a record")
      break
    }
    for (let k = 0; k < FRAME_MAGIC.length; k++) if (image[off + k] !== FRAME_MAGIC[k]) throw new CorruptLog(off, "record magic is wrong")
    const length = u32(image, off + 4)
    if (u32(image, off + 8) !== headerCheck(length)) throw new CorruptLog(off, "record header check failed (damaged length)")
    if (length > FRAME_BODY_BYTES_MAX) throw new CorruptLog(off, `record length ${length} exceeds ${FRAME_BODY_BYTES_MAX}`)
    const end = off + FRAME_HEADER_BYTES + length + FRAME_TRAILER_BYTES
    if (end > size) break // a genuine length whose body never fully reached the disk: torn
    const body = image.subarray(off + FRAME_HEADER_BYTES, off + FRAME_HEADER_BYTES + length)
    if (bodyCheck(body) !== u32(image, off + FRAME_HEADER_BYTES + length)) {
      if (end === size) break // the last record, partly persisted: torn
      throw new CorruptLog(off, "record body check failed with records after it")
    }
    frames.push({ start: off, end })
    off = end
  }
  return { frames, valid_bytes: off, torn_bytes: size - off }
}

/**
 * The body of the one frame that starts at `offset` of a file, read with `read(position, length)`
 * (which throws CorruptLog when the file ends first): magic, header check, length bound and body
 * check are all verified again, so a record read back later is never trusted unchecked.
 */
export const readFrameAt = (read: (position: number, length: number) => Uint8Array, offset: number): Uint8Array => {
  const header = read(offset, FRAME_HEADER_BYTES)
  for (let k = 0; k < FRAME_MAGIC.length; k++) if (header[k] !== FRAME_MAGIC[k]) throw new CorruptLog(offset, "record magic is wrong")
  const length = u32(header, 4)
  if (u32(header, 8) !== headerCheck(length)) throw new CorruptLog(offset, "record header check failed (damaged length)")
  if (length > FRAME_BODY_BYTES_MAX) throw new CorruptLog(offset, `record length ${length} exceeds ${FRAME_BODY_BYTES_MAX}`)
  const rest = read(offset + FRAME_HEADER_BYTES, length + FRAME_TRAILER_BYTES)
  const body = rest.subarray(0, length)
  if (bodyCheck(body) !== u32(rest, length)) throw new CorruptLog(offset, "record body check failed")
  return body
}

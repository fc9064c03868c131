/**
 * Random access to the checked frames of an append-only file (record-frame.ts) by the offset each
 * starts at: how a validator serves finalized blocks and certificates that are no longer held in
 * memory. Every read re-verifies the frame (readFrameAt); a short file or a failed check throws
 * CorruptLog. The reader only reads: appends go through append-file.ts.
 */
import * as fs from "node:fs"
import { CorruptLog, readFrameAt } from "./record-frame.ts"

export interface RecordReader {
  /** the checked body of the frame starting at `offset_bytes`; throws CorruptLog */
  readonly read: (offset_bytes: number) => Uint8Array
  readonly close: () => void
}

/** a read is at most a frame (FRAME_BODY_BYTES_MAX); readSync returns at least a byte per call until EOF */
const READ_CALLS_MAX = 1_024

export const openRecordReader = (file: string): RecordReader => {
  const fd = fs.openSync(file, "r")
  let open = true
  const readBytes = (position: number, length: number): Uint8Array => {
    if (!open) throw new Error(`${file} is closed`)
    const out = new Uint8Array(length)
    let got = 0
    for (let i = 0; i < READ_CALLS_MAX && got < length; i++) {
      const n = fs.readSync(fd, out, got, length - got, position + got)
      if (n === 0) break
      got += n
    }
    if (got < length) throw new CorruptLog(position, `file ends ${length - got} bytes before the record does`)
    return out
  }
  return {
    read: (offset_bytes) => readFrameAt(readBytes, offset_bytes),
    close: () => {
      if (!open) return
      open = false
      fs.closeSync(fd)
    }
  }
}

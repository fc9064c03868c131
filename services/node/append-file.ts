/**
 * A durable append-only file of checked frames (record-frame.ts): the one way a node writes
 * blocks, votes and certificates to disk. `openAppendFile` scans the file; a torn tail (a crash
 * mid-append) is copied aside to `<file>.torn-<offset>` before the file is truncated to its intact
 * prefix, so no byte is ever thrown away; corruption throws CorruptLog and changes nothing.
 * `append` writes one frame and fsyncs before it returns: a caller that acts after `append` (votes,
 * publishes a block) acts only on what survives a crash. `appendAll` writes several and fsyncs once
 * (a crash keeps a prefix of them: frames are checked one by one at open).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { encodeFrame, frameBody, scanFrames, type FrameRange } from "./record-frame.ts"

export interface OpenedAppendFile {
  readonly path: string
  /** the intact frames found at open, in order: where each starts and its body (a view into the image read at open) */
  readonly records: ReadonlyArray<{ readonly offset_bytes: number; readonly body: Uint8Array }>
  /** drop `records` (and with them the image read at open) once replayed: `records` is empty afterwards */
  readonly releaseRecords: () => void
  /** bytes of torn tail moved aside at open (0 when the file was clean) */
  readonly torn_bytes: number
  /** where the torn tail was kept, or null */
  readonly torn_path: string | null
  /** append one frame and fsync; returns the offset the frame starts at; throws on an I/O failure */
  readonly append: (body: Uint8Array) => number
  /** append frames in order with one fsync for all of them (group commit); returns where each starts; throws on an I/O failure */
  readonly appendAll: (bodies: ReadonlyArray<Uint8Array>) => ReadonlyArray<number>
  readonly close: () => void
}

export const fsyncDir = (dir: string): void => {
  const fd = fs.openSync(dir, "r")
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

const keepAside = (file: string, image: Uint8Array, from: number): string => {
  let target = `${file}.torn-${from}`
  for (let i = 1; fs.existsSync(target) && i < 1_000; i++) target = `${file}.torn-${from}.${i}`
  fs.writeFileSync(target, image.subarray(from))
  const fd = fs.openSync(target, "r")
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  return target
}

export const openAppendFile = (file: string): OpenedAppendFile => {
  const existed = fs.existsSync(file)
  const image: Uint8Array = existed ? fs.readFileSync(file) : new Uint8Array(0)
  const scan = scanFrames(image)
  let torn_path: string | null = null
  if (scan.torn_bytes > 0) {
    torn_path = keepAside(file, image, scan.valid_bytes)
    fs.truncateSync(file, scan.valid_bytes)
  }
  const fd = fs.openSync(file, "a")
  fs.fsyncSync(fd)
  if (!existed || torn_path !== null) fsyncDir(path.dirname(file))
  let open = true
  /** where the next frame starts (the file is opened for appending and only this handle writes it) */
  let size_bytes = scan.valid_bytes
  const appendAll = (bodies: ReadonlyArray<Uint8Array>): ReadonlyArray<number> => {
    if (!open) throw new Error(`${file} is closed`)
    if (bodies.length === 0) return []
    const frames = bodies.map((b) => encodeFrame(b))
    const starts: number[] = []
    let at = size_bytes
    for (const f of frames) {
      starts.push(at)
      at += f.length
    }
    const rec = frames.length === 1 ? (frames[0] ?? new Uint8Array(0)) : Buffer.concat(frames)
    let written = 0
    while (written < rec.length) written += fs.writeSync(fd, rec, written, rec.length - written)
    size_bytes += written
    fs.fsyncSync(fd)
    return starts
  }
  let records: ReadonlyArray<{ readonly offset_bytes: number; readonly body: Uint8Array }> = scan.frames.map((f: FrameRange) => ({ offset_bytes: f.start, body: frameBody(image, f) }))
  return {
    path: file,
    get records() {
      return records
    },
    releaseRecords: () => {
      records = []
    },
    torn_bytes: scan.torn_bytes,
    torn_path,
    append: (body) => appendAll([body])[0] ?? size_bytes,
    appendAll,
    close: () => {
      if (!open) return
      open = false
      fs.closeSync(fd)
    }
  }
}

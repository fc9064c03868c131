import * as fs from "node:fs"
import * as path from "node:path"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { openAppendFile } from "../node/append-file.ts"
import { CorruptLog, encodeFrame, frameBody, FRAME_HEADER_BYTES, scanFrames } from "../node/record-frame.ts"
import { removeTempDirs, tempDir } from "./helpers.ts"

afterAll(removeTempDirs)

const concat = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.length
  }
  return out
}

const bodiesArb = fc.array(fc.uint8Array({ minLength: 0, maxLength: 64 }), { minLength: 1, maxLength: 12 })

describe("checked record frames", () => {
  it("round-trips any sequence of bodies", () => {
    fc.assert(
      fc.property(bodiesArb, (bodies) => {
        const image = concat(bodies.map(encodeFrame))
        const scan = scanFrames(image)
        expect(scan.torn_bytes).toBe(0)
        expect(scan.frames.map((f) => Array.from(frameBody(image, f)))).toEqual(bodies.map((b) => Array.from(b)))
      })
    )
  })

  it("a flipped length bit in ANY record is refused, never taken for a torn tail (review F3)", () => {
    fc.assert(
      fc.property(bodiesArb, fc.nat(), fc.integer({ min: 0, max: 31 }), (bodies, pick, bit) => {
        const frames = bodies.map(encodeFrame)
        const which = pick % frames.length
        const image = concat(frames)
        const start = frames.slice(0, which).reduce((n, f) => n + f.length, 0)
        const damaged = Uint8Array.from(image)
        damaged[start + 4 + (bit >> 3)]! ^= 1 << (bit & 7)
        expect(() => scanFrames(damaged)).toThrow(CorruptLog)
      })
    )
  })

  it("a crash at any byte of an append recovers exactly the records before it", () => {
    fc.assert(
      fc.property(bodiesArb, fc.nat(), (bodies, cut) => {
        const frames = bodies.map(encodeFrame)
        const image = concat(frames)
        const last = frames[frames.length - 1]!
        const before = image.length - last.length
        const at = before + (cut % last.length) // a prefix of the last frame only
        const scan = scanFrames(image.subarray(0, at))
        expect(scan.frames.length).toBe(frames.length - 1)
        expect(scan.valid_bytes).toBe(before)
        expect(scan.torn_bytes).toBe(at - before)
      })
    )
  })

  it("any single flipped bit either is refused or costs at most the last record", () => {
    fc.assert(
      fc.property(bodiesArb, fc.nat(), (bodies, pos) => {
        const frames = bodies.map(encodeFrame)
        const image = concat(frames)
        const damaged = Uint8Array.from(image)
        const at = pos % (image.length * 8)
        damaged[at >> 3]! ^= 1 << (at & 7)
        const lastStart = image.length - frames[frames.length - 1]!.length
        let scan: ReturnType<typeof scanFrames> | null = null
        try {
          scan = scanFrames(damaged)
        } catch (e) {
          expect(e).toBeInstanceOf(CorruptLog)
          return
        }
        // accepted: the flip must lie in the last record's body or trailer, and only that record is dropped
        expect(at >> 3).toBeGreaterThanOrEqual(lastStart + FRAME_HEADER_BYTES)
        expect(scan.frames.length).toBe(frames.length - 1)
      })
    )
  })

  it("refuses bytes after the last record that are not the start of one", () => {
    const image = concat([encodeFrame(Uint8Array.of(1, 2, 3)), Uint8Array.of(0x00, 0x01)])
    expect(() => scanFrames(image)).toThrow(/not the start of a record/)
  })
})

describe("append files", () => {
  it("keeps a torn tail aside byte for byte, truncates, and appends after the intact prefix", () => {
    const dir = tempDir("append")
    const file = path.join(dir, "x.log")
    const a = openAppendFile(file)
    a.append(Uint8Array.of(1))
    a.append(Uint8Array.of(2, 2))
    a.close()
    const torn = encodeFrame(Uint8Array.of(3, 3, 3)).subarray(0, 9)
    fs.appendFileSync(file, torn)
    const b = openAppendFile(file)
    expect(b.records.map((r) => Array.from(r.body))).toEqual([[1], [2, 2]])
    expect(b.torn_bytes).toBe(9)
    expect(b.torn_path).not.toBeNull()
    expect(Array.from(fs.readFileSync(b.torn_path!))).toEqual(Array.from(torn))
    b.append(Uint8Array.of(4))
    b.close()
    const c = openAppendFile(file)
    expect(c.records.map((r) => Array.from(r.body))).toEqual([[1], [2, 2], [4]])
    c.close()
  })

  it("appends a group of frames with one fsync; a crash part-way through the group keeps its intact prefix", () => {
    const dir = tempDir("append-group")
    const file = path.join(dir, "x.log")
    const a = openAppendFile(file)
    a.appendAll([Uint8Array.of(1), Uint8Array.of(2, 2), Uint8Array.of(3, 3, 3)])
    a.appendAll([])
    a.close()
    const b = openAppendFile(file)
    expect(b.records.map((r) => Array.from(r.body))).toEqual([[1], [2, 2], [3, 3, 3]])
    b.close()
    // the group's write torn inside its third frame: the first two survive as records
    const whole = fs.readFileSync(file)
    fs.writeFileSync(file, whole.subarray(0, whole.length - 2))
    const c = openAppendFile(file)
    expect(c.records.map((r) => Array.from(r.body))).toEqual([[1], [2, 2]])
    expect(c.torn_bytes).toBe(encodeFrame(Uint8Array.of(3, 3, 3)).length - 2)
    c.close()
  })

  it("refuses a corrupt file and leaves it exactly as it was", () => {
    const dir = tempDir("append-corrupt")
    const file = path.join(dir, "x.log")
    const a = openAppendFile(file)
    for (let i = 0; i < 5; i++) a.append(Uint8Array.of(i, i, i))
    a.close()
    const image = fs.readFileSync(file)
    const damaged = Buffer.from(image)
    damaged[encodeFrame(Uint8Array.of(0, 0, 0)).length * 2 + 5]! ^= 0x04 // the length of record 3
    fs.writeFileSync(file, damaged)
    expect(() => openAppendFile(file)).toThrow(/damaged length/)
    expect(fs.readFileSync(file).equals(damaged)).toBe(true)
    expect(fs.readdirSync(dir).filter((f) => f.includes("torn"))).toEqual([])
  })
})

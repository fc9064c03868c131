/**
 * RandomStream.bounded's rejection loops are bounded (REJECTION_DRAWS_MAX): a stream that only
 * yields rejected values trips the assertion instead of spinning, and one that rejects just
 * under the limit still returns the accepted value.
 */
import { describe, expect, it } from "vitest"
import { AssertionFailed } from "../assert.ts"
import { REJECTION_DRAWS_MAX, RandomStream } from "../random/stream.ts"

/** a stream whose bytes are scripted: `rejected` copies of 0xff, then 0x00 forever */
class ScriptedStream extends RandomStream {
  private served = 0
  constructor(private readonly rejected: number) {
    super(new Uint8Array(32))
  }
  override byte(): number {
    return this.served++ < this.rejected ? 0xff : 0x00
  }
}

describe("bounded rejection sampling", () => {
  it("asserts after REJECTION_DRAWS_MAX rejected byte draws", () => {
    // m = 128: limit 128, so 0xff is always rejected
    expect(() => new ScriptedStream(Number.MAX_SAFE_INTEGER).bounded(128)).toThrow(AssertionFailed)
    expect(new ScriptedStream(REJECTION_DRAWS_MAX - 1).bounded(128)).toBe(0)
    expect(() => new ScriptedStream(REJECTION_DRAWS_MAX).bounded(128)).toThrow(AssertionFailed)
  })

  it("asserts after REJECTION_DRAWS_MAX rejected u32 draws", () => {
    // m = 2³¹ + 1: limit 2³¹ + 1, so 0xffffffff is always rejected; a u32 is four bytes
    const m = 2 ** 31 + 1
    expect(() => new ScriptedStream(Number.MAX_SAFE_INTEGER).bounded(m)).toThrow(AssertionFailed)
    expect(new ScriptedStream(4 * (REJECTION_DRAWS_MAX - 1)).bounded(m)).toBe(0)
    expect(() => new ScriptedStream(4 * REJECTION_DRAWS_MAX).bounded(m)).toThrow(AssertionFailed)
  })
})
